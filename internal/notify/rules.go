package notify

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Frequency is how often a person wants notification emails.
type Frequency string

const (
	Instant Frequency = "instant" // one email per event, at once (the default)
	Daily   Frequency = "daily"   // one digest a day
	Weekly  Frequency = "weekly"  // one digest a week
	Never   Frequency = "none"    // no notification email at all
)

// Frequencies lists the choices, in the order the settings show them.
var Frequencies = []Frequency{Instant, Daily, Weekly, Never}

// Valid reports whether f is one of Frequencies.
func (f Frequency) Valid() bool {
	switch f {
	case Instant, Daily, Weekly, Never:
		return true
	}
	return false
}

// Kinds of event.
const (
	KindProgress = "progress" // a progress update on a commitment
	KindResponse = "response" // the reasoned response to a proposal
	KindReply    = "reply"    // a reply to someone's comment
)

// Kinds lists the kinds of event Publish accepts.
var Kinds = []string{KindProgress, KindResponse, KindReply}

func validKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Target is something people follow: a kind and an id.
type Target struct {
	Kind string
	ID   int64
}

// String is the target's form in forms and logs: "commitment:12".
func (t Target) String() string { return t.Kind + ":" + strconv.FormatInt(t.ID, 10) }

// ParseTarget reads "kind:id". The kind is lower-case letters and
// underscores; the id is positive.
func ParseTarget(s string) (Target, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || !validTargetKind(kind) {
		return Target{}, fmt.Errorf("notify: bad target %q", s)
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return Target{}, fmt.Errorf("notify: bad target %q", s)
	}
	return Target{Kind: kind, ID: n}, nil
}

func validTargetKind(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, c := range k {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// DigestHour is the local hour at which digests go out.
const DigestHour = 8

// DigestSlot returns the latest digest time of frequency f (Daily or
// Weekly) at or before now, in loc: 08:00 local every day, or on Mondays.
// A notification created before the slot belongs to the digest sent at the
// slot; a later one waits for the next. The slot is computed from the wall
// clock of loc, so it stays at 08:00 across daylight-saving and Ramadan
// changes of Africa/Casablanca.
func DigestSlot(f Frequency, loc *time.Location, now time.Time) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	slot := time.Date(t.Year(), t.Month(), t.Day(), DigestHour, 0, 0, 0, loc)
	if f == Weekly {
		back := (int(slot.Weekday()) + 6) % 7 // days since Monday
		slot = time.Date(t.Year(), t.Month(), t.Day()-back, DigestHour, 0, 0, 0, loc)
		if slot.After(now) {
			slot = time.Date(t.Year(), t.Month(), t.Day()-back-7, DigestHour, 0, 0, 0, loc)
		}
		return slot
	}
	if slot.After(now) {
		slot = time.Date(t.Year(), t.Month(), t.Day()-1, DigestHour, 0, 0, 0, loc)
	}
	return slot
}

// NextDigest returns the first digest time of f strictly after t.
func NextDigest(f Frequency, loc *time.Location, t time.Time) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	l := t.In(loc)
	days := 1
	if f == Weekly {
		days = 7
	}
	// The slot at or before t, moved on by one period, is after t.
	s := DigestSlot(f, loc, t).In(loc)
	return time.Date(s.Year(), s.Month(), s.Day()+days, DigestHour, 0, 0, 0, loc).In(l.Location())
}

// Unsubscribe tokens are 32 random bytes, base64url without padding (43
// characters), prefixed "u_" so they are recognisable; only their SHA-256
// is stored.
const tokenPrefix = "u_"

func newToken() (plain, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	plain = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashToken(plain)
}

// wellFormedToken reports whether s has the shape of an unsubscribe token,
// so that garbage is refused before any database lookup.
func wellFormedToken(s string) bool {
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok || len(rest) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil && len(b) == 32
}

func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
