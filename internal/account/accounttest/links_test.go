package accounttest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// wantLinkHeaders checks that a page reached with a token in its address is
// neither cached nor leaks the address in a Referer.
func wantLinkHeaders(t *testing.T, what string, p page) {
	t.Helper()
	if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", what, cc)
	}
	if rp := p.header.Get("Referrer-Policy"); rp != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q, want no-referrer", what, rp)
	}
}

// crossSite posts form to path as another site's page would.
func (e *env) crossSite(path string, form url.Values) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := e.client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return read(e.t, res)
}

// TestVerifyLinkActsOnlyOnPost: opening the verification link (as a mail
// scanner does, as often as it likes) verifies nothing; the page explains
// the button and carries the token; the button's POST verifies, once.
func TestVerifyLinkActsOnlyOnPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		email := "salma@example.ma"
		wantStatus(t, "sign-up", e.post(e.client(), "/signup", url.Values{"name": {"Salma"}, "email": {email}, "password": {goodPassword}}), 200)
		link := e.link(email, "/verify")
		token := mustQuery(t, link, "token")

		scanner := &http.Client{} // no cookies, like a link checker
		for _, lang := range []string{"", "&lang=fr", "&lang=en"} {
			res, err := scanner.Get(e.ts.URL + link + lang)
			if err != nil {
				t.Fatal(err)
			}
			p := read(t, res)
			wantStatus(t, "verify link "+lang, p, 200)
			wantLinkHeaders(t, "verify link", p)
			action, got := button(t, p)
			if action != "/verify" || got != token {
				t.Errorf("the page's form posts %q to %s, want the link's token to /verify", got, action)
			}
		}
		wantText(t, "arabic page", e.get(e.client(), link).main(), "تأكيد عنواني", "اضغطوا على الزر")
		wantText(t, "french page", e.get(e.client(), link+"&lang=fr").main(), "Confirmer mon adresse")
		u, err := account.UserByEmail(ctx, d.R(), e.siteID, email)
		if err != nil || u.Verified() {
			t.Fatalf("opening the link verified the address (%v)", err)
		}

		// Another site cannot press the button for the person.
		if p := e.crossSite("/verify", url.Values{"token": {token}}); p.status != http.StatusForbidden {
			t.Errorf("cross-site POST: %d, want 403", p.status)
		}
		if u, _ := account.UserByEmail(ctx, d.R(), e.siteID, email); u.Verified() {
			t.Fatal("a cross-site POST verified the address")
		}

		p := e.post(e.client(), "/verify?lang=en", url.Values{"token": {token}})
		wantStatus(t, "verify", p, 200)
		wantLinkHeaders(t, "verified", p)
		wantText(t, "verified", p.main(), "Address confirmed")
		if u, _ := account.UserByEmail(ctx, d.R(), e.siteID, email); !u.Verified() {
			t.Fatal("the POST did not verify the address")
		}

		// Used: refused, in the person's language, on the POST and on the link.
		p = e.post(e.client(), "/verify?lang=fr", url.Values{"token": {token}})
		wantStatus(t, "verify again", p, 400)
		wantText(t, "used link", p.main(), "Ce lien ne fonctionne plus")
		p = e.get(e.client(), link+"&lang=en")
		wantStatus(t, "used link opened", p, 400)
		wantLinkHeaders(t, "used link opened", p)
		wantText(t, "used link opened", p.main(), "This link no longer works")
		if strings.Contains(p.body, `name="token"`) {
			t.Error("a used link still offers its button")
		}
		wantStatus(t, "no token", e.post(e.client(), "/verify", nil), 400)
	})
}

// TestEmailChangeLinkActsOnlyOnPost: the link sent to the new address shows
// the address and a button; opening it changes nothing.
func TestEmailChangeLinkActsOnlyOnPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		wantStatus(t, "change", e.post(c, "/account/email", url.Values{"email": {"fresh@example.ma"}, "password": {pw}}), 200)
		link := e.link("fresh@example.ma", "/email/confirm")
		token := mustQuery(t, link, "token")

		for range 2 {
			p := e.get(e.client(), link+"&lang=en")
			wantStatus(t, "email link", p, 200)
			wantLinkHeaders(t, "email link", p)
			wantText(t, "email link", p.main(), "fresh@example.ma", "Use this address")
			if action, got := button(t, p); action != "/email/confirm" || got != token {
				t.Errorf("the page's form posts %q to %s", got, action)
			}
		}
		if r, _ := account.UserByID(ctx, d.R(), e.siteID, u.ID); r.Email != u.Email {
			t.Fatalf("opening the link changed the address to %s", r.Email)
		}
		if p := e.crossSite("/email/confirm", url.Values{"token": {token}}); p.status != http.StatusForbidden {
			t.Errorf("cross-site POST: %d, want 403", p.status)
		}

		p := e.post(e.client(), "/email/confirm?lang=en", url.Values{"token": {token}})
		wantStatus(t, "confirm", p, 200)
		wantText(t, "confirmed", p.main(), "Address changed")
		if r, _ := account.UserByID(ctx, d.R(), e.siteID, u.ID); r.Email != "fresh@example.ma" {
			t.Fatalf("the POST left the address at %s", r.Email)
		}
		p = e.post(e.client(), "/email/confirm", url.Values{"token": {token}})
		wantStatus(t, "confirm again", p, 400)
		wantText(t, "used link", p.main(), "هذا الرابط لم يعد صالحا")
		wantStatus(t, "used link opened", e.get(e.client(), link), 400)
	})
}

// TestResetLinkActsOnlyOnPost: the reset link opens the form (the token is
// checked, not used), without caching or a Referer.
func TestResetLinkActsOnlyOnPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		wantStatus(t, "reset request", e.post(e.client(), "/password/reset", url.Values{"email": {u.Email}}), 200)
		link := e.link(u.Email, "/password/reset/confirm")
		for range 2 {
			p := e.get(e.client(), link)
			wantStatus(t, "reset link", p, 200)
			wantLinkHeaders(t, "reset link", p)
			if _, got := button(t, p); got != mustQuery(t, link, "token") {
				t.Errorf("the form carries %q", got)
			}
		}
		accounttest.Login(t, e.ts.URL, u.Email, pw) // unchanged
		p := e.post(e.client(), "/password/reset/confirm", url.Values{"token": {mustQuery(t, link, "token")}, "password": {"a new enough passphrase"}})
		wantStatus(t, "reset", p, 200)
		p = e.get(e.client(), link+"&lang=en")
		wantStatus(t, "used reset link", p, 400)
		wantLinkHeaders(t, "used reset link", p)
		wantText(t, "used reset link", p.main(), "This link no longer works")
	})
}

// wantText reports each of wants that body, called what, lacks.
func wantText(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, body)
		}
	}
}
