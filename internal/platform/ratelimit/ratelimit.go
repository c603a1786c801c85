// Package ratelimit bounds how often a client or an account may do
// something (sign in, post a comment, sign a petition), in memory.
package ratelimit

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a set of token buckets by key (an IP address, an account), in
// memory and bounded: when full, buckets idle long enough to be full again
// are dropped, and if none is, the whole set is (an attacker filling it only
// resets everyone's allowance, which sign-in throttling in the database still
// backs up).
type Limiter struct {
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

// New allows burst attempts at once per key, then one more per every; it
// keeps at most max keys.
func New(every time.Duration, burst, max int) *Limiter {
	return &Limiter{every: every, burst: burst, max: max, buckets: map[string]*bucket{}}
}

// Allow takes one attempt from key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string, now time.Time) bool {
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

func (l *Limiter) prune(now time.Time) {
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

// ClientIP is the address the request came from: the socket's peer, which
// web.TrustedProxies has already replaced with the client's address when
// the peer is a trusted reverse proxy. X-Forwarded-For is never read here:
// anyone can write it.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
