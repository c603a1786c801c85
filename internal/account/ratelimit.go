package account

import (
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/ratelimit"
)

type limiter = ratelimit.Limiter

// limits are the attempt budgets of the sign-in, sign-up and reset forms.
type limits struct {
	loginIP, loginAccount   *limiter
	signupIP, signupAccount *limiter
	resetIP, resetAccount   *limiter
}

func newLimits() *limits {
	const max = 10000
	return &limits{
		loginIP:      ratelimit.New(6*time.Second, 30, max),
		loginAccount: ratelimit.New(30*time.Second, 10, max),
		signupIP:     ratelimit.New(time.Minute, 10, max),
		// Each sign-up with a taken address mails its owner: bound that.
		signupAccount: ratelimit.New(10*time.Minute, 3, max),
		resetIP:       ratelimit.New(time.Minute, 10, max),
		resetAccount:  ratelimit.New(5*time.Minute, 3, max),
	}
}

func clientIP(r *http.Request) string { return ratelimit.ClientIP(r) }
