package i18n

import (
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

func TestPluralForm(t *testing.T) {
	tests := []struct {
		l    Locale
		n    int
		want form
	}{
		{AR, 0, formZero},
		{AR, 1, formOne},
		{AR, 2, formTwo},
		{AR, 3, formFew},
		{AR, 10, formFew},
		{AR, 11, formMany},
		{AR, 99, formMany},
		{AR, 100, formOther},
		{AR, 101, formOther},
		{AR, 102, formOther},
		{AR, 103, formFew},
		{AR, 110, formFew},
		{AR, 111, formMany},
		{AR, 200, formOther},
		{AR, 1000, formOther},
		{AR, -3, formFew},
		{FR, 0, formOne},
		{FR, 1, formOne},
		{FR, 2, formOther},
		{FR, 1000, formOther},
		{FR, 1_000_000, formMany},
		{FR, 3_000_000, formMany},
		{FR, 1_000_001, formOther},
		{EN, 0, formOther},
		{EN, 1, formOne},
		{EN, 2, formOther},
		{ZGH, 0, formOne},
		{ZGH, 1, formOne},
		{ZGH, 2, formOther},
		{Locale("xx"), 1, formOther},
	}
	for _, tt := range tests {
		if got := pluralForm(tt.l, tt.n); got != tt.want {
			t.Errorf("pluralForm(%s, %d) = %s; want %s", tt.l, tt.n, got, tt.want)
		}
	}
}

// TestPluralFormMatchesCLDR cross-checks our hand-written rules against the
// CLDR tables shipped in golang.org/x/text, so a typo in a rule cannot hide.
func TestPluralFormMatchesCLDR(t *testing.T) {
	toForm := map[plural.Form]form{
		plural.Zero: formZero, plural.One: formOne, plural.Two: formTwo,
		plural.Few: formFew, plural.Many: formMany, plural.Other: formOther,
	}
	for _, l := range []Locale{AR, FR, EN} {
		tag := language.MustParse(string(l))
		// x/text's tables predate CLDR's French "many" (multiples of a
		// million), so stay below a million for the comparison.
		for n := 0; n < 20000; n++ {
			want := toForm[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
			if got := pluralForm(l, n); got != want {
				t.Fatalf("pluralForm(%s, %d) = %s; CLDR says %s", l, n, got, want)
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	if got := len(pluralForms(AR)); got != 6 {
		t.Errorf("Arabic has %d plural forms; want 6", got)
	}
	for _, l := range Locales {
		fs := pluralForms(l)
		if fs[len(fs)-1] != formOther {
			t.Errorf("%s: last plural form is %s; want other", l, fs[len(fs)-1])
		}
	}
}
