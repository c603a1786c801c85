package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// inputEnv is the demo site over a real socket, with a citizen signed in
// and an administrator's API token that may write plans and comments.
type inputEnv struct {
	*servertest.Env
	citizen      *servertest.Person
	token        string
	commitmentID int64
	eventID      int64
}

func newInputEnv(t *testing.T, d *db.DB) *inputEnv {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	e := &inputEnv{Env: servertest.New(t, d, time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC))}
	e.citizen = e.SignIn(auth.Citizen)
	admin, _ := accounttest.NewUser(t, d, e.SiteID, auth.Admin)
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		e.token, err = account.CreateToken(ctx, tx, admin.ID, "integration", []string{"plans:write", "comments:write", "proposals:write"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for q, dst := range map[string]*int64{
		`SELECT MIN(id) FROM commitments WHERE site_id = ?`: &e.commitmentID,
		`SELECT MIN(id) FROM events WHERE site_id = ?`:      &e.eventID,
	} {
		if err := d.R().QueryRowContext(ctx, q, e.SiteID).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// send sends a raw body (or none) as p, with a bearer token when given.
func (e *inputEnv) send(p *servertest.Person, method, path, ctype, body, token string) servertest.Answer {
	e.T.Helper()
	req, err := http.NewRequest(method, e.TS.URL+path, strings.NewReader(body))
	if err != nil {
		e.T.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.Do(p, req)
}

// badTexts are what a form field may not hold: invalid UTF-8, NUL, the
// other C0 controls but tab and line breaks, DEL and the C1 controls.
var badTexts = map[string]string{
	"invalid UTF-8": "\xff\xfe",
	"latin-1":       "caf\xe9",
	"NUL":           "a\x00b",
	"bell":          "a\x07b",
	"escape":        "\x1b[31mred",
	"vertical tab":  "a\vb",
	"DEL":           "a\x7fb",
	"C1 next line":  "a\u0085b",
	"C1 CSI":        "a\u009bb",
	"surrogate":     "\xed\xa0\x80", // U+D800 written as UTF-8
}

// TestBadTextIsRefused posts invalid UTF-8 and control characters to the
// forms, a query string and the API on both databases: each is answered 400
// with the message in the person's language, never 500, and nothing is
// stored; the same request with good text goes through.
func TestBadTextIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInputEnv(t, d)
		visitor := e.Visitor(servertest.BrowserUA)
		target := "commitment:" + itoa(e.commitmentID)
		register := "/events/" + itoa(e.eventID) + "/register"
		messages := map[string]string{"ar": "رموز غير مقبولة", "fr": "caractères non admis"}
		comments := e.Count(`SELECT COUNT(*) FROM comments`)
		users := e.Count(`SELECT COUNT(*) FROM users`)
		registrations := e.Count(`SELECT COUNT(*) FROM event_registrations`)
		updatesBefore := e.Count(`SELECT COUNT(*) FROM progress_updates`)

		forms := []struct {
			who  *servertest.Person
			path string
			form func(bad string) url.Values
		}{
			{e.citizen, "/comments", func(bad string) url.Values { return url.Values{"target": {target}, "body": {"Comment " + bad}} }},
			{e.citizen, "/comments", func(bad string) url.Values { return url.Values{"target": {target}, "body" + bad: {"A comment"}} }},
			{visitor, "/signup", func(bad string) url.Values {
				return url.Values{"name": {"Name " + bad}, "email": {"new.person@example.ma"}, "password": {"a long enough password"}}
			}},
			{visitor, "/signup", func(bad string) url.Values {
				return url.Values{"name": {"Name"}, "email": {"new.person@example.ma"}, "password": {"password " + bad + " long"}}
			}},
			{visitor, register, func(bad string) url.Values {
				return url.Values{"name": {"Guest " + bad}, "email": {"guest@example.ma"}}
			}},
		}
		for what, bad := range badTexts {
			for lang, msg := range messages {
				for _, f := range forms {
					a := e.PostForm(f.who, f.path+"?lang="+lang, f.form(bad))
					if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, msg) {
						t.Errorf("POST %s with %s (%s): %d\n%s", f.path, what, lang, a.Status, servertest.Excerpt(a.Body))
					}
				}
				for _, path := range []string{"/search?q=" + url.QueryEscape(bad), "/search?" + url.QueryEscape(bad) + "=x",
					"/news?tag=" + url.QueryEscape(bad), "/news/" + url.PathEscape(bad), "/plans/" + url.PathEscape(bad)} {
					a := e.Get(visitor, path+"&lang="+lang)
					if strings.Contains(path, "/news/") || strings.Contains(path, "/plans/") {
						a = e.Get(visitor, path+"?lang="+lang)
					}
					if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, msg) {
						t.Errorf("GET %s (%s): %d\n%s", path, lang, a.Status, servertest.Excerpt(a.Body))
					}
				}
			}
		}
		// Multipart forms are checked part by part: values, names and file names.
		admin := e.SignIn(auth.Admin)
		for _, form := range []struct {
			values url.Values
			files  map[string][2]string
		}{
			{url.Values{"title_ar": {"خبر \x00"}, "slug": {"x"}}, nil},
			{url.Values{"title_ar\xff": {"خبر"}}, nil},
			{url.Values{"title_ar": {"خبر"}}, map[string][2]string{"cover": {"cover\xff.png", servertest.PNG()}}},
			{url.Values{"title_ar": {"خبر"}}, map[string][2]string{"cover": {"cover\u0085.png", servertest.PNG()}}},
		} {
			a := e.Post(admin, "/admin/news/new?lang=fr", form.values, form.files)
			if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, messages["fr"]) {
				t.Errorf("multipart news post %q: %d\n%s", form.values, a.Status, servertest.Excerpt(a.Body))
			}
		}

		// The API: JSON strings with control characters, escaped or raw,
		// lone surrogates and invalid UTF-8 are a problem document.
		updates := "/api/v1/commitments/" + itoa(e.commitmentID) + "/updates"
		for _, body := range []string{
			`{"date":"2023-02-01","text":{"ar":"\ud800"},"status":"in_progress","progress":10}`,
			`{"date":"2023-02-01","text":{"ar":"x\udc00y"},"status":"in_progress","progress":10}`,
			`{"date":"2023-02-01","text":{"ar":"a\u0000b"},"status":"in_progress","progress":10}`,
			`{"date":"2023-02-01","text":{"ar":"a\u0085b"},"status":"in_progress","progress":10}`,
			"{\"date\":\"2023-02-01\",\"text\":{\"ar\":\"\xff\xfe\"},\"status\":\"in_progress\",\"progress\":10}",
		} {
			for lang, msg := range messages {
				for _, req := range []struct{ method, path, ctype, body string }{
					{"POST", updates, "application/json", body},
					{"PATCH", "/api/v1/commitments/" + itoa(e.commitmentID), "application/merge-patch+json", `{"title":` + body[strings.Index(body, `{"ar"`):strings.Index(body, `},"status"`)+1] + `}`},
					{"POST", "/api/v1/comments", "application/json", `{"target":"` + target + `","body":` + body[strings.Index(body, `{"ar":`)+6:strings.Index(body, `},"status"`)] + `}`},
				} {
					a := e.send(visitor, req.method, req.path+"?lang="+lang, req.ctype, req.body, e.token)
					if a.Status != http.StatusBadRequest || a.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(a.Body, msg) {
						t.Errorf("%s %s %s (%s): %d %s\n%s", req.method, req.path, req.body, lang, a.Status, a.Header.Get("Content-Type"), a.Body)
					}
				}
			}
		}
		if a := e.send(visitor, "GET", "/api/v1/commitments?plan=%00", "", "", ""); a.Status != http.StatusBadRequest ||
			a.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("API query with NUL: %d %s", a.Status, a.Header.Get("Content-Type"))
		}

		if n := e.Count(`SELECT COUNT(*) FROM comments`); n != comments {
			t.Errorf("comments went from %d to %d", comments, n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM users`); n != users+1 { // the administrator signed in below
			t.Errorf("users went from %d to %d", users, n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM event_registrations`); n != registrations {
			t.Errorf("registrations went from %d to %d", registrations, n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM progress_updates`); n != updatesBefore {
			t.Errorf("progress updates went from %d to %d", updatesBefore, n)
		}

		// Good text, line breaks and tabs included, goes through.
		if a := e.PostForm(e.citizen, "/comments", url.Values{"target": {target}, "body": {"Line one\r\nline two\ttabbed — نص"}}); a.Status != http.StatusSeeOther {
			t.Errorf("good comment: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		if got := e.Count(`SELECT COUNT(*) FROM comments WHERE body = ?`, "Line one\nline two\ttabbed — نص"); got != 1 {
			t.Errorf("the good comment is not stored with a line feed (%d rows)", got)
		}
		if a := e.Get(visitor, "/search?q="+url.QueryEscape("ميزانية")); a.Status != http.StatusOK {
			t.Errorf("good search: %d", a.Status)
		}
		if a := e.send(visitor, "POST", "/api/v1/comments", "application/json",
			`{"target":"`+target+`","body":"Good \u00e9 \ud83d\ude00\nline"}`, e.token); a.Status != http.StatusCreated {
			t.Errorf("good API comment: %d %s", a.Status, a.Body)
		}
	})
}
