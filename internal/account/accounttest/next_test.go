package accounttest_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// trickyNext are return addresses that browsers or proxies have been made
// to follow off the site (web.LocalTarget's tests hold more).
var trickyNext = []string{
	`/./\localhost:18081/phish`,
	`/\localhost:18081/phish`,
	`\/localhost:18081/phish`,
	`/\/localhost:18081/phish`,
	`//localhost:18081/phish`,
	`///localhost:18081/phish`,
	`/.//localhost:18081/phish`,
	`/..//localhost:18081/phish`,
	`/%2F/localhost:18081/phish`,
	`/%2f%2flocalhost:18081/phish`,
	`%2f%2flocalhost:18081/phish`,
	`/%5C/localhost:18081/phish`,
	`/%5c%5clocalhost:18081/phish`,
	"/\t/localhost:18081/phish",
	"/%09/localhost:18081/phish",
	"/\r\nLocation: http://localhost:18081/phish",
	"/%0d%0aLocation:%20http://localhost:18081/phish",
	"http://localhost:18081/phish",
	"https:/localhost:18081/phish",
	"javascript:alert(1)",
	"//user@localhost:18081/phish",
	"/plans#\\localhost",
}

// offSite reports whether a browser could take loc to another host.
func offSite(loc string) bool {
	return loc == "" || loc[0] != '/' || (len(loc) > 1 && (loc[1] == '/' || loc[1] == '\\')) ||
		strings.ContainsAny(loc, "\\\t\r\n") || strings.Contains(strings.ToLower(loc), "%2f") ||
		strings.Contains(strings.ToLower(loc), "%5c")
}

// Signing in with a tricky next, or opening /login?next= while signed in,
// always lands on this site: the Location header is the account page.
// The return address decides nothing in the database, so one is enough.
func TestLoginNextStaysOnSite(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
	signedIn := noFollow(accounttest.Login(t, e.ts.URL, u.Email, pw))
	for _, next := range trickyNext {
		e.clock.Add(6 * time.Second) // one more sign-in for the address's budget
		c := noFollow(e.client())
		p := e.post(c, "/login", url.Values{"email": {u.Email}, "password": {pw}, "next": {next}})
		if loc := p.header.Get("Location"); p.status != 303 || loc != "/account" {
			t.Errorf("sign-in with next=%q: %d to %q, want 303 to /account", next, p.status, loc)
		}
		p = e.get(signedIn, "/login?next="+url.QueryEscape(next))
		if loc := p.header.Get("Location"); p.status != 303 || loc != "/account" {
			t.Errorf("GET /login?next=%q signed in: %d to %q, want 303 to /account", next, p.status, loc)
		}
		p = e.get(e.client(), "/login?next="+url.QueryEscape(next))
		if strings.Contains(p.body, `name="next"`) {
			t.Errorf("the sign-in form carries next=%q on", next)
		}
	}
	for next, want := range map[string]string{
		"/plans?status=delayed":  "/plans?status=delayed",
		"/plans/a/../b":          "/plans/b",
		"/commitments/3#comment": "/commitments/3#comment",
		"/search?q=a b":          "/search?q=a%20b",
	} {
		e.clock.Add(6 * time.Second)
		p := e.get(e.client(), "/login?next="+url.QueryEscape(next))
		if !strings.Contains(p.body, `name="next" value="`+html.EscapeString(want)+`"`) {
			t.Errorf("the sign-in form does not carry next=%q as %q", next, want)
		}
		p = e.post(noFollow(e.client()), "/login", url.Values{"email": {u.Email}, "password": {pw}, "next": {next}})
		if loc := p.header.Get("Location"); p.status != 303 || loc != want || offSite(loc) {
			t.Errorf("sign-in with next=%q: %d to %q, want 303 to %q", next, p.status, loc, want)
		}
	}
}
