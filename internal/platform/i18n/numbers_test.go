package i18n

import (
	"math"
	"testing"
)

const (
	nbsp  = "\u00A0" // no-break space
	nnbsp = "\u202F" // narrow no-break space
)

func TestNumber(t *testing.T) {
	tests := []struct {
		l    Locale
		n    int
		want string
	}{
		{AR, 0, "0"},
		{AR, 7, "7"},
		{AR, 999, "999"},
		{AR, 1000, "1.000"},
		{AR, 1234567, "1.234.567"},
		{AR, -1234, "-1.234"},
		{FR, 1234, "1" + nnbsp + "234"},
		{FR, 1234567, "1" + nnbsp + "234" + nnbsp + "567"},
		{EN, 1234567, "1,234,567"},
		{EN, -5, "-5"},
		{ZGH, 1234, "1" + nbsp + "234"},
		{EN, math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := testPrinter(t, tt.l).Number(tt.n); got != tt.want {
			t.Errorf("%s Number(%d) = %q; want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		l    Locale
		n    int
		want string
	}{
		{AR, 45, "45%"},
		{FR, 45, "45" + nnbsp + "%"},
		{EN, 45, "45%"},
		{ZGH, 45, "45" + nbsp + "%"},
		{AR, 100, "100%"},
		{EN, 0, "0%"},
	}
	for _, tt := range tests {
		if got := testPrinter(t, tt.l).Percent(tt.n); got != tt.want {
			t.Errorf("%s Percent(%d) = %q; want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestBytes(t *testing.T) {
	c := MustLoad()
	for _, tt := range []struct {
		l    Locale
		n    int64
		want string
	}{
		{EN, 0, "0 B"},
		{EN, 850, "850 B"},
		{EN, 1024, "1 KB"},
		{EN, 1536, "1.5 KB"},
		{EN, 10 << 20, "10 MB"},
		{EN, 1536 << 10, "1.5 MB"},
		{EN, 999 << 20, "999 MB"},
		{EN, 3 << 30, "3 GB"},
		{EN, 5000 << 30, "5,000 GB"},
		{FR, 1536 << 10, "1,5" + nbsp + "Mo"},
		{FR, 200, "200" + nbsp + "o"},
		{AR, 1536 << 10, "1,5 ميغابايت"},
		{AR, 2 << 10, "2 كيلوبايت"},
		{AR, 120 << 10, "120 كيلوبايت"},
	} {
		if got := c.Printer(tt.l).Bytes(tt.n); got != tt.want {
			t.Errorf("%s Bytes(%d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
}
