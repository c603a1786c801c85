package comment_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// env is the whole site over the demo data on a real socket, with two
// extra kinds: "guestbook" (guests may comment on guestbook 1) and "closed" (a thing
// whose comments are closed).
type env struct {
	t          *testing.T
	d          *db.DB
	ts         *httptest.Server
	srv        *server.Server
	dataDir    string
	siteID     int64
	commitment int64
	milestone  int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatalf("demo: %v", err)
	}
	dir := t.TempDir()
	srv, err := server.New(ctx, d, server.Options{DataDir: dir,
		Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	guestbook := func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
		if id != 1 {
			return nil, db.ErrNotFound
		}
		return &comment.Subject{Title: i18n.Text{i18n.AR: "خبر", i18n.FR: "Actualité"}}, nil
	}
	must(t, srv.CommentKinds.Register(comment.Kind{Name: "guestbook", Guests: true, URL: func(id int64) string { return "/threads/guestbook/1" }, Lookup: guestbook}))
	must(t, srv.CommentKinds.Register(comment.Kind{Name: "closed", Guests: true, URL: func(id int64) string { return "/threads/closed/1" },
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			return &comment.Subject{Closed: true}, nil
		}}))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e := &env{t: t, d: d, ts: ts, srv: srv, dataDir: dir, siteID: sites[0].ID}
	must(t, d.R().QueryRowContext(ctx, `SELECT id FROM commitments WHERE site_id = ? ORDER BY id LIMIT 1`, e.siteID).Scan(&e.commitment))
	must(t, d.R().QueryRowContext(ctx, `SELECT id FROM milestones WHERE commitment_id = ? ORDER BY id LIMIT 1`, e.commitment).Scan(&e.milestone))
	return e
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// person is a signed-in user (or a visitor) whose client keeps cookies and
// does not follow redirects, so tests see each 303.
type person struct {
	*auth.User
	c *http.Client
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (e *env) signIn(role auth.Role) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

func (e *env) anonymous() *person { return &person{c: &http.Client{CheckRedirect: noFollow}} }

type answer struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (e *env) do(p *person, req *http.Request) answer {
	e.t.Helper()
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, header: res.Header, body: string(b), location: res.Header.Get("Location")}
}

func (e *env) get(p *person, path string) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	must(e.t, err)
	return e.do(p, req)
}

func (e *env) post(p *person, path string, form url.Values) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	must(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(p, req)
}

func (e *env) target() string { return "commitment:" + itoa(e.commitment) }

// comment posts body on the commitment as p and returns the new comment's id.
func (e *env) comment(p *person, body string, extra ...string) int64 {
	e.t.Helper()
	form := url.Values{"target": {e.target()}, "body": {body}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	a := e.post(p, "/comments", form)
	if a.status != http.StatusSeeOther {
		e.t.Fatalf("POST /comments: %d\n%s", a.status, mainPart(a.body))
	}
	m := regexp.MustCompile(`#comment-(\d+)$`).FindStringSubmatch(a.location)
	if m == nil {
		e.t.Fatalf("POST /comments: redirected to %q", a.location)
	}
	return atoi(m[1])
}

// mails returns the messages sent so far to addr, oldest first.
func (e *env) mails(addr string) []mail.Message {
	e.t.Helper()
	if _, err := e.srv.DrainMail(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	files, err := mail.Files(filepath.Join(e.dataDir, "mail"))
	must(e.t, err)
	var out []mail.Message
	for _, f := range files {
		m, err := mail.ReadFile(f)
		must(e.t, err)
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

// mainPart returns the <main> part of a page, for failure messages.
func mainPart(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

func itoa(n int64) string { return strconvFormat(n) }

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

var regexpLink = regexp.MustCompile(`https?://\S+/comments/confirm\?token=[A-Za-z0-9_-]+`)

// buttonRE finds the form of an emailed link's page and the token it posts.
var buttonRE = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>.*?<input type="hidden" name="token" value="([^"]*)">`)

// press opens an emailed link (path and query) as p, as a browser without
// JavaScript does, and presses the button of its page.
func (e *env) press(p *person, link string) answer {
	e.t.Helper()
	a := e.get(p, link)
	if a.status != http.StatusOK {
		e.t.Fatalf("GET %s: %d\n%s", link, a.status, mainPart(a.body))
	}
	m := buttonRE.FindStringSubmatch(a.body)
	if m == nil {
		e.t.Fatalf("no form with a token at %s:\n%s", link, mainPart(a.body))
	}
	return e.post(p, html.UnescapeString(m[1]), url.Values{"token": {html.UnescapeString(m[2])}})
}
