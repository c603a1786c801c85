package accounttest_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// An address with an account and one without answer alike after as many
// failures: same statuses, same pages, same Retry-After, and the same
// hashing work (one check per answered try, none once the pair waits).
func TestSignInThrottleAnswersAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		h := auth.NewHasher(2, time.Minute)
		e := newEnvHasher(t, d, h)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		const unknown = "nobody-here@example.org"
		c := e.clientFrom("127.0.0.2")
		try := func(email, pw string) (page, int) {
			before := h.Runs()
			p := e.post(c, "/login?lang=en", url.Values{"email": {email}, "password": {pw}})
			return p, h.Runs() - before
		}
		for i := 1; i <= 7; i++ {
			wrong := fmt.Sprintf("wrong password %d", i)
			known, knownRuns := try(u.Email, wrong)
			stranger, strangerRuns := try(unknown, wrong)
			what := fmt.Sprintf("try %d", i)
			switch {
			case i < 5:
				wantStatus(t, what+", known address", known, 422)
			default: // the fifth failure starts the wait; later tries meet it
				wantStatus(t, what+", known address", known, 429)
				if !strings.Contains(known.body, "try again in a minute") {
					t.Errorf("%s: the page does not say how long to wait:\n%s", what, known.main())
				}
			}
			if known.status != stranger.status || known.header.Get("Retry-After") != stranger.header.Get("Retry-After") ||
				strings.ReplaceAll(known.main(), u.Email, "ADDRESS") != strings.ReplaceAll(stranger.main(), unknown, "ADDRESS") {
				t.Fatalf("%s: the answers differ: %d (Retry-After %q) vs %d (Retry-After %q)\n%s\n---\n%s", what,
					known.status, known.header.Get("Retry-After"), stranger.status, stranger.header.Get("Retry-After"),
					known.main(), stranger.main())
			}
			wantRuns := 1
			if i > 5 {
				wantRuns = 0 // refused before any hash
			}
			if knownRuns != wantRuns || strangerRuns != wantRuns {
				t.Errorf("%s: %d hashes for the known address, %d for the unknown, want %d each", what, knownRuns, strangerRuns, wantRuns)
			}
		}
		// While the pair waits, the right password is refused the same way.
		p, runs := try(u.Email, pw)
		wantStatus(t, "right password while waiting", p, 429)
		if runs != 0 || p.header.Get("Retry-After") != "60" {
			t.Errorf("right password while waiting: %d hashes, Retry-After %q", runs, p.header.Get("Retry-After"))
		}
	})
}

// Five wrong passwords from an attacker's address slow that address down
// for that account only: the owner signs in from theirs meanwhile, and the
// attacker's waits grow.
func TestSignInThrottleSparesTheOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Admin)
		attacker := e.clientFrom("127.0.0.2")
		for i := 1; i <= 5; i++ {
			p := e.post(attacker, "/login?lang=en", url.Values{"email": {u.Email}, "password": {fmt.Sprint("guess ", i)}})
			if i < 5 {
				wantStatus(t, "a wrong guess", p, 422)
			} else {
				wantStatus(t, "the fifth wrong guess", p, 429)
			}
		}
		p := e.post(attacker, "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "the right password from the attacker's address", p, 429)

		owner := e.clientFrom("127.0.0.3")
		p = e.post(owner, "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "the owner from another address", p, 200)
		// An administrator lands on the administration.
		if p.url.Path != "/admin" || e.sessionCookie(owner) == "" {
			t.Fatalf("the owner was kept out: landed on %s", p.url)
		}

		// A minute later the attacker may try once more; the next wait is
		// twice as long.
		e.clock.Add(time.Minute)
		p = e.post(attacker, "/login?lang=en", url.Values{"email": {u.Email}, "password": {"guess 6"}})
		wantStatus(t, "the sixth wrong guess", p, 429)
		if !strings.Contains(p.body, "try again in 2 minutes") || p.header.Get("Retry-After") != "120" {
			t.Errorf("the second wait is not 2 minutes (Retry-After %q):\n%s", p.header.Get("Retry-After"), p.main())
		}
		e.clock.Add(time.Minute)
		wantStatus(t, "a guess during the second wait", e.post(attacker, "/login", url.Values{"email": {u.Email}, "password": {pw}}), 429)

		// Once the wait is over, the right password works from there too,
		// and starts the pair afresh.
		e.clock.Add(time.Minute)
		p = e.post(attacker, "/login", url.Values{"email": {u.Email}, "password": {pw}})
		wantStatus(t, "the right password after the wait", p, 200)
		if p.url.Path != "/admin" {
			t.Fatalf("after the wait, sign-in landed on %s", p.url)
		}
		p = e.post(e.clientFrom("127.0.0.2"), "/login", url.Values{"email": {u.Email}, "password": {"guess 7"}})
		wantStatus(t, "a wrong guess after a success", p, 422)
	})
}

// One address trying one password on many accounts meets the per-address
// budget, whatever the accounts. The budget is in memory: one database is
// enough to show it.
func TestSignInSprayingLimited(t *testing.T) {
	d := dbtest.SQLite(t)
	h := auth.NewHasher(2, time.Minute)
	e := newEnvHasher(t, d, h)
	sprayer := e.clientFrom("127.0.0.4")
	for i := 1; i <= 30; i++ {
		p := e.post(sprayer, "/login", url.Values{"email": {fmt.Sprintf("person-%d@example.org", i)}, "password": {"Summer2025!!"}})
		wantStatus(t, "a sprayed guess", p, 422)
	}
	before := h.Runs()
	p := e.post(sprayer, "/login?lang=en", url.Values{"email": {"person-31@example.org"}, "password": {"Summer2025!!"}})
	wantStatus(t, "the 31st account from one address", p, 429)
	if h.Runs() != before || !strings.Contains(p.body, "Too many attempts") {
		t.Errorf("the refused guess was hashed (%d) or lacks its message:\n%s", h.Runs()-before, p.main())
	}
	// Someone else is not concerned.
	u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
	wantStatus(t, "another address", e.post(e.clientFrom("127.0.0.5"), "/login", url.Values{"email": {u.Email}, "password": {pw}}), 200)
}
