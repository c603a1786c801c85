package comment_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestConfirmLinkActsOnlyOnPost: opening a guest's confirmation link (as a
// mail scanner does, however often) publishes nothing; its page says what
// the button does in the visitor's language and carries the token, without
// caching or a Referer; only the button's same-site POST publishes, once.
func TestConfirmLinkActsOnlyOnPost(t *testing.T) { dbtest.Each(t, testConfirmLinkActsOnlyOnPost) }

func testConfirmLinkActsOnlyOnPost(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	anon := e.anonymous()
	email := "someone.else@example.ma"
	if r := e.post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "body": {"Words put in another's mouth"},
		"name": {"Impostor"}, "email": {email}}); r.status != http.StatusOK {
		t.Fatalf("guest post: %d", r.status)
	}
	ms := e.mails(email)
	if len(ms) != 1 {
		t.Fatalf("%d mails", len(ms))
	}
	u, err := url.Parse(regexpLink.FindString(ms[0].Text))
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no link in:\n%s", ms[0].Text)
	}
	link, token := u.RequestURI(), u.Query().Get("token")
	status := func() string {
		t.Helper()
		var s string
		must(t, d.R().QueryRowContext(context.Background(), `SELECT status FROM comments WHERE guest_name = 'Impostor'`).Scan(&s))
		return s
	}
	headers := func(what string, a answer) {
		t.Helper()
		if cc := a.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q", what, cc)
		}
		if rp := a.header.Get("Referrer-Policy"); rp != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q", what, rp)
		}
	}

	for _, c := range []struct{ lang, want string }{{"ar", "نشر تعليقي"}, {"fr", "Publier mon commentaire"}, {"en", "Publish my comment"}} {
		a := e.get(anon, link+"&lang="+c.lang)
		if a.status != http.StatusOK {
			t.Fatalf("GET the link (%s): %d", c.lang, a.status)
		}
		headers("link page", a)
		m := buttonRE.FindStringSubmatch(a.body)
		if m == nil || m[1] != "/comments/confirm" || m[2] != token || !strings.Contains(a.body, c.want) {
			t.Errorf("the link's page (%s) lacks its button or token:\n%s", c.lang, mainPart(a.body))
		}
	}
	if s := status(); s != "pending" {
		t.Fatalf("after opening the link the comment is %s, want pending", s)
	}
	if strings.Contains(e.get(anon, "/threads/guestbook/1").body, "another's mouth") {
		t.Fatal("opening the link published the comment")
	}

	// Another site's page cannot press the button.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/comments/confirm", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if a := e.do(anon, req); a.status != http.StatusForbidden || status() != "pending" {
		t.Errorf("cross-site POST: %d, comment %s", a.status, status())
	}

	a := e.post(anon, "/comments/confirm?lang=en", url.Values{"token": {token}})
	if a.status != http.StatusOK || !strings.Contains(a.body, "your comment is published") {
		t.Fatalf("POST: %d\n%s", a.status, mainPart(a.body))
	}
	headers("confirmed", a)
	if s := status(); s != "visible" {
		t.Fatalf("after the POST the comment is %s", s)
	}

	// The link is used up: refused, in the visitor's language, on both methods.
	a = e.post(anon, "/comments/confirm?lang=fr", url.Values{"token": {token}})
	if a.status != http.StatusBadRequest || !strings.Contains(a.body, "Ce lien n’est pas valide") {
		t.Errorf("second POST: %d\n%s", a.status, mainPart(a.body))
	}
	a = e.get(anon, link+"&lang=en")
	if a.status != http.StatusBadRequest || !strings.Contains(a.body, "This link is not valid") || strings.Contains(a.body, `name="token"`) {
		t.Errorf("used link opened: %d\n%s", a.status, mainPart(a.body))
	}
	headers("used link", a)
	if a := e.get(anon, "/comments/confirm?token=nonsense"); a.status != http.StatusBadRequest {
		t.Errorf("unknown token: %d", a.status)
	}
}
