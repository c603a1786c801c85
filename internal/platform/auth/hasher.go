package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// ErrBusy is returned when no hashing slot came free in time. It wraps
// web.ErrBusy, which web.Errors answers 503 with Retry-After.
var ErrBusy = fmt.Errorf("auth: too many password hashes at once: %w", web.ErrBusy)

// Bounds of Passwords: each argon2id hash holds argonMemory (64 MiB) while
// it runs, so at most DefaultMaxHashes run at once (256 MiB), and a request
// waits at most DefaultHashWait for its turn before it is answered 503.
const (
	DefaultMaxHashes = 4
	DefaultHashWait  = 2 * time.Second
)

// Passwords is the process's hasher: every password hash and check of the
// server goes through it, so that a flood of sign-ins cannot take more
// memory than its bound.
var Passwords = NewHasher(DefaultMaxHashes, DefaultHashWait)

// Hasher hashes and checks passwords, at most max at once. Others wait for
// a slot at most wait, then give up with ErrBusy.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration

	mu                 sync.Mutex
	active, peak, runs int
}

// NewHasher returns a hasher running at most n hashes at once (at least
// one), a caller waiting at most wait for its turn.
func NewHasher(n int, wait time.Duration) *Hasher {
	return &Hasher{slots: make(chan struct{}, max(1, n)), wait: wait}
}

// Max is how many hashes may run at once.
func (h *Hasher) Max() int { return cap(h.slots) }

// Hash returns the argon2id hash of pw; ErrBusy when no slot came free in
// time, ctx's error when ctx ended first.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return hashPassword(pw)
}

// Check reports whether pw matches hash, in constant time. A hash that is
// not argon2id (a deleted account's) matches nothing. The error is ErrBusy
// or ctx's: the password was then not checked at all.
func (h *Hasher) Check(ctx context.Context, hash, pw string) (bool, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	ok, _ := checkPassword(hash, pw)
	return ok, nil
}

// acquire takes a slot, waiting at most h.wait.
func (h *Hasher) acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.slots <- struct{}{}:
		return h.enter(), nil
	default:
	}
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
		return h.enter(), nil
	case <-timer.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// enter counts a slot just taken and returns the function giving it back.
func (h *Hasher) enter() (release func()) {
	h.mu.Lock()
	h.active++
	h.runs++
	h.peak = max(h.peak, h.active)
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		h.active--
		h.mu.Unlock()
		<-h.slots
	}
}

// Peak is the most hashes that ran at the same time since the hasher was
// made or ResetPeak was called: what tests check the bound against.
func (h *Hasher) Peak() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.peak
}

// Runs is how many hashes started (slots taken) since the hasher was made:
// tests count the work a request did with it.
func (h *Hasher) Runs() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.runs
}

// ResetPeak starts a new measure of Peak.
func (h *Hasher) ResetPeak() {
	h.mu.Lock()
	h.peak = h.active
	h.mu.Unlock()
}

// Hold takes n slots, waiting for them as long as ctx allows, and
// returns the function that gives them back: tests use it to see what a
// saturated hasher answers.
func (h *Hasher) Hold(ctx context.Context, n int) (release func(), err error) {
	var held []func()
	giveBack := func() {
		for _, r := range held {
			r()
		}
	}
	for range n {
		select {
		case h.slots <- struct{}{}:
			held = append(held, h.enter())
		case <-ctx.Done():
			giveBack()
			return nil, ctx.Err()
		}
	}
	return giveBack, nil
}
