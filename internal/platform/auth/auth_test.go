package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

func TestRoles(t *testing.T) {
	editor := &User{Role: Editor}
	for _, tt := range []struct {
		u    *User
		r    Role
		want bool
	}{
		{nil, Citizen, false},
		{editor, Citizen, true},
		{editor, Editor, true},
		{editor, Moderator, false},
		{editor, Admin, false},
		{&User{Role: Admin}, Editor, true},
		{&User{Role: "root"}, Citizen, false},
		{editor, "root", false},
	} {
		if got := tt.u.AtLeast(tt.r); got != tt.want {
			t.Errorf("%v.AtLeast(%s) = %v", tt.u, tt.r, got)
		}
	}
}

func TestPassword(t *testing.T) {
	ctx := context.Background()
	h, err := HashPassword("كلمة سر طويلة")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q", h)
	}
	for _, c := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "كلمة سر طويلة", true},
		{h, "كلمة سر طويلة ", false},
		{"garbage", "x", false},
		{"!deleted", "", false},
		{NoAccountHash, "", false},
		{NoAccountHash, "كلمة سر طويلة", false},
	} {
		if ok, err := Passwords.Check(ctx, c.hash, c.pw); ok != c.want || err != nil {
			t.Errorf("Check(%.20q, %q) = %v, %v; want %v", c.hash, c.pw, ok, err, c.want)
		}
	}
	h2, _ := HashPassword("كلمة سر طويلة")
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	// The hash checked when no account has the address costs what a real
	// one costs: the same parameters.
	if a, b := strings.Split(NoAccountHash, "$"), strings.Split(h, "$"); len(a) != 6 || strings.Join(a[:4], "$") != strings.Join(b[:4], "$") ||
		len(a[4]) != len(b[4]) || len(a[5]) != len(b[5]) {
		t.Errorf("NoAccountHash %q has other parameters than %q", NoAccountHash, h)
	}
}

// However many ask at once, no more than the bound hash at the same time;
// the others wait their turn.
func TestHasherBound(t *testing.T) {
	h := NewHasher(2, time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := range 6 {
		wg.Go(func() {
			if i%2 == 0 {
				_, err := h.Hash(context.Background(), "a password")
				errs <- err
				return
			}
			_, err := h.Check(context.Background(), NoAccountHash, "a password")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a hash failed while waiting its turn: %v", err)
		}
	}
	if p := h.Peak(); p < 1 || p > 2 {
		t.Errorf("peak of concurrent hashes %d, want 1 to 2", p)
	}
	if h.Max() != 2 {
		t.Errorf("Max = %d", h.Max())
	}
}

// A hasher without a free slot in time gives up with ErrBusy, which the
// web layer knows as busy; a request that ends stops waiting.
func TestHasherBusy(t *testing.T) {
	h := NewHasher(1, 10*time.Millisecond)
	ctx := context.Background()
	release, err := h.Hold(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Check(ctx, NoAccountHash, "x"); !errors.Is(err, ErrBusy) || !errors.Is(err, web.ErrBusy) {
		t.Errorf("Check while full: %v, want ErrBusy", err)
	}
	if _, err := h.Hash(ctx, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("Hash while full: %v, want ErrBusy", err)
	}
	slow := NewHasher(1, time.Hour)
	releaseSlow, _ := slow.Hold(ctx, 1)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := slow.Check(cancelled, NoAccountHash, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("Check with an ended request: %v", err)
	}
	releaseSlow()
	release()
	if ok, err := h.Check(ctx, NoAccountHash, "x"); ok || err != nil {
		t.Errorf("Check once free: %v, %v", ok, err)
	}
	if h.Peak() != 1 {
		t.Errorf("peak %d, want 1", h.Peak())
	}
}
