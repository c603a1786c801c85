package ratelimit

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(time.Minute, 3, 2)
	for i := 0; i < 3; i++ {
		if !l.Allow("a", now) {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if l.Allow("a", now) {
		t.Error("a fourth attempt at once was allowed")
	}
	if !l.Allow("a", now.Add(time.Minute)) {
		t.Error("no attempt back after a minute")
	}
	// The map stays bounded.
	l.Allow("b", now)
	l.Allow("c", now)
	if len(l.buckets) > 2 {
		t.Errorf("%d buckets, max 2", len(l.buckets))
	}
}
