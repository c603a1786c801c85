package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
)

var proxyNow = time.Date(2024, 5, 6, 10, 0, 0, 0, time.UTC)

// behind serves the site trusting the proxies in trusted. The tests' peer
// is 127.0.0.1, so "127.0.0.1/32" makes the tests a trusted proxy and any
// other list leaves them an untrusted client.
func behind(t *testing.T, d *db.DB, trusted string) *servertest.Env {
	t.Helper()
	nets, err := web.ParseTrustedNets(trusted)
	if err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, d, proxyNow, func(o *server.Options) { o.TrustedProxies = nets })
}

// send makes one request with the headers h and the cookies, without
// following redirects, and returns the answer with its body read.
func send(t *testing.T, e *servertest.Env, method, path string, form url.Values, h map[string]string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.TS.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestForwardedClientRateLimit: the per-address limit of the password-reset
// form (10 requests at once) counts each client a trusted proxy names
// separately, and everyone together when the proxy headers come from an
// untrusted peer.
func TestForwardedClientRateLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := 0
		reset := func(e *servertest.Env, client string) int {
			n++ // a new address each time: only the per-client limit can bite
			res, _ := send(t, e, http.MethodPost, "/password/reset", url.Values{"email": {fmt.Sprintf("nobody%d@example.org", n)}},
				map[string]string{"X-Forwarded-For": client})
			return res.StatusCode
		}

		trusted := behind(t, d, "127.0.0.1/32")
		for i := range 10 {
			if code := reset(trusted, "198.51.100.66, 203.0.113.1"); code != http.StatusOK {
				t.Fatalf("request %d from 203.0.113.1: %d", i+1, code)
			}
		}
		if code := reset(trusted, "203.0.113.1"); code != http.StatusTooManyRequests {
			t.Errorf("11th request from 203.0.113.1: %d, want 429", code)
		}
		// A spoofed leftmost entry does not make the same client another one.
		if code := reset(trusted, "198.51.100.67, 203.0.113.1"); code != http.StatusTooManyRequests {
			t.Errorf("203.0.113.1 behind a new spoofed entry: %d, want 429", code)
		}
		if code := reset(trusted, "203.0.113.2"); code != http.StatusOK {
			t.Errorf("first request from 203.0.113.2: %d, want 200", code)
		}
		if code := reset(trusted, "2001:db8::2"); code != http.StatusOK {
			t.Errorf("first request from 2001:db8::2: %d, want 200", code)
		}

		untrusted := behind(t, d, "10.0.0.0/8")
		for i := range 10 {
			if code := reset(untrusted, fmt.Sprintf("203.0.113.%d", 10+i)); code != http.StatusOK {
				t.Fatalf("request %d through an untrusted peer: %d", i+1, code)
			}
		}
		if code := reset(untrusted, "203.0.113.99"); code != http.StatusTooManyRequests {
			t.Errorf("11th request with a spoofed X-Forwarded-For: %d, want 429 (one limit for the peer)", code)
		}
	})
}

// TestForwardedHTTPS: behind a trusted proxy that says https, the session
// and language cookies are Secure and answers carry HSTS; over plain HTTP,
// or when an untrusted peer says https, neither.
func TestForwardedHTTPS(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		trusted := behind(t, d, "127.0.0.1/32")
		u, pw := accounttest.NewUser(t, d, trusted.SiteID, auth.Citizen)
		login := url.Values{"email": {u.Email}, "password": {pw}}
		https := map[string]string{"X-Forwarded-For": "203.0.113.1", "X-Forwarded-Proto": "https"}
		plain := map[string]string{"X-Forwarded-For": "203.0.113.1", "X-Forwarded-Proto": "http"}

		res, body := send(t, trusted, http.MethodPost, "/login", login, https)
		session := cookieNamed(res, auth.SessionCookie)
		if res.StatusCode != http.StatusSeeOther || session == nil {
			t.Fatalf("sign-in through an https proxy: %d, cookies %v\n%s", res.StatusCode, res.Cookies(), servertest.Excerpt(body))
		}
		if !session.Secure || !session.HttpOnly {
			t.Errorf("session cookie over https: %s", res.Header.Get("Set-Cookie"))
		}
		if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "max-age=31536000" {
			t.Errorf("HSTS over https: %q", hsts)
		}
		// The same https client stays signed in.
		if res, _ = send(t, trusted, http.MethodGet, "/account", nil, https, session); res.StatusCode != http.StatusOK {
			t.Errorf("account page with the Secure session: %d", res.StatusCode)
		}
		res, _ = send(t, trusted, http.MethodGet, "/?lang=fr", nil, https)
		if lang := cookieNamed(res, web.LocaleCookie); lang == nil || !lang.Secure {
			t.Errorf("language cookie over https: %q", res.Header.Values("Set-Cookie"))
		}

		for name, e := range map[string]*servertest.Env{"plain http": trusted, "untrusted peer": behind(t, d, "10.0.0.0/8")} {
			h := plain
			if name == "untrusted peer" {
				h = https
			}
			res, body = send(t, e, http.MethodPost, "/login", login, h)
			session = cookieNamed(res, auth.SessionCookie)
			if res.StatusCode != http.StatusSeeOther || session == nil {
				t.Fatalf("%s: sign-in: %d\n%s", name, res.StatusCode, servertest.Excerpt(body))
			}
			if session.Secure {
				t.Errorf("%s: session cookie is Secure: %s", name, res.Header.Get("Set-Cookie"))
			}
			if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "" {
				t.Errorf("%s: HSTS %q", name, hsts)
			}
			res, _ = send(t, e, http.MethodGet, "/?lang=fr", nil, h)
			if lang := cookieNamed(res, web.LocaleCookie); lang == nil || lang.Secure {
				t.Errorf("%s: language cookie: %q", name, res.Header.Values("Set-Cookie"))
			}
		}
	})
}

// TestPublicURLHTTPSMakesCookiesSecure: when the site's public URL is
// https, its cookies are Secure even on a request that reached the server
// over plain HTTP (a proxy that does not say X-Forwarded-Proto), but HSTS
// is sent only on answers that went out over https.
func TestPublicURLHTTPSMakesCookiesSecure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := servertest.New(t, d, proxyNow, func(o *server.Options) { o.BaseURL = "https://region.example.ma" })
		u, pw := accounttest.NewUser(t, d, e.SiteID, auth.Citizen)
		res, body := send(t, e, http.MethodPost, "/login", url.Values{"email": {u.Email}, "password": {pw}}, nil)
		session := cookieNamed(res, auth.SessionCookie)
		if res.StatusCode != http.StatusSeeOther || session == nil {
			t.Fatalf("sign-in: %d\n%s", res.StatusCode, servertest.Excerpt(body))
		}
		if !session.Secure {
			t.Errorf("session cookie of an https site: %s", res.Header.Get("Set-Cookie"))
		}
		if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("HSTS on a plain-HTTP answer: %q", hsts)
		}
		res, _ = send(t, e, http.MethodGet, "/?lang=fr", nil, nil)
		if lang := cookieNamed(res, web.LocaleCookie); lang == nil || !lang.Secure {
			t.Errorf("language cookie of an https site: %q", res.Header.Values("Set-Cookie"))
		}
	})
}
