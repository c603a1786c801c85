package account

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a set of token buckets by key (an IP address, an account), in
// memory and bounded: when full, buckets idle long enough to be full again
// are dropped, and if none is, the whole set is (an attacker filling it only
// resets everyone's allowance, which the lock-out in the database still
// backs up).
type limiter struct {
	every time.Duration // one more attempt per every
	burst int
	max   int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(every time.Duration, burst, max int) *limiter {
	return &limiter{every: every, burst: burst, max: max, buckets: map[string]*bucket{}}
}

// allow takes one attempt from key's bucket.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max {
			l.prune(now)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

func (l *limiter) prune(now time.Time) {
	full := l.every * time.Duration(l.burst)
	for k, b := range l.buckets {
		if now.Sub(b.seen) > full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= l.max {
		clear(l.buckets)
	}
}

// limits are the attempt budgets of the sign-in, sign-up and reset forms.
type limits struct {
	loginIP, loginAccount   *limiter
	signupIP, signupAccount *limiter
	resetIP, resetAccount   *limiter
}

func newLimits() *limits {
	const max = 10000
	return &limits{
		loginIP:      newLimiter(6*time.Second, 30, max),
		loginAccount: newLimiter(30*time.Second, 10, max),
		signupIP:     newLimiter(time.Minute, 10, max),
		// Each sign-up with a taken address mails its owner: bound that.
		signupAccount: newLimiter(10*time.Minute, 3, max),
		resetIP:       newLimiter(time.Minute, 10, max),
		resetAccount:  newLimiter(5*time.Minute, 3, max),
	}
}

// clientIP is the address the request came from. X-Forwarded-For is not
// trusted: anyone can write it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
