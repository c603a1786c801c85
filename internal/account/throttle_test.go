package account

import (
	"testing"
	"time"
)

func TestThrottleDelay(t *testing.T) {
	m := time.Minute
	for n, want := range map[int]time.Duration{
		0: 0, 1: 0, 4: 0, 5: m, 6: 2 * m, 7: 4 * m, 8: 8 * m, 9: 15 * m, 10: 15 * m, 100: 15 * m, 1 << 20: 15 * m,
	} {
		if got := ThrottleDelay(n); got != want {
			t.Errorf("ThrottleDelay(%d) = %v, want %v", n, got, want)
		}
	}
}

// A pair trying as soon as it may: four failures are free, the fifth makes
// it wait a minute, each further one twice as long, up to fifteen minutes.
func TestFailuresGrowingWaits(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var f Failures
	for i, want := range []time.Duration{0, 0, 0, 0, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		15 * time.Minute, 15 * time.Minute} {
		if w := f.Wait(now); w != 0 {
			t.Fatalf("try %d: must still wait %v", i+1, w)
		}
		f = f.Fail(now)
		if f.Count != i+1 || f.Wait(now) != want {
			t.Fatalf("after failure %d: count %d, wait %v, want %v", i+1, f.Count, f.Wait(now), want)
		}
		if want > 0 {
			if w := f.Wait(now.Add(want - time.Second)); w != time.Second {
				t.Fatalf("after failure %d: %v left a second before the end, want 1s", i+1, w)
			}
		}
		now = now.Add(want)
	}
}

func TestFailuresForgetAndRefund(t *testing.T) {
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var f Failures
	for range 6 {
		f = f.Fail(start)
	}
	// A day without failure: the pair starts afresh.
	later := start.Add(ThrottleForget)
	if g := f.Fail(later); g.Count != 1 || g.Wait(later) != 0 {
		t.Errorf("a failure a day later: %+v, want a fresh count of 1", g)
	}
	// Less than a day: the count goes on.
	soon := start.Add(ThrottleForget - time.Minute)
	if g := f.Fail(soon); g.Count != 7 || g.Wait(soon) != 4*time.Minute {
		t.Errorf("a failure within the day: %+v", g)
	}

	// A refunded try (the password was not checked) counts for nothing.
	var r Failures
	for range 4 {
		r = r.Fail(start)
	}
	if g := r.Fail(start).Refund(); g.Count != 4 || g.Wait(start) != 0 {
		t.Errorf("refund of the fifth: %+v, want four failures and no wait", g)
	}
	if g := f.Fail(start).Refund(); g.Count != 6 || g.Wait(start) != 2*time.Minute {
		t.Errorf("refund of the seventh: %+v, want six failures and their wait", g)
	}
	if g := (Failures{}).Refund(); g.Count != 0 {
		t.Errorf("refund of nothing: %+v", g)
	}
}

// The key of a pair depends on the site, the address typed (as it is
// stored: trimmed, lower-cased) and the client address, on nothing else.
func TestThrottleKey(t *testing.T) {
	k := throttleKey(1, "Amina@Example.ma ", "192.0.2.1")
	if k != throttleKey(1, "amina@example.ma", "192.0.2.1") {
		t.Error("the key depends on the case of the address")
	}
	for _, other := range []string{throttleKey(2, "amina@example.ma", "192.0.2.1"), throttleKey(1, "amina@example.org", "192.0.2.1"),
		throttleKey(1, "amina@example.ma", "192.0.2.2")} {
		if other == k {
			t.Error("two pairs share a key")
		}
	}
}
