package account

import (
	"net/http"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/ratelimit"
)

type limiter = ratelimit.Limiter

// limits are the attempt budgets of the forms, in memory. Every form that
// hashes or checks a password takes from them before it does: a refused
// attempt costs no hash. Sign-in has, besides, its throttling per address
// typed and client address, in the database (throttle.go).
type limits struct {
	// loginIP bounds one client address across every address typed, against
	// trying one password on many accounts. There is no budget per account
	// alone: anyone could spend it and keep the owner out.
	loginIP                 *limiter
	signupIP, signupAccount *limiter
	resetIP, resetAccount   *limiter
	// resetConfirmIP bounds the new passwords one client may send with
	// reset links (each is hashed).
	resetConfirmIP *limiter
	// confirmUser and confirmIP bound the password confirmations of the
	// account page (change of email, deletion) per person and per client.
	confirmUser, confirmIP *limiter

	sweepMu sync.Mutex
	sweptAt time.Time // the last sweep of sign_in_failures
}

func newLimits() *limits {
	const max = 10000
	return &limits{
		loginIP:  ratelimit.New(6*time.Second, 30, max),
		signupIP: ratelimit.New(time.Minute, 10, max),
		// Each sign-up with a taken address mails its owner: bound that.
		signupAccount:  ratelimit.New(10*time.Minute, 3, max),
		resetIP:        ratelimit.New(time.Minute, 10, max),
		resetAccount:   ratelimit.New(5*time.Minute, 3, max),
		resetConfirmIP: ratelimit.New(time.Minute, 10, max),
		confirmUser:    ratelimit.New(time.Minute, 5, max),
		confirmIP:      ratelimit.New(6*time.Second, 20, max),
	}
}

// sweepDue reports whether the throttling table is due for a sweep (at
// most hourly), and if so counts it as done.
func (l *limits) sweepDue(now time.Time) bool {
	l.sweepMu.Lock()
	defer l.sweepMu.Unlock()
	if !l.sweptAt.IsZero() && now.Sub(l.sweptAt) < time.Hour {
		return false
	}
	l.sweptAt = now
	return true
}

// clientIP is the address every per-address limit of the feature uses.
func clientIP(r *http.Request) string { return ratelimit.ClientIP(r) }
