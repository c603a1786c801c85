package notify

import (
	"strings"
	"testing"
	"time"
)

func casablanca(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Skipf("no tz database: %v", err)
	}
	return loc
}

func TestDigestSlotDaily(t *testing.T) {
	loc := casablanca(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	for _, c := range []struct {
		now, want time.Time
	}{
		{at(2026, 5, 12, 7, 59), at(2026, 5, 11, 8, 0)},  // before 08:00: yesterday's
		{at(2026, 5, 12, 8, 0), at(2026, 5, 12, 8, 0)},   // exactly at the slot
		{at(2026, 5, 12, 23, 30), at(2026, 5, 12, 8, 0)}, // late evening
		{at(2026, 1, 1, 0, 5), at(2025, 12, 31, 8, 0)},   // across a year
		{at(2026, 3, 1, 7, 0), at(2026, 2, 28, 8, 0)},    // across a month
	} {
		if got := DigestSlot(Daily, loc, c.now); !got.Equal(c.want) {
			t.Errorf("daily slot at %v = %v, want %v", c.now, got, c.want)
		}
	}
	// The slot is 08:00 on the site's wall clock, not in UTC: 07:30 UTC is
	// 08:30 in Casablanca on UTC+1.
	now := time.Date(2026, 5, 12, 7, 30, 0, 0, time.UTC)
	if got := DigestSlot(Daily, loc, now); !got.Equal(at(2026, 5, 12, 8, 0)) {
		t.Errorf("slot in Casablanca at 07:30 UTC = %v", got.In(loc))
	}
	if got := DigestSlot(Daily, time.UTC, now); !got.Equal(time.Date(2026, 5, 11, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("slot in UTC at 07:30 UTC = %v", got)
	}
}

func TestDigestSlotWeekly(t *testing.T) {
	loc := casablanca(t)
	at := func(d, h, min int) time.Time { return time.Date(2026, 5, d, h, min, 0, 0, loc) }
	// May 2026: Monday the 4th, 11th, 18th.
	for _, c := range []struct {
		now, want time.Time
	}{
		{at(11, 7, 59), at(4, 8, 0)},   // Monday before 08:00: last week's
		{at(11, 8, 0), at(11, 8, 0)},   // Monday 08:00
		{at(13, 12, 0), at(11, 8, 0)},  // Wednesday
		{at(17, 23, 59), at(11, 8, 0)}, // Sunday night
		{at(18, 8, 1), at(18, 8, 0)},   // next Monday
	} {
		got := DigestSlot(Weekly, loc, c.now)
		if !got.Equal(c.want) {
			t.Errorf("weekly slot at %v = %v, want %v", c.now, got, c.want)
		}
		if got.In(loc).Weekday() != time.Monday {
			t.Errorf("weekly slot %v is not a Monday", got)
		}
	}
}

// TestDigestSlotAcrossClockChanges walks every hour from February to May
// 2026, through Morocco's changes of offset around Ramadan: the slot is
// always 08:00 local, at or before now, and less than a period before it.
func TestDigestSlotAcrossClockChanges(t *testing.T) {
	loc := casablanca(t)
	for now := time.Date(2026, 2, 1, 0, 30, 0, 0, loc); now.Before(time.Date(2026, 5, 1, 0, 0, 0, 0, loc)); now = now.Add(time.Hour) {
		for _, f := range []Frequency{Daily, Weekly} {
			s := DigestSlot(f, loc, now)
			l := s.In(loc)
			period := 25 * time.Hour
			if f == Weekly {
				period = 7*24*time.Hour + time.Hour
			}
			switch {
			case l.Hour() != DigestHour || l.Minute() != 0:
				t.Fatalf("%s slot at %v is %v", f, now, l)
			case s.After(now) || now.Sub(s) >= period:
				t.Fatalf("%s slot at %v is %v", f, now, l)
			case f == Weekly && l.Weekday() != time.Monday:
				t.Fatalf("weekly slot at %v is a %v", now, l.Weekday())
			}
			if next := NextDigest(f, loc, now); !next.After(now) || next.In(loc).Hour() != DigestHour || !DigestSlot(f, loc, next).Equal(next) {
				t.Fatalf("%s next digest after %v is %v", f, now, next.In(loc))
			}
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]Target{"commitment:12": {"commitment", 12}, "proposal:1": {"proposal", 1},
		"news_post:9": {"news_post", 9}} {
		got, err := ParseTarget(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParseTarget(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "commitment", "commitment:", ":12", "commitment:0", "commitment:-1", "commitment:012",
		"Commitment:12", "commitment:12:3", "commit ment:1", "commitment:1e3", "commitment: 12", strings.Repeat("a", 41) + ":1"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}

func TestUnsubscribeTokens(t *testing.T) {
	plain, hash := newToken()
	if !wellFormedToken(plain) || hashToken(plain) != hash || len(hash) != 64 {
		t.Fatalf("token %q, hash %q", plain, hash)
	}
	other, _ := newToken()
	if other == plain {
		t.Error("two tokens are equal")
	}
	for _, bad := range []string{"", "u_", plain[:len(plain)-1], plain + "A", "x" + plain[1:], strings.Replace(plain, "u_", "v_", 1),
		"u_" + strings.Repeat("!", 43), hash} {
		if wellFormedToken(bad) {
			t.Errorf("%q is well formed", bad)
		}
	}
}

func TestFrequency(t *testing.T) {
	for _, f := range Frequencies {
		if !f.Valid() {
			t.Errorf("%q invalid", f)
		}
	}
	if Frequency("hourly").Valid() || Frequency("").Valid() {
		t.Error("unknown frequency valid")
	}
}

func TestEventValidate(t *testing.T) {
	ok := Event{SiteID: 1, Kind: KindProgress, Target: Target{"commitment", 3}, URL: "/commitments/3#updates"}
	if err := ok.validate(); err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*Event){
		"no site":       func(e *Event) { e.SiteID = 0 },
		"unknown kind":  func(e *Event) { e.Kind = "like" },
		"no target":     func(e *Event) { e.Target = Target{} },
		"absolute URL":  func(e *Event) { e.URL = "https://evil.example/x" },
		"scheme-less":   func(e *Event) { e.URL = "//evil.example/x" },
		"newline":       func(e *Event) { e.URL = "/x\r\nBcc: a@b" },
		"backslash":     func(e *Event) { e.URL = `/\evil.example` },
		"relative path": func(e *Event) { e.URL = "commitments/3" },
	} {
		e := ok
		mod(&e)
		if err := e.validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("  a  b\n c ", 10); got != "a b c" {
		t.Errorf("%q", got)
	}
	long := strings.Repeat("كلمة ", 100)
	got := shorten(long, 50)
	if n := len([]rune(got)); n > 51 || !strings.HasSuffix(got, "…") || strings.Contains(got, " …") {
		t.Errorf("%q (%d)", got, n)
	}
}
