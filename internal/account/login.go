package account

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Lock-out: after maxFailures wrong passwords in a row, sign-in is refused
// for lockFor, whatever the password.
const (
	maxFailures = 5
	lockFor     = 15 * time.Minute
)

// dummyHash is checked against when no account matches, so that an unknown
// address takes as long to refuse as a wrong password.
// It is made on first use: hashing costs 64 MiB and a tenth of a second.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("infitah-no-such-account")
	return h
})

// LoginPage is the sign-in form.
type LoginPage struct {
	inputs
	Form   *web.Form
	Next   string
	Notice string // a message key shown above the form
	Alert  string // a message key shown as an alert (lock-out, rate limit)
}

func (a *Accounts) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if auth.UserFrom(r.Context()) != nil {
		if next == "" {
			next = "/account"
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	a.render(w, r, http.StatusOK, "account_login", LoginPage{Form: web.NewForm(nil), Next: next})
}

func (a *Accounts) login(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page := LoginPage{Form: f, Next: localPath(f.Get("next"))}
	email := NormalizeEmail(f.Get("email"))
	pw := f.Values.Get("password")
	f.Values.Del("password") // never sent back
	if email == "" {
		f.Fail("email", "form.required")
	}
	if pw == "" {
		f.Fail("password", "form.required")
	}
	if !f.Valid() {
		a.render(w, r, http.StatusUnprocessableEntity, "account_login", page)
		return
	}
	now := a.now()
	lim := a.limits()
	if !lim.loginIP.Allow(clientIP(r), now) || !lim.loginAccount.Allow(email, now) {
		page.Alert = "account.error.rate_limited"
		a.render(w, r, http.StatusTooManyRequests, "account_login", page)
		return
	}
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	u, err := UserByEmail(ctx, a.DB.R(), siteID, email)
	if errors.Is(err, db.ErrNotFound) || (err == nil && u.Deleted()) {
		auth.CheckPassword(dummyHash(), pw)
		f.Fail("password", "account.login.bad_credentials")
		a.render(w, r, http.StatusUnprocessableEntity, "account_login", page)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if u.LockedUntil.After(now) {
		page.Alert = "account.login.locked"
		a.render(w, r, http.StatusTooManyRequests, "account_login", page)
		return
	}
	if !auth.CheckPassword(u.PasswordHash, pw) {
		locked, err := a.recordFailure(r, u, now)
		if err != nil {
			a.Errors.Error(w, r, err)
			return
		}
		if locked {
			page.Alert = "account.login.locked"
			a.render(w, r, http.StatusTooManyRequests, "account_login", page)
			return
		}
		f.Fail("password", "account.login.bad_credentials")
		a.render(w, r, http.StatusUnprocessableEntity, "account_login", page)
		return
	}
	if !u.Verified() {
		// The password was right, so saying so reveals nothing to a stranger.
		if err := a.sendVerification(r, u); err != nil {
			a.Errors.Error(w, r, err)
			return
		}
		page.Alert = "account.login.unverified"
		a.render(w, r, http.StatusForbidden, "account_login", page)
		return
	}
	if u.FailedLogins > 0 || !u.LockedUntil.IsZero() {
		if err := a.DB.InTx(ctx, func(tx *db.Tx) error {
			return setUser(ctx, tx, siteID, u.ID, `failed_logins = 0, locked_until = NULL`)
		}); err != nil {
			a.Errors.Error(w, r, err)
			return
		}
	}
	if err := a.Sessions.SignIn(r, u.ID); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	next := page.Next
	if next == "" {
		next = "/account"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// recordFailure counts a wrong password and locks the account at the
// maxFailures-th; it reports whether the account is now locked.
func (a *Accounts) recordFailure(r *http.Request, u *UserRecord, now time.Time) (bool, error) {
	ctx := r.Context()
	var locked bool
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins`,
			u.ID).Scan(&n); err != nil {
			return err
		}
		if n < maxFailures {
			return nil
		}
		locked = true
		_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`,
			db.Timestamp{Time: now.Add(lockFor)}, u.ID)
		return err
	})
	if locked {
		a.log().Warn("account locked after failed sign-ins", "user", u.ID, "ip", clientIP(r))
	}
	return locked, err
}

// LogoutPage asks to confirm signing out (a GET must not change state).
type LogoutPage struct{}

func (a *Accounts) logoutForm(w http.ResponseWriter, r *http.Request) {
	if auth.UserFrom(r.Context()) == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	a.render(w, r, http.StatusOK, "account_logout", LogoutPage{})
}

func (a *Accounts) logout(w http.ResponseWriter, r *http.Request) {
	if err := a.Sessions.SignOut(r); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
