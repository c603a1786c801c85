package budget

import (
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want Centimes
		err  error
	}{
		{"", 0, nil},
		{"0", 0, nil},
		{"12", 1200, nil},
		{"1 234 567,89", 123456789, nil},
		{"1\u202F234\u202F567,89", 123456789, nil},
		{"1\u00A0234,5", 123450, nil},
		{"1234567.89", 123456789, nil},
		{"1234567,89", 123456789, nil},
		{"1.234.567,89", 123456789, nil},
		{"1,234,567.89", 123456789, nil},
		{"1.234.567", 123456700, nil},
		{"1,234,567", 123456700, nil},
		{"-12,5", -1250, nil},
		{"(12,50)", -1250, nil},
		{"١٢٣٤٫٥٠", 123450, nil},
		{"1 000 DH", 100000, nil},
		{"1 000 درهم", 100000, nil},
		{"250 MAD", 25000, nil},
		{",5", 50, nil},
		{"1,234", 0, ErrAmountAmbiguous},
		{"1.234", 0, ErrAmountAmbiguous},
		{"12,345", 0, ErrAmountAmbiguous},
		{"12,3456", 0, ErrAmountDecimals},
		{"1.5.6,7", 0, ErrAmountSyntax},
		{"12,34,567.8", 0, ErrAmountSyntax},
		{"abc", 0, ErrAmountSyntax},
		{"12a", 0, ErrAmountSyntax},
		{"-", 0, ErrAmountSyntax},
		{"12,", 0, ErrAmountSyntax},
		{"1e5", 0, ErrAmountSyntax},
		{"99999999999999999999", 0, ErrAmountRange},
		{"10000000000001", 0, ErrAmountRange},
		{"10000000000000", 1_000_000_000_000_000, nil},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		c              Centimes
		group, decimal string
		want           string
	}{
		{0, " ", ",", "0,00"},
		{5, " ", ",", "0,05"},
		{123456789, " ", ",", "1 234 567,89"},
		{123456789, ",", ".", "1,234,567.89"},
		{123456789, ".", ",", "1.234.567,89"},
		{-100000, "\u202F", ",", "-1\u202F000,00"},
		{99900, " ", ",", "999,00"},
	}
	for _, tt := range tests {
		if got := Format(tt.c, tt.group, tt.decimal); got != tt.want {
			t.Errorf("Format(%d) = %q, want %q", tt.c, got, tt.want)
		}
	}
	if got := FormatWhole(123456789, " "); got != "1 234 568" {
		t.Errorf("FormatWhole = %q", got)
	}
	if got := FormatWhole(-150, ","); got != "-2" {
		t.Errorf("FormatWhole(-150) = %q", got)
	}
	for c, want := range map[Centimes]string{1234567800: "12,3", 1235000000: "12,4", 0: "0,0", 4_000_000: "0,0", 5_000_000: "0,1", 123456789000000: "1 234 567,9", -1234567800: "-12,3"} {
		if got := FormatMillions(c, " ", ","); got != want {
			t.Errorf("FormatMillions(%d) = %q, want %q", c, got, want)
		}
	}
}

// Parsing what Format wrote gives the amount back, in every locale's style.
func TestFormatParseRoundTrip(t *testing.T) {
	for _, c := range []Centimes{0, 1, 99, 100, 123456789, -5000, 1_000_000_000_00} {
		for _, sep := range [][2]string{{" ", ","}, {"\u202F", ","}, {",", "."}, {".", ","}} {
			got, err := ParseAmount(Format(c, sep[0], sep[1]))
			if err != nil || got != c {
				t.Errorf("round trip %d with %q: %d, %v", c, sep, got, err)
			}
		}
	}
}
