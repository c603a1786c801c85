package notify_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// env is a whole server on a real socket with one commitment, its mail
// written to files.
type env struct {
	t          *testing.T
	d          *db.DB
	srv        *server.Server
	ts         *httptest.Server
	dir        string
	clock      *clock
	siteID     int64
	commitment int64
	lead       int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, dir: t.TempDir(), clock: &clock{t: time.Now().UTC()}}
	srv, err := server.New(ctx, d, server.Options{Now: e.clock.Now, DataDir: e.dir})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	s, err := site.BySlug(ctx, d.R(), "default")
	if err != nil {
		t.Fatal(err)
	}
	e.siteID = s.ID
	err = d.InTx(ctx, func(tx *db.Tx) error {
		o := &account.Organisation{SiteID: s.ID, Slug: "region", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس الجهة"}}
		if err := account.UpsertOrganisation(ctx, tx, o); err != nil {
			return err
		}
		e.lead = o.ID
		p := &plan.Plan{SiteID: s.ID, Slug: "plan", Title: i18n.Text{i18n.AR: "الخطة", i18n.FR: "Le plan"}, PeriodStart: 2026, PeriodEnd: 2028, Status: plan.PlanStatuses[0]}
		if err := plan.UpsertPlan(ctx, tx, p); err != nil {
			return err
		}
		c := &plan.Commitment{PlanID: p.ID, Ref: "C-01", Title: i18n.Text{i18n.AR: "الميزانية المفتوحة", i18n.FR: "Budget ouvert"},
			Lead: &plan.OrgRef{ID: o.ID}}
		if err := plan.UpsertCommitment(ctx, tx, s.ID, c); err != nil {
			return err
		}
		e.commitment = c.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// person is someone signed in, with a client that shows each redirect.
type person struct {
	*auth.User
	c *http.Client
}

func (e *env) signIn(role auth.Role, orgIDs ...int64) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

func anonymous() *person { return &person{c: &http.Client{CheckRedirect: noFollow}} }

type answer struct {
	status   int
	body     string
	location string
}

func (e *env) do(p *person, method, path string, form url.Values) answer {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, body: string(b), location: res.Header.Get("Location")}
}

func (e *env) page() string { return "/commitments/" + strconv.FormatInt(e.commitment, 10) }

func (e *env) target() string { return "commitment:" + strconv.FormatInt(e.commitment, 10) }

// postUpdate posts a progress update through the administration form.
func (e *env) postUpdate(p *person, text string) {
	e.t.Helper()
	a := e.do(p, "POST", "/admin/commitments/"+strconv.FormatInt(e.commitment, 10)+"/updates/new", url.Values{
		"occurred_on": {e.clock.Now().Format("2006-01-02")}, "status": {"in_progress"}, "progress": {"30"}, "body_ar": {text}})
	if a.status != http.StatusSeeOther {
		e.t.Fatalf("update: status %d\n%s", a.status, a.body)
	}
}

// deliver composes due notifications and sends all due mail.
func (e *env) deliver() {
	e.t.Helper()
	if _, err := e.srv.DrainMail(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) mails(addr string) []mail.Message {
	e.t.Helper()
	files, err := mail.Files(filepath.Join(e.dir, "mail"))
	if err != nil {
		e.t.Fatal(err)
	}
	var out []mail.Message
	for _, f := range files {
		m, err := mail.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(m.To) == 1 && strings.EqualFold(m.To[0], addr) {
			out = append(out, m)
		}
	}
	return out
}

var linkRE = regexp.MustCompile(`https?://\S+`)

func TestFollowNeedsSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newEnv(t, d)
		a := e.do(anonymous(), "POST", "/follow", url.Values{"target": {e.target()}, "next": {e.page()}})
		if a.status != http.StatusSeeOther || a.location != "/login?next="+url.QueryEscape(e.page()) {
			t.Fatalf("anonymous follow: %d → %q", a.status, a.location)
		}
		// The page offers the button to visitors too, and says why to sign in.
		pg := e.do(anonymous(), "GET", e.page(), nil)
		if !strings.Contains(pg.body, `action="/follow"`) || !strings.Contains(pg.body, `value="`+e.target()+`"`) {
			t.Errorf("no follow button for a visitor")
		}
		p := e.signIn(auth.Citizen)
		for _, c := range []struct {
			target string
			status int
		}{{"commitment:999999", http.StatusNotFound}, {"nonsense", http.StatusBadRequest}, {"petition:1", http.StatusNotFound}} {
			if a := e.do(p, "POST", "/follow", url.Values{"target": {c.target}}); a.status != c.status {
				t.Errorf("follow %s: %d, want %d", c.target, a.status, c.status)
			}
		}
		// A next that leaves the site is ignored.
		for _, next := range []string{"//evil.example/", `/./\evil.example`, `/\evil.example`, "/%2F/evil.example",
			"/%5C%5Cevil.example", "/\t/evil.example", "https://evil.example"} {
			if a := e.do(p, "POST", "/follow", url.Values{"target": {e.target()}, "next": {next}}); a.location != e.page() {
				t.Errorf("follow with next=%q went to %q", next, a.location)
			}
		}
	})
}

func TestFollowRateLimited(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	p := e.signIn(auth.Citizen)
	limited := false
	for i := 0; i < 30 && !limited; i++ {
		path := []string{"/follow", "/unfollow"}[i%2]
		limited = e.do(p, "POST", path, url.Values{"target": {e.target()}}).status == http.StatusTooManyRequests
	}
	if !limited {
		t.Error("30 follows in a row were all accepted")
	}
}

// TestProgressUpdateNotifies is the whole story over HTTP: people follow a
// commitment, an editor posts progress updates, an instant follower gets
// one email per update and unsubscribes with its link without signing in,
// a daily follower gets one digest with both updates.
func TestProgressUpdateNotifies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newEnv(t, d)
		instant := e.signIn(auth.Citizen)
		digest := e.signIn(auth.Citizen)
		editor := e.signIn(auth.Editor, e.lead)

		for _, p := range []*person{instant, digest, editor} {
			if a := e.do(p, "POST", "/follow", url.Values{"target": {e.target()}, "next": {e.page()}}); a.status != http.StatusSeeOther || a.location != e.page() {
				t.Fatalf("follow: %d → %q", a.status, a.location)
			}
		}
		if pg := e.do(instant, "GET", e.page(), nil); !strings.Contains(pg.body, `action="/unfollow"`) {
			t.Fatalf("the page does not show the follow")
		}
		// The daily follower chooses digests on the account page.
		if pg := e.do(digest, "GET", "/account", nil); !strings.Contains(pg.body, `name="frequency" value="instant" checked`) {
			t.Fatalf("account page lacks the notification settings:\n%s", pg.body)
		}
		if a := e.do(digest, "POST", "/account/notifications", url.Values{"frequency": {"daily"}}); a.status != http.StatusSeeOther {
			t.Fatalf("settings: %d", a.status)
		}
		if pg := e.do(digest, "GET", "/account", nil); !strings.Contains(pg.body, `value="daily" checked`) {
			t.Fatal("the daily choice was not kept")
		}
		if a := e.do(digest, "POST", "/account/notifications", url.Values{"frequency": {"hourly"}}); a.status != http.StatusBadRequest {
			t.Errorf("bad frequency: %d", a.status)
		}

		e.postUpdate(editor, "نُشرت الميزانية المفصلة")
		e.deliver()
		ms := e.mails(instant.Email)
		if len(ms) != 1 {
			t.Fatalf("instant follower got %d emails, want 1", len(ms))
		}
		if n := len(e.mails(editor.Email)); n != 0 {
			t.Errorf("the editor was told of their own update (%d emails)", n)
		}
		if n := len(e.mails(digest.Email)); n != 0 {
			t.Errorf("the daily follower got %d emails at once", n)
		}
		m := ms[0]
		if !strings.Contains(m.Subject, "الميزانية المفتوحة") || !strings.Contains(m.Text, "نُشرت الميزانية المفصلة") {
			t.Errorf("email:\n%s\n%s", m.Subject, m.Text)
		}
		lu := strings.Trim(m.Headers["List-Unsubscribe"], "<>")
		if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.Contains(m.Text, lu) {
			t.Fatalf("unsubscribe header %q not in the text:\n%s", lu, m.Text)
		}
		var pagePath string
		for _, l := range linkRE.FindAllString(m.Text, -1) {
			if u, err := url.Parse(l); err == nil && u.Path == e.page() {
				pagePath = u.RequestURI()
			}
		}
		if pagePath == "" {
			t.Errorf("no link to the commitment in:\n%s", m.Text)
		}
		u, err := url.Parse(lu)
		if err != nil {
			t.Fatal(err)
		}
		// The link needs no session: GET shows a button, and changes nothing…
		get := e.do(anonymous(), "GET", u.Path, nil)
		if get.status != http.StatusOK || !strings.Contains(get.body, `<form method="post" action="`+u.Path+`"`) {
			t.Fatalf("GET unsubscribe: %d\n%s", get.status, get.body)
		}
		if a := e.do(anonymous(), "GET", "/unsubscribe/u_nonsense", nil); a.status != http.StatusNotFound {
			t.Errorf("bad token: %d", a.status)
		}
		// …POST, as a mail client does for one-click, unsubscribes.
		post := e.do(anonymous(), "POST", u.Path, url.Values{"List-Unsubscribe": {"One-Click"}})
		if post.status != http.StatusOK {
			t.Fatalf("POST unsubscribe: %d\n%s", post.status, post.body)
		}
		if pg := e.do(instant, "GET", "/account", nil); !strings.Contains(pg.body, `value="none" checked`) {
			t.Error("the account page does not show notifications off")
		}

		e.postUpdate(editor, "انطلقت الورشة الثانية")
		e.deliver()
		if n := len(e.mails(instant.Email)); n != 1 {
			t.Errorf("after unsubscribing: %d emails, want still 1", n)
		}
		if n := len(e.mails(digest.Email)); n != 0 {
			t.Fatalf("the daily follower got %d emails before the digest time", n)
		}

		// The next morning at 08:00 in Casablanca: one digest with both updates.
		loc, _ := time.LoadLocation("Africa/Casablanca")
		e.clock.Set(notify.NextDigest(notify.Daily, loc, time.Now()))
		e.deliver()
		e.deliver()
		ds := e.mails(digest.Email)
		if len(ds) != 1 {
			t.Fatalf("daily follower got %d digests, want 1", len(ds))
		}
		for _, want := range []string{"نُشرت الميزانية المفصلة", "انطلقت الورشة الثانية", "مستجدان"} {
			if !strings.Contains(ds[0].Subject+ds[0].Text, want) {
				t.Errorf("digest lacks %q:\n%s\n%s", want, ds[0].Subject, ds[0].Text)
			}
		}
	})
}

// TestAPIUpdateNotifies: a progress update written through the API tells
// the followers too.
func TestAPIUpdateNotifies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newEnv(t, d)
		follower := e.signIn(auth.Citizen)
		if a := e.do(follower, "POST", "/follow", url.Values{"target": {e.target()}}); a.status != http.StatusSeeOther {
			t.Fatalf("follow: %d", a.status)
		}
		editor, _ := accounttest.NewUser(t, d, e.siteID, auth.Editor, e.lead)
		var token string
		err := d.InTx(t.Context(), func(tx *db.Tx) error {
			var err error
			token, err = account.CreateToken(t.Context(), tx, editor.ID, "integration", []string{"plans:write"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		body := `{"date": "` + e.clock.Now().Format("2006-01-02") + `", "text": {"ar": "تحديث عبر الواجهة"}, "status": "in_progress", "progress": 40}`
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/commitments/"+strconv.FormatInt(e.commitment, 10)+"/updates", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("API update: %d %s", res.StatusCode, b)
		}
		e.deliver()
		ms := e.mails(follower.Email)
		if len(ms) != 1 || !strings.Contains(ms[0].Text, "تحديث عبر الواجهة") || !strings.Contains(ms[0].Text, editor.Name) {
			t.Fatalf("follower's emails: %+v", ms)
		}
		if n := len(e.mails(editor.Email)); n != 0 {
			t.Errorf("the editor got %d emails", n)
		}
		// Operators see the queue in the metrics.
		m := e.do(anonymous(), "GET", "/metrics", nil)
		if !strings.Contains(m.body, `infitah_mail_queue_messages{status="sent"} 1`) ||
			!strings.Contains(m.body, `infitah_mail_queue_messages{status="failed"} 0`) {
			t.Errorf("metrics lack the mail queue:\n%s", m.body)
		}
	})
}
