package event

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

func ts(h int) db.Timestamp {
	return db.Timestamp{Time: time.Date(2020, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)}
}

func TestCheck(t *testing.T) {
	good := Event{StartsAt: ts(9), EndsAt: ts(12), Timezone: "Africa/Casablanca", OnlineURL: "https://example.org/live"}
	if p := Check(&good); len(p) != 0 {
		t.Errorf("a good event breaks %v", p)
	}
	fields := func(e Event) string {
		var out []string
		for _, p := range Check(&e) {
			out = append(out, p.Field+"="+p.Key)
		}
		return strings.Join(out, ",")
	}
	for name, c := range map[string]struct {
		e    Event
		want string
	}{
		"end before start":    {Event{StartsAt: ts(9), EndsAt: ts(8), Timezone: "UTC", OnlineURL: "x"}, "ends_at=eventadmin.error.end_before_start"},
		"end at start":        {Event{StartsAt: ts(9), EndsAt: ts(9), Timezone: "UTC", OnlineURL: "x"}, "ends_at=eventadmin.error.end_before_start"},
		"deadline after":      {Event{StartsAt: ts(9), EndsAt: ts(10), Deadline: ts(10), Timezone: "UTC", OnlineURL: "x"}, "deadline=eventadmin.error.deadline_after_start"},
		"deadline at start":   {Event{StartsAt: ts(9), EndsAt: ts(10), Deadline: ts(9), Timezone: "UTC", OnlineURL: "x"}, ""},
		"unknown zone":        {Event{StartsAt: ts(9), EndsAt: ts(10), Timezone: "Africa/Atlantis", OnlineURL: "x"}, "timezone=eventadmin.error.timezone"},
		"local zone":          {Event{StartsAt: ts(9), EndsAt: ts(10), Timezone: "Local", OnlineURL: "x"}, "timezone=eventadmin.error.timezone"},
		"negative capacity":   {Event{StartsAt: ts(9), EndsAt: ts(10), Capacity: -1, Place: i18n.Text{i18n.FR: "Tanger"}}, "capacity=eventadmin.error.capacity"},
		"no place nor link":   {Event{StartsAt: ts(9), EndsAt: ts(10), Place: i18n.Text{i18n.AR: ""}}, "place_ar=eventadmin.error.place_or_link"},
		"place in one tongue": {Event{StartsAt: ts(9), EndsAt: ts(10), Place: i18n.Text{i18n.EN: "Tangier"}}, ""},
	} {
		if got := fields(c.e); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

func TestRegistrationWindow(t *testing.T) {
	e := Event{StartsAt: ts(9), EndsAt: ts(12), Registration: true}
	if !e.RegistrationOpen(ts(8).Time) || e.RegistrationOpen(ts(9).Time) {
		t.Error("without a deadline, registration closes at the start")
	}
	e.Deadline = ts(6)
	if !e.RegistrationOpen(ts(5).Time) || e.RegistrationOpen(ts(6).Time) {
		t.Error("registration closes at the deadline")
	}
	e.Registration = false
	if e.RegistrationOpen(ts(0).Time) {
		t.Error("an event without registration is never open")
	}
	if e.Past(ts(11).Time) || !e.Past(ts(12).Time) {
		t.Error("Past")
	}
}

func TestCapacity(t *testing.T) {
	for _, c := range []struct {
		capacity, confirmed int
		want                Status
	}{{0, 1000, Confirmed}, {3, 0, Confirmed}, {3, 2, Confirmed}, {3, 3, Waiting}, {3, 5, Waiting}} {
		if got := Place(c.capacity, c.confirmed); got != c.want {
			t.Errorf("Place(%d, %d) = %s, want %s", c.capacity, c.confirmed, got, c.want)
		}
	}
	for _, c := range []struct{ capacity, confirmed, waiting, want int }{
		{3, 2, 5, 1}, {3, 3, 5, 0}, {3, 0, 1, 1}, {5, 1, 2, 2}, {0, 9, 4, 4}, {3, 4, 2, 0},
	} {
		if got := Promotions(c.capacity, c.confirmed, c.waiting); got != c.want {
			t.Errorf("Promotions(%d, %d, %d) = %d, want %d", c.capacity, c.confirmed, c.waiting, got, c.want)
		}
	}
	e := Event{Capacity: 2, Registered: 2}
	if !e.Full() || e.PlacesLeft() != 0 {
		t.Error("full")
	}
	e = Event{Registered: 7}
	if e.Full() || e.PlacesLeft() != -1 {
		t.Error("no limit")
	}
}

func TestParseSpeakers(t *testing.T) {
	sp, bad := ParseSpeakers("Fatima | الرئيسة | Présidente | President\r\n\n  Ali  \n")
	if bad != 0 || len(sp) != 2 || sp[0].Name != "Fatima" || sp[0].Role[i18n.FR] != "Présidente" || sp[1].Name != "Ali" || len(sp[1].Role) != 0 {
		t.Errorf("%+v %d", sp, bad)
	}
	if _, bad := ParseSpeakers("Ali\n | role"); bad != 2 {
		t.Errorf("bad line %d, want 2", bad)
	}
}

func TestICSEscapingAndFolding(t *testing.T) {
	if got := escapeText("a,b;c\\d\ne\r\nf"); got != `a\,b\;c\\d\ne\nf` {
		t.Errorf("escapeText = %q", got)
	}
	long := strings.Repeat("منتدى جهات منفتحة وذكية، ", 10)
	out := string(ICS([]Event{{ID: 7, Title: i18n.Text{i18n.AR: long}, StartsAt: ts(9), EndsAt: ts(12), UpdatedAt: ts(1)}},
		ICSOptions{Locale: i18n.AR, Origin: "https://example.org", Host: "example.org"}))
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Error("no CRLF at the end")
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("a fold split a character: %q", line)
		}
	}
	for _, want := range []string{"UID:event-7@example.org", "DTSTART:20201120T090000Z", "DTEND:20201120T120000Z", "DTSTAMP:20201120T010000Z"} {
		if !strings.Contains(out, want+"\r\n") {
			t.Errorf("lacks %s", want)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:"+escapeText(long)+"\r\n") {
		t.Error("unfolding does not give the summary back")
	}
}
