package account

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	inputs
	Form   *web.Form
	Next   string
	Notice string // a message key shown above the form
	Alert  string // a message key shown as an alert (rate limit, busy server)
	Wait   int    // minutes before this address may be tried again from here; 0 for none
}

func (a *Accounts) loginForm(w http.ResponseWriter, r *http.Request) {
	next := web.LocalTarget(r.URL.Query().Get("next"))
	if u := auth.UserFrom(r.Context()); u != nil {
		web.RedirectLocal(w, next, Landing(u.Role))
		return
	}
	a.render(w, r, http.StatusOK, "account_login", LoginPage{Form: web.NewForm(nil), Next: next})
}

// login checks a password. Whether an account has the address typed, the
// answers are the same and cost the same: one throttling record read and
// written, one user row read, one hash checked (NoAccountHash when there is
// no account). Budgets are spent before the hash is.
func (a *Accounts) login(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page := LoginPage{Form: f, Next: web.LocalTarget(f.Get("next"))}
	email := NormalizeEmail(f.Get("email"))
	pw := f.Values.Get("password")
	f.Values.Del("password") // never sent back
	if email == "" {
		f.Fail("email", "form.required")
	}
	if pw == "" {
		f.Fail("password", "form.required")
	} else if len(pw) > MaxPasswordBytes {
		// No account's password is that long (sign-up refuses it), so the
		// answer is a wrong password, the same for every address, unhashed.
		f.Fail("password", "account.login.bad_credentials")
	}
	if !f.Valid() {
		a.render(w, r, http.StatusUnprocessableEntity, "account_login", page)
		return
	}
	ctx := r.Context()
	now := a.now()
	siteID := web.SiteOf(ctx).ID
	ip := clientIP(r)
	if !a.limits().loginIP.Allow(ip, now) {
		page.Alert = "account.error.rate_limited"
		a.render(w, r, http.StatusTooManyRequests, "account_login", page)
		return
	}
	key := throttleKey(siteID, email, ip)
	failures, wait, err := beginAttempt(ctx, a.DB, key, now)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if wait > 0 {
		a.throttled(w, r, page, wait)
		return
	}
	a.sweepThrottle(ctx, now)
	u, err := UserByEmail(ctx, a.DB.R(), siteID, email)
	hash := auth.NoAccountHash
	switch {
	case errors.Is(err, db.ErrNotFound):
		u = nil
	case err != nil:
		a.Errors.Error(w, r, err)
		return
	case u.Deleted():
		u = nil
	default:
		hash = u.PasswordHash
	}
	ok, err := a.passwords().Check(ctx, hash, pw)
	if err != nil {
		// Not checked at all: the try does not count.
		if rerr := refundAttempt(context.WithoutCancel(ctx), a.DB, key, now); rerr != nil {
			a.log().Error("refund a sign-in attempt", "id", web.RequestID(ctx), "err", rerr)
		}
		if errors.Is(err, auth.ErrBusy) {
			page.Alert = "account.error.busy"
			a.busy(w, r, "account_login", page)
			return
		}
		a.Errors.Error(w, r, err)
		return
	}
	if !ok || u == nil {
		if wait := failures.Wait(now); wait > 0 {
			a.log().Warn("sign-in throttled", "ip", ip, "failures", failures.Count, "wait", wait)
			a.throttled(w, r, page, wait)
			return
		}
		f.Fail("password", "account.login.bad_credentials")
		a.render(w, r, http.StatusUnprocessableEntity, "account_login", page)
		return
	}
	if err := clearFailures(ctx, a.DB, key); err != nil {
		a.Errors.Error(w, r, err)
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
	if err := a.Sessions.SignIn(r, u.ID); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	web.RedirectLocal(w, page.Next, Landing(u.Role))
}

// Landing is where a person goes after signing in when no next page was
// asked for: the administration for those who work in it (editors and
// above, who see its link in the header), their account for everyone else.
func Landing(role auth.Role) string {
	if role.Rank() >= auth.Editor.Rank() {
		return "/admin"
	}
	return "/account"
}

// throttled answers 429: this address may not be tried from this client
// for wait, said in whole minutes and in Retry-After.
func (a *Accounts) throttled(w http.ResponseWriter, r *http.Request, page LoginPage, wait time.Duration) {
	page.Wait = int((wait + time.Minute - 1) / time.Minute)
	web.SetRetryAfter(w, wait)
	a.render(w, r, http.StatusTooManyRequests, "account_login", page)
}

// sweepThrottle removes old throttling records, at most hourly.
func (a *Accounts) sweepThrottle(ctx context.Context, now time.Time) {
	if !a.limits().sweepDue(now) {
		return
	}
	if err := sweepFailures(ctx, a.DB, now); err != nil {
		a.log().Error("sweep sign-in failures", "id", web.RequestID(ctx), "err", err)
	}
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
