package account

import (
	"errors"
	"net/http"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// ResetPage is the form asking for the address to send a reset link to.
type ResetPage struct {
	inputs
	Form  *web.Form
	Alert string
}

func (a *Accounts) resetForm(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "account_reset", ResetPage{Form: web.NewForm(nil)})
}

func (a *Accounts) reset(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page := ResetPage{Form: f}
	email := NormalizeEmail(f.Get("email"))
	f.Required("email")
	if email != "" && !ValidEmail(email) {
		f.Fail("email", "account.email.invalid")
	}
	if !f.Valid() {
		a.render(w, r, http.StatusUnprocessableEntity, "account_reset", page)
		return
	}
	now := a.now()
	if !a.limits().resetIP.Allow(clientIP(r), now) || !a.limits().resetAccount.Allow(email, now) {
		page.Alert = "account.error.rate_limited"
		a.render(w, r, http.StatusTooManyRequests, "account_reset", page)
		return
	}
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	u, err := UserByEmail(ctx, a.DB.R(), siteID, email)
	switch {
	case errors.Is(err, db.ErrNotFound):
	case err != nil:
		a.Errors.Error(w, r, err)
		return
	case !u.Deleted():
		if err := a.DB.InTx(ctx, func(tx *db.Tx) error {
			token, err := IssueUserToken(ctx, tx, u.ID, PurposeReset, "", now)
			if err != nil {
				return err
			}
			return a.sendIn(ctx, tx, u.Email, u.Locale, "account.mail.reset", "Name", u.Name,
				"Link", a.siteURL(r, "/password/reset/confirm", "token", token))
		}); err != nil {
			a.Errors.Error(w, r, err)
			return
		}
	}
	a.notice(w, r, http.StatusOK, Notice{Title: "account.reset.sent.title", Body: "account.reset.sent.body"})
}

// ResetConfirmPage is the form choosing a new password.
type ResetConfirmPage struct {
	inputs
	Form  *web.Form
	Token string
	Min   int
}

func (a *Accounts) resetConfirmForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if _, err := CheckUserToken(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, token, PurposeReset, a.now()); err != nil {
		a.tokenOutcome(w, r, err, Notice{})
		return
	}
	// The token is in the URL: keep it out of caches and of the Referer of any link followed.
	linkHeaders(w)
	a.render(w, r, http.StatusOK, "account_reset_confirm", ResetConfirmPage{Form: web.NewForm(nil), Token: token, Min: MinPasswordLength})
}

func (a *Accounts) resetConfirm(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	pw := f.Values.Get("password")
	f.Values.Del("password")
	token := f.Values.Get("token")
	if key := CheckNewPassword(pw); key != "" {
		f.Fail("password", key, "Min", MinPasswordLength)
		linkHeaders(w)
		a.render(w, r, http.StatusUnprocessableEntity, "account_reset_confirm", ResetConfirmPage{Form: f, Token: token, Min: MinPasswordLength})
		return
	}
	// The budget is spent, and the link checked, before the new password
	// is hashed: a made-up token costs no hash.
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	if !a.limits().resetConfirmIP.Allow(clientIP(r), a.now()) {
		f.Fail("password", "account.error.rate_limited")
		a.resetConfirmAgain(w, r, http.StatusTooManyRequests, f, token)
		return
	}
	if _, err := CheckUserToken(ctx, a.DB.R(), siteID, token, PurposeReset, a.now()); err != nil {
		a.tokenOutcome(w, r, err, Notice{})
		return
	}
	hash, err := a.passwords().Hash(ctx, pw)
	if errors.Is(err, auth.ErrBusy) {
		f.Fail("password", "account.error.busy")
		web.SetRetryAfter(w, web.RetryBusy)
		a.resetConfirmAgain(w, r, http.StatusServiceUnavailable, f, token)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var userID int64
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		t, err := UseUserToken(ctx, tx, siteID, token, PurposeReset, a.now())
		if err != nil {
			return err
		}
		userID = t.UserID
		if err := SetPassword(ctx, tx, siteID, t.UserID, hash); err != nil {
			return err
		}
		// The link reached the inbox, which is what verification proves.
		return MarkVerified(ctx, tx, siteID, t.UserID)
	})
	if err == nil {
		// Whoever knew the old password is signed out everywhere.
		err = a.Sessions.DeleteUserSessions(ctx, userID)
	}
	a.tokenOutcome(w, r, err, Notice{Title: "account.reset.done.title", Body: "account.reset.done.body",
		Link: "/login", LinkText: "account.login.title"})
}

// resetConfirmAgain shows the new-password form again with f's messages.
func (a *Accounts) resetConfirmAgain(w http.ResponseWriter, r *http.Request, status int, f *web.Form, token string) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	a.render(w, r, status, "account_reset_confirm", ResetConfirmPage{Form: f, Token: token, Min: MinPasswordLength})
}
