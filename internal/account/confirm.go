package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/web"
)

// confirmPassword checks the password that a form of the account page (the
// change of email, the deletion) asks for, and fails f's password field
// when it is missing or wrong. The budgets per person and per client are
// spent before the hash is. When the password could not be checked, status
// is the answer to give with the form (429 past the budgets, 503 with
// Retry-After when the hasher is busy); otherwise it is 0.
func (a *Accounts) confirmPassword(w http.ResponseWriter, r *http.Request, f *web.Form, u *UserRecord, pw string) (status int, err error) {
	if pw == "" {
		f.Fail("password", "form.required")
		return 0, nil
	}
	if len(pw) > MaxPasswordBytes { // no password is that long: not worth a hash
		f.Fail("password", "account.password.wrong")
		return 0, nil
	}
	now, lim := a.now(), a.limits()
	if !lim.confirmUser.Allow(strconv.FormatInt(u.ID, 10), now) || !lim.confirmIP.Allow(clientIP(r), now) {
		f.Fail("password", "account.error.rate_limited")
		return http.StatusTooManyRequests, nil
	}
	ok, err := a.passwords().Check(r.Context(), u.PasswordHash, pw)
	switch {
	case errors.Is(err, auth.ErrBusy):
		f.Fail("password", "account.error.busy")
		web.SetRetryAfter(w, web.RetryBusy)
		return http.StatusServiceUnavailable, nil
	case err != nil:
		return 0, err
	case !ok:
		f.Fail("password", "account.password.wrong")
	}
	return 0, nil
}
