package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// The public URLs of the test's two sites, and the host an attacker names.
const (
	regionURL = "http://region.example.ma"
	otherURL  = "https://commune.example.ma"
	evilHost  = "evil.example"
)

// poison are the request headers by which a client may try to choose the
// links a page or an email holds.
var poison = [][2]string{
	{"X-Forwarded-Host", evilHost},
	{"X-Forwarded-Proto", "http"},
	{"X-Forwarded-Server", evilHost},
	{"X-Host", evilHost},
	{"X-Original-Host", evilHost},
	{"Forwarded", "host=" + evilHost + ";proto=http"},
}

// linkEnv is the demo on a site whose public URL is regionURL (given by the
// base URL, as --base-url does), with a second site, chosen by the host
// name commune.test, whose public URL is set in its settings.
type linkEnv struct {
	t       *testing.T
	d       *db.DB
	srv     *server.Server
	ts      *httptest.Server
	dataDir string
	siteID  int64
	now     time.Time
}

func newLinkEnv(t *testing.T, d *db.DB) *linkEnv {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		return site.Upsert(ctx, tx, &site.Site{Slug: "commune", Host: "commune.test", PublicURL: otherURL})
	}); err != nil {
		t.Fatal(err)
	}
	e := &linkEnv{t: t, d: d, dataDir: t.TempDir(), now: time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv, err := server.New(ctx, d, server.Options{DataDir: e.dataDir, BaseURL: regionURL, LocalURL: "http://localhost:1",
		Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil {
		t.Fatal(err)
	}
	e.siteID = sites[0].ID
	return e
}

// do sends a request with Host host and the poisoned headers when poisoned,
// without following redirects, and returns the status and body.
func (e *linkEnv) do(c *http.Client, method, path, host string, poisoned bool, form url.Values, header ...string) (int, string) {
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
	if host != "" {
		req.Host = host
		// The client would look its cookies up by the forged host: send
		// the session's own, as a browser tricked into the request would.
		if c.Jar != nil {
			for _, ck := range c.Jar.Cookies(req.URL) {
				req.AddCookie(ck)
			}
		}
	}
	if poisoned {
		for _, h := range poison {
			req.Header.Set(h[0], h[1])
		}
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := nc.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

var absoluteLink = regexp.MustCompile(`https?://[^\s"'<>)\]]+`)

// onlyLinksTo fails unless every absolute link in text that leads to one
// of the site's pages starts with origin, and unless the attacker's host
// appears nowhere.
func onlyLinksTo(t *testing.T, what, text, origin string) {
	t.Helper()
	if strings.Contains(text, evilHost) {
		t.Errorf("%s names %s", what, evilHost)
	}
	for _, l := range absoluteLink.FindAllString(text, -1) {
		u, err := url.Parse(l)
		if err != nil {
			continue
		}
		local := u.Hostname() == "127.0.0.1" || strings.HasSuffix(u.Hostname(), ".test") || u.Hostname() == "localhost" ||
			strings.HasSuffix(u.Hostname(), ".example.ma")
		if local && !strings.HasPrefix(l, origin+"/") && l != origin {
			t.Errorf("%s links to %s, not under %s", what, l, origin)
		}
	}
}

// TestEmailedLinksIgnoreRequestHeaders sends every request that emails a
// link (sign-up, the "account exists" notice, password reset, change of
// email, a guest's comment, a guest's event registration) with a forged
// Host and forwarding headers, and checks that each email links only to the
// site's configured public URL, on both databases.
func TestEmailedLinksIgnoreRequestHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newLinkEnv(t, d)
		ctx := context.Background()
		anon := &http.Client{}
		member, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		signedIn := accounttest.Login(t, e.ts.URL, member.Email, pw)

		var post, event int64
		if err := d.R().QueryRowContext(ctx, `SELECT id FROM news_posts WHERE site_id = ? AND published_at IS NOT NULL
			AND published_at <= ? ORDER BY id LIMIT 1`, e.siteID, db.Timestamp{Time: e.now}).Scan(&post); err != nil {
			t.Fatal(err)
		}
		if err := d.R().QueryRowContext(ctx, `SELECT id FROM events WHERE site_id = ? AND registration = ? AND starts_at > ?
			ORDER BY id LIMIT 1`, e.siteID, true, db.Timestamp{Time: e.now}).Scan(&event); err != nil {
			t.Fatal(err)
		}
		sends := []struct {
			name, path string
			client     *http.Client
			form       url.Values
			to         string
		}{
			{"sign-up", "/signup", anon, url.Values{"name": {"Salma"}, "email": {"salma@example.org"}, "password": {"a long enough passphrase"}}, "salma@example.org"},
			{"account exists", "/signup", anon, url.Values{"name": {"Again"}, "email": {member.Email}, "password": {"a long enough passphrase"}}, member.Email},
			{"password reset", "/password/reset", anon, url.Values{"email": {member.Email}}, member.Email},
			{"change of email", "/account/email", signedIn, url.Values{"email": {"new.address@example.org"}, "password": {pw}}, "new.address@example.org"},
			{"guest comment", "/comments", anon, url.Values{"target": {"news:" + itoa(post)}, "name": {"Reader"}, "email": {"reader@example.org"},
				"body": {"A word from a reader"}}, "reader@example.org"},
			{"event registration", "/events/" + itoa(event) + "/register", anon, url.Values{"name": {"Guest"}, "email": {"guest@example.org"}}, "guest@example.org"},
		}
		for _, s := range sends {
			if status, body := e.do(s.client, http.MethodPost, s.path, evilHost, true, s.form); status >= 400 {
				t.Fatalf("%s: %d\n%s", s.name, status, excerptOf(body))
			}
		}
		if _, err := e.srv.DrainMail(ctx); err != nil {
			t.Fatal(err)
		}
		files, err := mail.Files(filepath.Join(e.dataDir, "mail"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, f := range files {
			m, err := mail.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			onlyLinksTo(t, "the email to "+strings.Join(m.To, ",")+" ("+m.Subject+")", m.Text, regionURL)
			for _, to := range m.To {
				got[strings.ToLower(to)] += len(absoluteLink.FindAllString(m.Text, -1))
			}
		}
		for _, s := range sends {
			if got[strings.ToLower(s.to)] == 0 {
				t.Errorf("%s: no email with a link to %s", s.name, s.to)
			}
		}
	})
}

// TestPagesAndCacheIgnoreRequestHeaders fetches every page, feed and
// document that holds absolute links, first with a forged Host and
// forwarding headers and then as an ordinary visitor: neither answer may
// name the forged host (the page cache must not keep the first for the
// second), and each site's links use its own public URL. Then it checks
// that the cache keeps apart what does change an answer, the site and the
// language, for every cached route.
func TestPagesAndCacheIgnoreRequestHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newLinkEnv(t, d)
		ctx := context.Background()
		var slug string
		var event int64
		if err := d.R().QueryRowContext(ctx, `SELECT slug FROM news_posts WHERE site_id = ? AND published_at IS NOT NULL
			AND published_at <= ? ORDER BY id LIMIT 1`, e.siteID, db.Timestamp{Time: e.now}).Scan(&slug); err != nil {
			t.Fatal(err)
		}
		if err := d.R().QueryRowContext(ctx, `SELECT id FROM events WHERE site_id = ? ORDER BY id LIMIT 1`, e.siteID).Scan(&event); err != nil {
			t.Fatal(err)
		}
		withLinks := []string{"/sitemap.xml", "/feeds/news.atom", "/feeds/events.ics", "/news/" + url.PathEscape(slug),
			"/events/" + itoa(event), "/events/" + itoa(event) + ".ics"}
		anon := &http.Client{}
		for _, path := range withLinks {
			status, poisoned := e.do(anon, http.MethodGet, path, evilHost, true, nil)
			if status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, status)
			}
			_, plain := e.do(anon, http.MethodGet, path, "", false, nil)
			for what, body := range map[string]string{"forged": poisoned, "ordinary": plain} {
				onlyLinksTo(t, what+" GET "+path, body, regionURL)
				if !strings.Contains(body, regionURL+"/") {
					t.Errorf("%s GET %s has no link to %s", what, path, regionURL)
				}
			}
		}
		// The second site, chosen by its host name, links to its own URL,
		// whatever was cached for the first.
		if status, body := e.do(anon, http.MethodGet, "/sitemap.xml", "commune.test", true, nil); status != http.StatusOK {
			t.Fatalf("sitemap of the second site: %d", status)
		} else {
			onlyLinksTo(t, "the second site's sitemap", body, otherURL)
			if !strings.Contains(body, otherURL+"/") {
				t.Errorf("the second site's sitemap has no link to %s", otherURL)
			}
		}

		// Every cached route: an answer primed under one site or language
		// is never served for another, and headers that change nothing
		// change nothing. Two servers on one database: the second is never
		// primed, so its answers are what a fresh render gives.
		fresh, err := server.New(ctx, d, server.Options{DataDir: e.dataDir, BaseURL: regionURL, Now: func() time.Time { return e.now }})
		if err != nil {
			t.Fatal(err)
		}
		fts := httptest.NewServer(fresh.Handler())
		t.Cleanup(fts.Close)
		routes := append([]string{"/", "/plans", "/news", "/events", "/forum", "/documents", "/consultations", "/organisations",
			"/audit", "/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%B2%D8%A7%D9%86%D9%8A%D8%A9", "/api/v1/plans", "/api/v1/commitments",
			"/api/v1/news", "/api/v1/events", "/api/v1/openapi.json", "/feeds/news.atom"}, withLinks...)
		for _, path := range routes {
			// Primed: the forged request in French for the second site,
			// then the first site's in French with forged headers.
			e.do(anon, http.MethodGet, path, "commune.test", true, nil, "Accept-Language", "fr")
			e.do(anon, http.MethodGet, path, evilHost, true, nil, "Accept-Language", "fr")
			for _, lang := range []string{"ar", "fr"} {
				status, got := e.do(anon, http.MethodGet, path, "", false, nil, "Accept-Language", lang)
				req, _ := http.NewRequest(http.MethodGet, fts.URL+path, nil)
				req.Header.Set("Accept-Language", lang)
				res, err := anon.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if status != res.StatusCode || got != string(want) {
					t.Errorf("GET %s in %s: the cache answered %d, %d bytes; a fresh render gives %d, %d bytes", path, lang, status,
						len(got), res.StatusCode, len(want))
				}
			}
		}
	})
}
