// Package servertest runs the whole server over a test database on a real
// socket, and signs people in to it, for the HTTP tests of the features
// (news, events, forum, …). Those tests go through the real router,
// middleware and session cookies rather than one handler, so each needed
// the same hundred lines of set-up; they live here once. It is imported by
// tests only.
package servertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// BrowserUA is a browser's User-Agent: what SignIn's people send, so that
// the server does not take the tests for a bot (bots are, for instance, not
// counted as readers of a news post).
const BrowserUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// Env is a whole server over a database, listening on a real socket, as
// the tests' requests should meet it.
type Env struct {
	T       *testing.T
	DB      *db.DB
	TS      *httptest.Server
	Server  *server.Server // the server itself, to run its jobs (sending mail, say)
	SiteID  int64          // the first site of the database, the one tests work in
	DataDir string         // the server's data directory (uploads, mail written to files)

	// UA is the User-Agent of the people SignIn makes: BrowserUA, unless
	// a test sets it otherwise ("" sends Go's default).
	UA string
}

// New starts the server over d with its clock stopped at now and a fresh
// data directory, and stops it when the test ends. opts adjust the
// server's options further (a logger, say) before it is made.
func New(t *testing.T, d *db.DB, now time.Time, opts ...func(*server.Options)) *Env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	// The socket comes first: the server's public URL is its address, so the
	// links it emails lead back to it, as on a configured site.
	var handler http.Handler
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	o := server.Options{Now: func() time.Time { return now }, DataDir: dir, BaseURL: "http://" + ts.Listener.Addr().String()}
	for _, f := range opts {
		f(&o)
	}
	srv, err := server.New(ctx, d, o)
	if err != nil {
		ts.Close()
		t.Fatalf("server: %v", err)
	}
	handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	return &Env{T: t, DB: d, TS: ts, Server: srv, SiteID: sites[0].ID, DataDir: dir, UA: BrowserUA}
}

// Person is a client, signed in (User is set) or not. It does not follow
// redirects, so that tests see the 303s and their Location. UA is its
// User-Agent; when empty, none is set and Go's default is sent.
type Person struct {
	*auth.User
	Client *http.Client
	UA     string
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// SignIn makes a user of the site with the role, member of the
// organisations orgIDs, and signs them in through the login form, as a
// browser (with e.UA).
func (e *Env) SignIn(role auth.Role, orgIDs ...int64) *Person {
	e.T.Helper()
	u, pw := accounttest.NewUser(e.T, e.DB, e.SiteID, role, orgIDs...)
	c := accounttest.Login(e.T, e.TS.URL, u.Email, pw)
	return &Person{User: u, Client: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}, UA: e.UA}
}

// Visitor is someone not signed in, with the User-Agent ua.
func (e *Env) Visitor(ua string) *Person {
	return &Person{Client: &http.Client{CheckRedirect: noFollow}, UA: ua}
}

// Answer is what the server answered, read whole.
type Answer struct {
	Status   int
	Header   http.Header
	Body     string
	Location string // the Location header: where a redirect goes
}

// Do sends req as p and reads the answer; a failure to send ends the test.
func (e *Env) Do(p *Person, req *http.Request) Answer {
	e.T.Helper()
	if p.UA != "" {
		req.Header.Set("User-Agent", p.UA)
	}
	res, err := p.Client.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.T.Fatal(err)
	}
	return Answer{Status: res.StatusCode, Header: res.Header, Body: string(b), Location: res.Header.Get("Location")}
}

// Get asks for path (with its query) as p.
func (e *Env) Get(p *Person, path string) Answer {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodGet, e.TS.URL+path, nil)
	if err != nil {
		e.T.Fatal(err)
	}
	return e.Do(p, req)
}

// Post sends form to path as p, always as multipart/form-data (as the
// admin forms with file inputs are sent), with files as field -> (file
// name, content); files may be nil.
func (e *Env) Post(p *Person, path string, form url.Values, files map[string][2]string) Answer {
	e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for field, f := range files {
		w, _ := mw.CreateFormFile(field, f[0])
		_, _ = w.Write([]byte(f[1]))
	}
	_ = mw.Close()
	return e.post(p, path, &buf, mw.FormDataContentType())
}

// PostForm sends form to path as p, URL-encoded (as forms without files
// are sent).
func (e *Env) PostForm(p *Person, path string, form url.Values) Answer {
	e.T.Helper()
	return e.post(p, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (e *Env) post(p *Person, path string, body io.Reader, contentType string) Answer {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, e.TS.URL+path, body)
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return e.Do(p, req)
}

// Count runs a query that counts rows (SELECT COUNT(*) …) in the
// database; a failure ends the test.
func (e *Env) Count(query string, args ...any) int {
	e.T.Helper()
	var n int
	if err := e.DB.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.T.Fatalf("%s: %v", query, err)
	}
	return n
}

// PNG is a small valid PNG image, for uploads.
func PNG() string {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.String()
}

// Excerpt is the part of a page worth showing in a failure's message: from
// its <main> element on, cut at 3000 bytes.
func Excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

// Contains reports an error for each of wants that body, called what in
// the message, lacks; the test goes on, so that one run shows them all.
func Contains(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// Lacks reports an error for each of bad that body, called what in the
// message, has.
func Lacks(t testing.TB, what, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("%s has %q", what, b)
		}
	}
}
