package account

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 12

// CheckNewPassword returns the message key of what is wrong with a new
// password, or "".
func CheckNewPassword(pw string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n == 0:
		return "form.required"
	case n < MinPasswordLength:
		return "account.password.too_short"
	case len(pw) > MaxPasswordBytes:
		return "account.password.too_long"
	}
	return ""
}

// SignupPage is the sign-up form.
type SignupPage struct {
	inputs
	Form  *web.Form
	Alert string
	Min   int
}

func (a *Accounts) signupForm(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "account_signup", SignupPage{Form: web.NewForm(nil), Min: MinPasswordLength})
}

func (a *Accounts) signup(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page := SignupPage{Form: f, Min: MinPasswordLength}
	pw := f.Values.Get("password")
	f.Values.Del("password")
	name, email := f.Get("name"), NormalizeEmail(f.Get("email"))
	f.Required("name", "email")
	if email != "" && !ValidEmail(email) {
		f.Fail("email", "account.email.invalid")
	}
	if utf8.RuneCountInString(name) > MaxPersonNameLen {
		f.Fail("name", "account.name.too_long")
	}
	if key := CheckNewPassword(pw); key != "" {
		f.Fail("password", key, "Min", MinPasswordLength)
	}
	if !f.Valid() {
		a.render(w, r, http.StatusUnprocessableEntity, "account_signup", page)
		return
	}
	if !a.limits().signupIP.Allow(clientIP(r), a.now()) || !a.limits().signupAccount.Allow(email, a.now()) {
		page.Alert = "account.error.rate_limited"
		a.render(w, r, http.StatusTooManyRequests, "account_signup", page)
		return
	}
	// Hash before knowing whether the address is taken, so both answers take
	// as long.
	hash, err := a.passwords().Hash(r.Context(), pw)
	if errors.Is(err, auth.ErrBusy) {
		page.Alert = "account.error.busy"
		a.busy(w, r, "account_signup", page)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	ctx := r.Context()
	site := web.SiteOf(ctx)
	u := &UserRecord{SiteID: site.ID, Email: email, Name: name, PasswordHash: hash, Role: auth.Citizen, Locale: web.Locale(ctx)}
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := CreateUser(ctx, tx, u); err != nil {
			return err
		}
		token, err := IssueUserToken(ctx, tx, u.ID, PurposeVerify, "", a.now())
		if err != nil {
			return err
		}
		return a.sendIn(ctx, tx, u.Email, u.Locale, "account.mail.verify", "Name", u.Name, "Link", a.siteURL(r, "/verify", "token", token))
	})
	switch {
	case db.IsUniqueViolation(err):
		// The address has an account: tell its owner, and answer the visitor
		// exactly as for a new address.
		if owner, err := UserByEmail(ctx, a.DB.R(), site.ID, email); err == nil && !owner.Deleted() {
			a.send(ctx, owner.Email, owner.Locale, "account.mail.exists",
				"Name", owner.Name, "Login", a.siteURL(r, "/login"), "Reset", a.siteURL(r, "/password/reset"))
		}
	case err != nil:
		a.Errors.Error(w, r, err)
		return
	}
	a.notice(w, r, http.StatusOK, Notice{Title: "account.signup.sent.title", Body: "account.signup.sent.body"})
}

// sendVerification emails a fresh verification link.
func (a *Accounts) sendVerification(r *http.Request, u *UserRecord) error {
	ctx := r.Context()
	return a.DB.InTx(ctx, func(tx *db.Tx) error {
		token, err := IssueUserToken(ctx, tx, u.ID, PurposeVerify, "", a.now())
		if err != nil {
			return err
		}
		return a.sendIn(ctx, tx, u.Email, u.Locale, "account.mail.verify", "Name", u.Name, "Link", a.siteURL(r, "/verify", "token", token))
	})
}

// verifyForm: GET /verify?token=, the emailed link. It checks the token
// without using it and shows the button that confirms the address.
func (a *Accounts) verifyForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if _, err := CheckUserToken(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, token, PurposeVerify, a.now()); err != nil {
		a.tokenOutcome(w, r, err, Notice{})
		return
	}
	a.linkPage(w, r, LinkPage{Title: "account.verify.title", Body: "account.verify.body", Button: "account.verify.button",
		Action: "/verify", Token: token})
}

// verify: POST /verify, the button of the link's page.
func (a *Accounts) verify(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		t, err := UseUserToken(ctx, tx, siteID, f.Values.Get("token"), PurposeVerify, a.now())
		if err != nil {
			return err
		}
		return MarkVerified(ctx, tx, siteID, t.UserID)
	})
	a.tokenOutcome(w, r, err, Notice{Title: "account.verify.done.title", Body: "account.verify.done.body",
		Link: "/login", LinkText: "account.login.title"})
}

// tokenOutcome answers an emailed link: the success notice, or a page
// saying the link is invalid or expired.
func (a *Accounts) tokenOutcome(w http.ResponseWriter, r *http.Request, err error, ok Notice) {
	linkHeaders(w)
	switch {
	case errors.Is(err, ErrBadToken):
		a.notice(w, r, http.StatusBadRequest, Notice{Title: "account.link.bad.title", Body: "account.link.bad.body",
			Alert: true, Link: "/password/reset", LinkText: "account.reset.title"})
	case err != nil:
		a.Errors.Error(w, r, err)
	default:
		a.notice(w, r, http.StatusOK, ok)
	}
}
