package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
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

// TestOversizeInputIsRefused sends texts longer than their bounds to the
// API and to the forms, on both databases: each is answered 422 with a
// message at the field in the person's language (the page keeps what was
// typed; the API lists the field and its bound), and nothing is stored.
func TestOversizeInputIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInputEnv(t, d)
		ctx := context.Background()
		var planID, consultationID int64
		if err := d.R().QueryRowContext(ctx, `SELECT MIN(id) FROM plans WHERE site_id = ?`, e.SiteID).Scan(&planID); err != nil {
			t.Fatal(err)
		}
		if err := d.R().QueryRowContext(ctx, `SELECT MIN(id) FROM consultations WHERE site_id = ?`, e.SiteID).Scan(&consultationID); err != nil {
			t.Fatal(err)
		}
		// The consultation and the event's registration are open at the
		// test's clock, so only the length is wrong.
		now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE consultations SET opens_at = ?, closes_at = ?, published_at = ?, closed_at = NULL WHERE id = ?`,
				db.Timestamp{Time: now.AddDate(0, 0, -7)}, db.Timestamp{Time: now.AddDate(0, 0, 7)}, db.Timestamp{Time: now.AddDate(0, 0, -8)}, consultationID)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE events SET registration = ?, capacity = 0, registration_deadline = NULL, starts_at = ?, ends_at = ? WHERE id = ?`,
				true, db.Timestamp{Time: now.AddDate(0, 0, 10)}, db.Timestamp{Time: now.AddDate(0, 0, 10).Add(2 * time.Hour)}, e.eventID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		long := func(n int) string { return strings.Repeat("ن", n) }
		counts := func() [5]int {
			return [5]int{e.Count(`SELECT COUNT(*) FROM commitments`), e.Count(`SELECT COUNT(*) FROM comments`),
				e.Count(`SELECT COUNT(*) FROM proposals`), e.Count(`SELECT COUNT(*) FROM news_posts`), e.Count(`SELECT COUNT(*) FROM events`)}
		}
		before := counts()

		// The API: a commitment title of 100,000 characters, created or patched.
		for _, tc := range []struct{ method, path, body, field string }{
			{"POST", "/api/v1/plans/" + itoa(planID) + "/commitments", `{"ref":"LONG-1","title":{"ar":"` + long(100000) + `"}}`, "title.ar"},
			{"PATCH", "/api/v1/commitments/" + itoa(e.commitmentID), `{"title":{"fr":"` + long(plan.MaxTitleLen+1) + `"}}`, "title.fr"},
			{"POST", "/api/v1/commitments/" + itoa(e.commitmentID) + "/updates",
				`{"date":"2023-02-01","text":{"ar":"` + long(plan.MaxTextLen+1) + `"},"status":"in_progress","progress":10}`, "text.ar"},
		} {
			for lang, msg := range map[string]string{"ar": "طويلة جداً", "fr": "trop longue"} {
				ctype := "application/json"
				if tc.method == "PATCH" {
					ctype = "application/merge-patch+json"
				}
				a := e.send(e.Visitor(""), tc.method, tc.path+"?lang="+lang, ctype, tc.body, e.token)
				var p struct {
					Errors []struct{ Field, Code, Message string } `json:"errors"`
				}
				_ = json.Unmarshal([]byte(a.Body), &p)
				if a.Status != http.StatusUnprocessableEntity || a.Header.Get("Content-Type") != "application/problem+json" || len(p.Errors) == 0 ||
					p.Errors[0].Field != tc.field || p.Errors[0].Code != "too_long" || !strings.Contains(p.Errors[0].Message, msg) {
					t.Errorf("%s %s (%s): %d %s %+v", tc.method, tc.path, lang, a.Status, a.Header.Get("Content-Type"), p.Errors)
				}
			}
		}
		// Too many items in a list.
		evidence := strings.Repeat(`{"url":"https://example.ma/e"},`, plan.MaxEvidence+1)
		a := e.send(e.Visitor(""), "POST", "/api/v1/commitments/"+itoa(e.commitmentID)+"/updates?lang=en", "application/json",
			`{"date":"2023-02-01","text":{"ar":"نص"},"status":"in_progress","progress":10,"evidence":[`+strings.TrimSuffix(evidence, ",")+`]}`, e.token)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, `"field":"evidence","code":"too_many","message":"Too many items: at most 20."`) {
			t.Errorf("%d pieces of evidence: %d %s", plan.MaxEvidence+1, a.Status, a.Body)
		}
		a = e.send(e.Visitor(""), "POST", "/api/v1/consultations/"+itoa(consultationID)+"/proposals?lang=fr", "application/json",
			`{"kind":"general","title":"`+long(consult.MaxTitle+1)+`","body":"`+long(consult.MinBody)+`"}`, e.token)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, `"field":"title"`) {
			t.Errorf("API proposal with a long title: %d %s", a.Status, a.Body)
		}

		// The forms: each comes back with the text kept and the message at its field.
		admin := e.SignIn(auth.Admin)
		forms := []struct {
			what, path string
			who        *servertest.Person
			multipart  bool
			values     url.Values
			wants      map[string]string // language -> message
		}{
			{"comment", "/comments", e.citizen, false, url.Values{"target": {"commitment:" + itoa(e.commitmentID)}, "body": {long(comment.MaxBodyLen + 1)}},
				map[string]string{"ar": "التعليق طويل جداً", "fr": "Le commentaire est trop long"}},
			{"proposal", "/consultations/" + itoa(consultationID) + "/proposals", e.citizen, false,
				url.Values{"kind": {"general"}, "title": {long(consult.MaxTitle + 1)}, "body": {long(consult.MaxBody + 1)}},
				map[string]string{"ar": "ما بين 5 و200 حرفا", "fr": "entre 5 et 200 caractères"}},
			{"news title", "/admin/news/new", admin, true, url.Values{"title_ar": {long(news.MaxTitleLen + 1)}, "body_ar": {"نص"}, "slug": {"long-title"}},
				map[string]string{"ar": "300 حرفاً على الأكثر", "fr": "300 caractères au plus"}},
			{"event title", "/admin/events/new", admin, true, url.Values{"title_ar": {long(event.MaxTitleLen + 1)}, "slug": {"long-event"}, "kind": {"forum"},
				"timezone": {"Africa/Casablanca"}, "starts_at": {"2023-04-01T10:00"}, "ends_at": {"2023-04-01T12:00"}, "place_ar": {"الرباط"}},
				map[string]string{"ar": "300 حرفاً على الأكثر", "fr": "300 caractères au plus"}},
			{"registration name", "/events/" + itoa(e.eventID) + "/register", e.Visitor(servertest.BrowserUA), false,
				url.Values{"name": {long(event.MaxGuestNameLen + 1)}, "email": {"guest@example.ma"}},
				map[string]string{"ar": "120 حرفاً على الأكثر", "fr": "120 caractères au plus"}},
			{"sign-up name", "/signup", e.Visitor(servertest.BrowserUA), false,
				url.Values{"name": {long(account.MaxPersonNameLen + 1)}, "email": {"long.name@example.ma"}, "password": {"a long enough password"}},
				map[string]string{"ar": "الاسم طويل جدا", "fr": "Le nom est trop long (120 caractères au plus)"}},
		}
		for _, f := range forms {
			for lang, msg := range f.wants {
				path := f.path + "?lang=" + lang
				var a servertest.Answer
				if f.multipart {
					a = e.Post(f.who, path, f.values, nil)
				} else {
					a = e.PostForm(f.who, path, f.values)
				}
				kept := ""
				for _, vs := range f.values {
					if len(vs[0]) > len(kept) {
						kept = vs[0]
					}
				}
				if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, msg) || !strings.Contains(a.Body, kept) {
					t.Errorf("%s (%s): %d, message %q shown %v, value kept %v\n%s", f.what, lang, a.Status, msg,
						strings.Contains(a.Body, msg), strings.Contains(a.Body, kept), servertest.Excerpt(a.Body))
				}
			}
		}
		// The forms tell the browser the same bounds.
		for path, want := range map[string]string{"/admin/news/new": `name="title_ar" value="" lang="ar" dir="rtl" maxlength="300"`,
			"/admin/events/new": `maxlength="30000"`, "/admin/plans/new": `maxlength="300"`, "/admin/forum/members/new": `maxlength="200"`} {
			if a := e.Get(admin, path); a.Status != http.StatusOK || !strings.Contains(a.Body, want) {
				t.Errorf("GET %s: %d, lacks %s", path, a.Status, want)
			}
		}
		if after := counts(); after != before {
			t.Errorf("rows (commitments, comments, proposals, news, events) went from %v to %v", before, after)
		}
	})
}
