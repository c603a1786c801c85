package accounttest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

const goodPassword = "a long enough passphrase"

// signUp creates and verifies an account through the pages and returns its client, signed in.
func (e *env) signUp(email, name string) {
	e.t.Helper()
	c := e.client()
	p := e.post(c, "/signup", url.Values{"name": {name}, "email": {email}, "password": {goodPassword}})
	wantStatus(e.t, "sign-up", p, 200)
	p = e.press(c, e.link(email, "/verify"))
	wantStatus(e.t, "verify", p, 200)
}

func TestSignupVerifyLoginLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.client()
		p := e.get(c, "/signup")
		wantStatus(t, "signup form", p, 200)
		p = e.post(c, "/signup", url.Values{"name": {"Amina Idrissi"}, "email": {"Amina@Example.ma"}, "password": {goodPassword}})
		wantStatus(t, "sign-up", p, 200)
		if e.sessionCookie(c) != "" {
			t.Fatal("sign-up signed in before verification")
		}
		// Not verified yet: the right password is refused, and a new link sent.
		p = e.post(c, "/login", url.Values{"email": {"amina@example.ma"}, "password": {goodPassword}})
		wantStatus(t, "login before verification", p, 403)
		if n := len(e.mails("amina@example.ma")); n != 2 {
			t.Fatalf("%d mails, want the verification and its resend", n)
		}
		link := e.link("amina@example.ma", "/verify")
		p = e.press(c, link)
		wantStatus(t, "verify", p, 200)
		p = e.get(c, link)
		wantStatus(t, "verify again", p, 400)

		p = e.post(c, "/login", url.Values{"email": {"AMINA@example.ma"}, "password": {goodPassword}, "next": {"/plans"}})
		wantStatus(t, "login", p, 200)
		if p.url.Path != "/plans" {
			t.Errorf("login landed on %s, want /plans (next)", p.url)
		}
		if !strings.Contains(p.body, "Amina Idrissi") || !strings.Contains(p.body, `action="/logout"`) {
			t.Error("the top bar does not show the signed-in person and a sign-out button")
		}
		if cc := p.header.Get("Cache-Control"); p.header.Get("ETag") != "" && !strings.Contains(cc, "no-cache") && !strings.Contains(cc, "private") {
			t.Errorf("a signed-in page may be cached: Cache-Control %q", cc)
		}
		p = e.get(c, "/account")
		wantStatus(t, "account page", p, 200)
		if !strings.Contains(p.body, "amina@example.ma") {
			t.Error("the account page does not show the address")
		}
		p = e.post(c, "/logout", nil)
		wantStatus(t, "logout", p, 200)
		if p.url.Path != "/" {
			t.Errorf("logout landed on %s", p.url)
		}
		p = e.get(c, "/account")
		if p.url.Path != "/login" {
			t.Errorf("after logout /account went to %s, want the login page", p.url)
		}
		// An outside next is ignored.
		p = e.post(c, "/login", url.Values{"email": {"amina@example.ma"}, "password": {goodPassword}, "next": {"//evil.example/x"}})
		if p.url.Host != e.tsHost() || p.url.Path != "/account" {
			t.Errorf("next=//evil.example led to %s", p.url)
		}
	})
}

func (e *env) tsHost() string { u, _ := url.Parse(e.ts.URL); return u.Host }

func TestPasswordResetSingleUseAndExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, old := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		other := accounttest.Login(t, e.ts.URL, u.Email, old) // a session elsewhere
		c := e.client()
		p := e.post(c, "/password/reset", url.Values{"email": {u.Email}})
		wantStatus(t, "reset request", p, 200)
		link := e.link(u.Email, "/password/reset/confirm")
		p = e.get(c, link)
		wantStatus(t, "reset form", p, 200)
		token := mustQuery(t, link, "token")
		p = e.post(c, "/password/reset/confirm", url.Values{"token": {token}, "password": {"short"}})
		wantStatus(t, "short password", p, 422)
		p = e.post(c, "/password/reset/confirm", url.Values{"token": {token}, "password": {"my brand new passphrase"}})
		wantStatus(t, "reset", p, 200)
		p = e.post(c, "/password/reset/confirm", url.Values{"token": {token}, "password": {"yet another passphrase"}})
		wantStatus(t, "reset with a used link", p, 400)
		accounttest.Login(t, e.ts.URL, u.Email, "my brand new passphrase")
		p = e.post(e.client(), "/login", url.Values{"email": {u.Email}, "password": {old}})
		wantStatus(t, "old password", p, 422)
		if p := e.get(other, "/account"); p.url.Path != "/login" {
			t.Error("a session opened before the reset survived it")
		}

		// A link older than an hour no longer works.
		e.post(c, "/password/reset", url.Values{"email": {u.Email}})
		link = e.link(u.Email, "/password/reset/confirm")
		e.clock.Add(61 * time.Minute)
		wantStatus(t, "expired link", e.get(c, link), 400)
		p = e.post(c, "/password/reset/confirm", url.Values{"token": {mustQuery(t, link, "token")}, "password": {"too late passphrase"}})
		wantStatus(t, "expired reset", p, 400)

		// Only hashes are stored.
		var n int
		if err := d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM user_tokens WHERE hash = ?`,
			mustQuery(t, link, "token")).Scan(&n); err != nil || n != 0 {
			t.Errorf("a token is stored in plain text (%d, %v)", n, err)
		}
	})
}

func mustQuery(t *testing.T, link, key string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Query().Get(key) == "" {
		t.Fatalf("no %s in %s", key, link)
	}
	return u.Query().Get(key)
}

func TestEmailChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		p := e.post(c, "/account/email", url.Values{"email": {"new@example.ma"}, "password": {"not it"}})
		wantStatus(t, "change with a wrong password", p, 422)
		if !strings.Contains(p.body, `value="new@example.ma"`) || !strings.Contains(p.body, `id="email-password-error"`) {
			t.Errorf("the form lost the address or lacks the password message:\n%s", p.main())
		}
		p = e.post(c, "/account/email", url.Values{"email": {"new@example.ma"}, "password": {pw}})
		wantStatus(t, "change", p, 200)
		if len(e.mails(u.Email)) != 1 || strings.Contains(e.mails(u.Email)[0].Text, "/email/confirm") {
			t.Error("the old address did not get a notice, or got the link")
		}
		link := e.link("new@example.ma", "/email/confirm")
		// Not changed until confirmed.
		accounttest.Login(t, e.ts.URL, u.Email, pw)
		wantStatus(t, "confirm", e.press(e.client(), link), 200)
		wantStatus(t, "confirm again", e.post(e.client(), "/email/confirm", url.Values{"token": {mustQuery(t, link, "token")}}), 400)
		accounttest.Login(t, e.ts.URL, "new@example.ma", pw)
		p = e.post(e.client(), "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "old address", p, 422)
	})
}

func TestNoEnumeration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, _ := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		known := e.post(e.client(), "/signup", url.Values{"name": {"X"}, "email": {u.Email}, "password": {goodPassword}})
		unknown := e.post(e.client(), "/signup", url.Values{"name": {"X"}, "email": {"nobody@example.ma"}, "password": {goodPassword}})
		if known.status != unknown.status || known.main() != unknown.main() {
			t.Errorf("sign-up answers differ: %d vs %d\n%s\n---\n%s", known.status, unknown.status, known.main(), unknown.main())
		}
		if ms := e.mails(u.Email); len(ms) != 1 || strings.Contains(ms[0].Text, "/verify") {
			t.Error("the owner of the address was not told of the attempt")
		}
		known = e.post(e.client(), "/password/reset", url.Values{"email": {u.Email}})
		unknown = e.post(e.client(), "/password/reset", url.Values{"email": {"nobody-else@example.ma"}})
		if known.status != 200 || known.status != unknown.status || known.main() != unknown.main() {
			t.Errorf("reset answers differ: %d vs %d", known.status, unknown.status)
		}
		if len(e.mails("nobody-else@example.ma")) != 0 {
			t.Error("a reset mail went to an unknown address")
		}
	})
}

func TestDeleteKeepsAnonymisedRow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Editor)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		wantStatus(t, "token", e.post(c, "/account/tokens", url.Values{"name": {"bot"}, "scope": {"plans:write"}}), 200)
		wantStatus(t, "delete without password", e.post(c, "/account/delete", url.Values{"password": {"nope"}}), 422)
		p := e.post(c, "/account/delete", url.Values{"password": {pw}})
		wantStatus(t, "delete", p, 200)
		r, err := account.UserByID(context.Background(), d.R(), e.siteID, u.ID)
		if err != nil {
			t.Fatalf("the row is gone: %v", err)
		}
		if !r.Deleted() || r.Name != "" || strings.Contains(r.Email, "example.org") || checks(t, r.PasswordHash, pw) {
			t.Errorf("not anonymised: %+v", r)
		}
		var tokens int
		_ = d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`, u.ID).Scan(&tokens)
		if tokens != 0 {
			t.Error("the tokens survived the deletion")
		}
		if p := e.get(c, "/account"); p.url.Path != "/login" {
			t.Error("the session survived the deletion")
		}
		p = e.post(e.client(), "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "login after deletion", p, 422)
		// The address is free again.
		e.signUp(u.Email, "Someone new")
	})
}

// checks reports whether pw matches hash.
func checks(t *testing.T, hash, pw string) bool {
	t.Helper()
	ok, err := auth.Passwords.Check(context.Background(), hash, pw)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
