package account

import "time"

// Sign-in throttling. Wrong passwords are counted per pair of the address
// typed and the client's IP address, whether or not an account has that
// address (so the answers do not tell), and never per account alone (so a
// stranger cannot lock the owner out: the owner signs in from their own
// address). After ThrottleFree failures in a row, the pair waits
// ThrottleFirst before its next try, then twice as long after each further
// failure, up to ThrottleMax. A success, or ThrottleForget without failure,
// starts the pair afresh. Against one address trying many accounts, the
// per-address rate limit of limits.loginIP applies as well.
const (
	ThrottleFree   = 5
	ThrottleFirst  = time.Minute
	ThrottleMax    = 15 * time.Minute
	ThrottleForget = 24 * time.Hour
)

// ThrottleDelay is the wait imposed after the n-th failure in a row: none
// up to ThrottleFree-1, then ThrottleFirst, doubling up to ThrottleMax.
func ThrottleDelay(n int) time.Duration {
	if n < ThrottleFree {
		return 0
	}
	d := ThrottleFirst
	for i := ThrottleFree; i < n && d < ThrottleMax; i++ {
		d *= 2
	}
	return min(d, ThrottleMax)
}

// Failures is the record of one (address typed, client address) pair.
type Failures struct {
	Count int       // failures in a row
	Last  time.Time // the last one; zero for none
	Until time.Time // no try before then; zero for none
}

// Wait is how long the pair must still wait before its next try at now; 0
// when it may try.
func (f Failures) Wait(now time.Time) time.Duration {
	if w := f.Until.Sub(now); w > 0 {
		return w
	}
	return 0
}

// Fail is the record after one more failure at now.
func (f Failures) Fail(now time.Time) Failures {
	if f.Last.IsZero() || now.Sub(f.Last) >= ThrottleForget {
		f = Failures{}
	}
	f.Count++
	f.Last = now
	f.Until = time.Time{}
	if d := ThrottleDelay(f.Count); d > 0 {
		f.Until = now.Add(d)
	}
	return f
}

// Refund takes back a failure counted before a password that was then not
// checked at all (the server was too busy): the pair waits as if that try
// had been the failure before it.
func (f Failures) Refund() Failures {
	if f.Count == 0 {
		return f
	}
	f.Count--
	f.Until = time.Time{}
	if d := ThrottleDelay(f.Count); d > 0 {
		f.Until = f.Last.Add(d)
	}
	return f
}
