package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestDateEveryMonth(t *testing.T) {
	want := map[Locale][12]string{
		AR:  {"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"},
		FR:  {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		EN:  {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		ZGH: {"ⵉⵏⵏⴰⵢⵔ", "ⴱⵕⴰⵢⵕ", "ⵎⴰⵕⵚ", "ⵉⴱⵔⵉⵔ", "ⵎⴰⵢⵢⵓ", "ⵢⵓⵏⵢⵓ", "ⵢⵓⵍⵢⵓⵣ", "ⵖⵓⵛⵜ", "ⵛⵓⵜⴰⵏⴱⵉⵔ", "ⴽⵜⵓⴱⵔ", "ⵏⵓⵡⴰⵏⴱⵉⵔ", "ⴷⵓⵊⴰⵏⴱⵉⵔ"},
	}
	for _, l := range Locales {
		p := testPrinter(t, l)
		for i, month := range want[l] {
			d := time.Date(2020, time.Month(i+1), 20, 15, 4, 0, 0, time.UTC)
			if got, w := p.Date(d), "20 "+month+" 2020"; got != w {
				t.Errorf("%s Date(%s) = %q; want %q", l, d.Format(time.DateOnly), got, w)
			}
			if got, w := p.MonthYear(d), month+" 2020"; got != w {
				t.Errorf("%s MonthYear(%s) = %q; want %q", l, d.Format(time.DateOnly), got, w)
			}
		}
	}
}

// TestArabicMoroccanMonths pins the months where Moroccan usage differs from
// the Middle-Eastern names most libraries default to.
func TestArabicMoroccanMonths(t *testing.T) {
	p := testPrinter(t, AR)
	for month, name := range map[time.Month]string{
		time.May: "ماي", time.July: "يوليوز", time.August: "غشت",
		time.September: "شتنبر", time.November: "نونبر", time.December: "دجنبر",
	} {
		got := p.Date(time.Date(2024, month, 5, 0, 0, 0, 0, time.UTC))
		if !strings.Contains(got, name) {
			t.Errorf("ar Date in %s = %q; want month %q", month, got, name)
		}
		for _, bad := range []string{"مايو", "يوليو ", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر"} {
			if strings.Contains(got+" ", bad) {
				t.Errorf("ar Date in %s = %q uses non-Moroccan month %q", month, got, bad)
			}
		}
	}
}

func TestDateFormats(t *testing.T) {
	d := time.Date(2020, time.November, 20, 15, 4, 5, 0, time.UTC)
	first := time.Date(2024, time.January, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		l    Locale
		fn   string
		t    time.Time
		want string
	}{
		{AR, "date", d, "20 نونبر 2020"},
		{FR, "date", d, "20 novembre 2020"},
		{EN, "date", d, "20 November 2020"},
		{ZGH, "date", d, "20 ⵏⵓⵡⴰⵏⴱⵉⵔ 2020"},
		{FR, "date", first, "1er janvier 2024"}, // French writes the first day as an ordinal
		{EN, "date", first, "1 January 2024"},
		{AR, "date", first, "1 يناير 2024"},
		{AR, "monthyear", d, "نونبر 2020"},
		{FR, "monthyear", d, "novembre 2020"},
		{AR, "datetime", d, "20 نونبر 2020 على الساعة 15:04"},
		{FR, "datetime", d, "20 novembre 2020 à 15:04"},
		{EN, "datetime", d, "20 November 2020 at 15:04"},
		{ZGH, "datetime", d, "20 ⵏⵓⵡⴰⵏⴱⵉⵔ 2020 15:04"},
		{EN, "datetime", first, "1 January 2024 at 09:30"},
		{EN, "date", time.Date(12345, 1, 2, 0, 0, 0, 0, time.UTC), "2 January 12345"}, // years are never grouped
		{EN, "date", time.Time{}, ""},
		{EN, "monthyear", time.Time{}, ""},
		{EN, "datetime", time.Time{}, ""},
	}
	for _, tt := range tests {
		p := testPrinter(t, tt.l)
		var got string
		switch tt.fn {
		case "date":
			got = p.Date(tt.t)
		case "monthyear":
			got = p.MonthYear(tt.t)
		case "datetime":
			got = p.DateTime(tt.t)
		}
		if got != tt.want {
			t.Errorf("%s %s(%v) = %q; want %q", tt.l, tt.fn, tt.t, got, tt.want)
		}
	}
}

// Dates are shown in the time's own location: the caller decides the zone.
func TestDateUsesTimeLocation(t *testing.T) {
	casa := time.FixedZone("Africa/Casablanca", 3600)
	utc := time.Date(2020, time.December, 31, 23, 30, 0, 0, time.UTC)
	p := testPrinter(t, EN)
	if got, want := p.DateTime(utc.In(casa)), "1 January 2021 at 00:30"; got != want {
		t.Errorf("DateTime in +01:00 = %q; want %q", got, want)
	}
}
