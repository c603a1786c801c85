package accounttest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// Forty wrong passwords at once from forty addresses never hash more than
// the hasher's bound at a time (each hash holds 64 MiB): the others wait
// their turn and are answered, or give up after the wait with 503 and
// Retry-After. Then forty password confirmations at once with one session
// spend the person's budget before any hash.
func TestConcurrentHashesBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const bound = 2
		h := auth.NewHasher(bound, 2*time.Second)
		e := newEnvHasher(t, d, h)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		clients := make([]*http.Client, 40)
		for i := range clients {
			clients[i] = e.clientFrom(fmt.Sprintf("127.0.1.%d", i+1))
		}
		h.ResetPeak()
		statuses := burst(len(clients), func(i int) page {
			email := u.Email
			if i%2 == 1 {
				email = fmt.Sprintf("nobody-%d@example.org", i)
			}
			return e.post(clients[i], "/login", url.Values{"email": {email}, "password": {"not the password"}})
		})
		if p := h.Peak(); p > bound || p < 1 {
			t.Errorf("%d hashes ran at once, want 1 to %d", p, bound)
		}
		served := 0
		for _, p := range statuses {
			switch {
			case p.status == 422:
				served++
			case p.status == 503 && p.header.Get("Retry-After") != "":
			default:
				t.Errorf("a wrong password was answered %d (Retry-After %q)", p.status, p.header.Get("Retry-After"))
			}
		}
		if served == 0 {
			t.Error("no request was served")
		}

		// The person's own session: forty confirmations of the password at
		// once on the account page. Five are checked (each hashed, or
		// answered 503 when the hasher is full); the rest are refused
		// before any hash.
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		h.ResetPeak()
		before := h.Runs()
		answers := burst(40, func(i int) page {
			return e.post(c, "/account/email", url.Values{"email": {fmt.Sprintf("new-%d@example.org", i)}, "password": {"not it"}})
		})
		limited := 0
		for _, p := range answers {
			switch p.status {
			case 429:
				limited++
			case 422:
			case 503:
				if p.header.Get("Retry-After") == "" {
					t.Error("503 without Retry-After")
				}
			default:
				t.Errorf("a password confirmation was answered %d", p.status)
			}
		}
		if limited != 35 || h.Runs()-before > 5 || h.Peak() > bound {
			t.Errorf("%d confirmations refused by the budget (want 35), %d hashed (at most 5), %d at once (at most %d)",
				limited, h.Runs()-before, h.Peak(), bound)
		}
	})
}

// burst runs n requests at once and returns their answers.
func burst(n int, do func(i int) page) []page {
	out := make([]page, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Go(func() {
			start.Wait()
			out[i] = do(i)
		})
	}
	start.Done()
	wg.Wait()
	return out
}

// A hasher with no room answers every form that hashes 503 with
// Retry-After and the form kept, and a sign-in it could not check does not
// count against the address.
func TestBusyHasher(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		h := auth.NewHasher(1, 20*time.Millisecond)
		e := newEnvHasher(t, d, h)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		signedIn := accounttest.Login(t, e.ts.URL, u.Email, pw)
		release, err := h.Hold(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		busy := func(what string, p page) {
			t.Helper()
			wantStatus(t, what, p, 503)
			if p.header.Get("Retry-After") == "" || !strings.Contains(p.body, "The server is busy") {
				t.Errorf("%s: no Retry-After (%q) or no message:\n%s", what, p.header.Get("Retry-After"), p.main())
			}
		}
		c := e.client()
		for i := range 6 {
			p := e.post(c, "/login?lang=en", url.Values{"email": {u.Email}, "password": {pw}})
			busy(fmt.Sprint("sign-in ", i+1), p)
			if !strings.Contains(p.body, `value="`+u.Email+`"`) {
				t.Error("the sign-in form lost the address")
			}
		}
		busy("sign-up", e.post(c, "/signup?lang=en", url.Values{"name": {"Someone"}, "email": {"someone@example.org"}, "password": {goodPassword}}))
		p := e.post(signedIn, "/account/email?lang=en", url.Values{"email": {"new@example.org"}, "password": {pw}})
		busy("change of email", p)
		if !strings.Contains(p.body, `value="new@example.org"`) {
			t.Error("the email form lost the new address")
		}
		busy("deletion", e.post(signedIn, "/account/delete?lang=en", url.Values{"password": {pw}}))
		e.post(c, "/password/reset", url.Values{"email": {u.Email}})
		link := e.link(u.Email, "/password/reset/confirm")
		busy("new password", e.post(c, "/password/reset/confirm?lang=en", url.Values{"token": {mustQuery(t, link, "token")}, "password": {"a new long passphrase"}}))
		release()

		// Six sign-ins were not checked: none counts, the address is not slowed.
		p = e.post(c, "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "sign-in once the hasher is free", p, 200)
		if p.url.Path != "/account" {
			t.Errorf("sign-in once the hasher is free landed on %s", p.url)
		}
		// The reset link was not used up by the busy answer.
		wantStatus(t, "new password once free", e.post(e.client(), "/password/reset/confirm", url.Values{"token": {mustQuery(t, link, "token")},
			"password": {"a new long passphrase"}}), 200)
	})
}

// A made-up reset token costs no hash.
func TestResetConfirmChecksTheLinkFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		h := auth.NewHasher(2, time.Minute)
		e := newEnvHasher(t, d, h)
		before := h.Runs()
		p := e.post(e.client(), "/password/reset/confirm", url.Values{"token": {"made-up"}, "password": {"a long enough passphrase"}})
		wantStatus(t, "a made-up token", p, 400)
		if h.Runs() != before {
			t.Error("a made-up token was worth a hash")
		}
	})
}

// TestOverlongPasswordIsNotHashed: a password longer than any account can
// have is refused at sign-in and on the account page's confirmations
// without costing a hash, and sign-in answers it like any wrong password.
func TestOverlongPasswordIsNotHashed(t *testing.T) {
	d := dbtest.SQLite(t)
	h := auth.NewHasher(4, 2*time.Second)
	e := newEnvHasher(t, d, h)
	u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
	c := accounttest.Login(t, e.ts.URL, u.Email, pw)
	long := strings.Repeat("p", account.MaxPasswordBytes+1)
	before := h.Runs()
	for _, email := range []string{u.Email, "nobody@example.org"} {
		if p := e.post(e.client(), "/login", url.Values{"email": {email}, "password": {long}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("sign-in of %s with an overlong password: %d", email, p.status)
		}
	}
	if p := e.post(c, "/account/email", url.Values{"email": {"other@example.org"}, "password": {long}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("change of address with an overlong password: %d", p.status)
	}
	if runs := h.Runs(); runs != before {
		t.Errorf("%d hashes for overlong passwords, want none", runs-before)
	}
}
