package accounttest_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// clock is a settable clock for the servers' Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a whole server on a real socket, its outgoing mail written to files.
type env struct {
	t         *testing.T
	d         *db.DB
	ts        *httptest.Server
	dataDir   string
	clock     *clock
	siteID    int64
	passwords *auth.Hasher // the servers' password hasher; nil for the process's
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	return newEnvHasher(t, d, nil)
}

// newEnvHasher is newEnv with the servers' password hasher h, whose work
// the test can then watch (or nil for the process's).
func newEnvHasher(t *testing.T, d *db.DB, h *auth.Hasher) *env {
	t.Helper()
	e := &env{t: t, d: d, dataDir: t.TempDir(), clock: &clock{t: time.Now().UTC()}, passwords: h}
	e.ts = e.serve()
	s, err := site.BySlug(context.Background(), d.R(), "default")
	if err != nil {
		t.Fatal(err)
	}
	e.siteID = s.ID
	return e
}

// serve starts one more server over the same database and data directory.
func (e *env) serve() *httptest.Server {
	e.t.Helper()
	srv, err := server.New(context.Background(), e.d, server.Options{Now: e.clock.Now, DataDir: e.dataDir, Passwords: e.passwords})
	if err != nil {
		e.t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	e.t.Cleanup(ts.Close)
	return ts
}

// client is a browser without JavaScript: a cookie jar, following redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// clientFrom is a browser whose connections come from the loopback address
// ip (all of 127.0.0.0/8 is this machine), so that the server sees it as
// another client than the one at 127.0.0.1.
func (e *env) clientFrom(ip string) *http.Client {
	e.t.Helper()
	addr := net.ParseIP(ip)
	if addr == nil || !addr.IsLoopback() {
		e.t.Fatalf("clientFrom(%q): not a loopback address", ip)
	}
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: addr}}
	tr := &http.Transport{Proxy: nil, DialContext: dialer.DialContext}
	e.t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Jar: jar, Transport: tr}
}

// noFollow makes c stop at redirects, so that their Location can be read.
func noFollow(c *http.Client) *http.Client {
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

type page struct {
	status int
	url    *url.URL
	body   string
	header http.Header
}

func (e *env) get(c *http.Client, path string) page {
	e.t.Helper()
	res, err := c.Get(e.ts.URL + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	return read(e.t, res)
}

func (e *env) post(c *http.Client, path string, form url.Values) page {
	e.t.Helper()
	res, err := c.PostForm(e.ts.URL+path, form)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	return read(e.t, res)
}

func read(t *testing.T, res *http.Response) page {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: res.StatusCode, url: res.Request.URL, body: string(b), header: res.Header}
}

// main returns the page's main element, where the answers differ.
func (p page) main() string {
	s := p.body
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	return s
}

// mails returns the messages sent so far to addr, oldest first.
func (e *env) mails(addr string) []mail.Message {
	e.t.Helper()
	files, err := mail.Files(filepath.Join(e.dataDir, "mail"))
	if err != nil {
		e.t.Fatal(err)
	}
	var out []mail.Message
	for _, f := range files {
		m, err := mail.ReadFile(f)
		if err != nil {
			e.t.Fatalf("%s: %v", f, err)
		}
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// link returns the path and query of the first link in the last message to
// addr whose path is path.
func (e *env) link(addr, path string) string {
	e.t.Helper()
	ms := e.mails(addr)
	if len(ms) == 0 {
		e.t.Fatalf("no mail to %s", addr)
	}
	for _, l := range linkRE.FindAllString(ms[len(ms)-1].Text, -1) {
		u, err := url.Parse(l)
		if err == nil && u.Path == path {
			return u.RequestURI()
		}
	}
	e.t.Fatalf("no %s link in the last mail to %s:\n%s", path, addr, ms[len(ms)-1].Text)
	return ""
}

func (e *env) sessionCookie(c *http.Client) string {
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "infitah_session" {
			return ck.Value
		}
	}
	return ""
}

func wantStatus(t *testing.T, what string, p page, status int) {
	t.Helper()
	if p.status != status {
		t.Fatalf("%s: status %d, want %d (at %s)\n%s", what, p.status, status, p.url, p.main())
	}
}

// buttonRE finds the form of an emailed link's page and the token it posts.
var buttonRE = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>.*?<input type="hidden" name="token" value="([^"]*)">`)

// button returns the action and token of the form on an emailed link's page.
func button(t *testing.T, p page) (action, token string) {
	t.Helper()
	m := buttonRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form with a token at %s:\n%s", p.url, p.main())
	}
	return html.UnescapeString(m[1]), html.UnescapeString(m[2])
}

// press opens an emailed link as a browser without JavaScript does and
// presses the button of its page, which posts the token.
func (e *env) press(c *http.Client, link string) page {
	e.t.Helper()
	p := e.get(c, link)
	wantStatus(e.t, "link page", p, 200)
	action, token := button(e.t, p)
	return e.post(c, action, url.Values{"token": {token}})
}
