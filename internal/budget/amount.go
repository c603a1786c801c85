package budget

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
)

// Centimes is an amount of Moroccan dirhams in centimes (1 MAD = 100).
type Centimes int64

// MaxAmount bounds an amount: ten thousand billion dirhams, far above any
// council's budget and far below overflow when thousands are added up.
const MaxAmount Centimes = 1_000_000_000_000_000

// Errors of ParseAmount, each with its catalogue key for the import report.
var (
	ErrAmountSyntax    = errors.New("budget.error.amount_syntax")
	ErrAmountDecimals  = errors.New("budget.error.amount_decimals")
	ErrAmountAmbiguous = errors.New("budget.error.amount_ambiguous")
	ErrAmountRange     = errors.New("budget.error.amount_range")
)

// ParseAmount reads an amount in dirhams as the finance departments'
// spreadsheets write it — "1 234 567,89", "1234567.89", "1.234.567,89",
// "1,234,567.89", "-12", Arabic-Indic digits, the Arabic separators "٫" and
// "٬", an optional "DH", "MAD" or "درهم" — into centimes. An empty cell is
// zero. A lone separator followed by exactly three digits ("1,234") could be
// either a thousands separator or a decimal one, and is refused rather than
// guessed; more than two decimals are refused too (no rounding of money).
func ParseAmount(s string) (Centimes, error) {
	s = strings.TrimSpace(s)
	for _, unit := range []string{"MAD", "mad", "DH", "Dh", "dh", "درهم"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, unit))
	}
	if s == "" {
		return 0, nil
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u202F' || r == '\u00A0' || r == '\'':
			// grouping: spaces of every kind, and the Swiss apostrophe
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + (r - '٠'))
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + (r - '۰'))
		case r == '٫':
			b.WriteByte(',')
		case r == '٬':
			b.WriteByte('.')
		case r == '−' || r == '–':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	t := b.String()
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	} else if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = true, t[1:len(t)-1] // accountants' negative
	}
	if t == "" {
		return 0, ErrAmountSyntax
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',') {
			return 0, ErrAmountSyntax
		}
	}
	intPart, frac, err := splitDecimal(t)
	if err != nil {
		return 0, err
	}
	if intPart == "" {
		intPart = "0"
	}
	if len(frac) > 2 {
		return 0, ErrAmountDecimals
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if len(intPart) > 16 {
		return 0, ErrAmountRange
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, ErrAmountSyntax
	}
	c := Centimes(n)
	if c > MaxAmount {
		return 0, ErrAmountRange
	}
	if neg {
		c = -c
	}
	return c, nil
}

// splitDecimal finds which separator, if any, is the decimal one and
// returns the digits before it (grouping removed) and after it.
func splitDecimal(t string) (intPart, frac string, err error) {
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	var dec byte // the decimal separator, 0 for none
	switch {
	case dots > 0 && commas > 0:
		// Both: the last one is the decimal separator, and appears once.
		dec = '.'
		if lastComma > lastDot {
			dec = ','
		}
		if (dec == '.' && dots > 1) || (dec == ',' && commas > 1) {
			return "", "", ErrAmountSyntax
		}
	case dots+commas == 1:
		sep := max(lastDot, lastComma)
		if len(t)-sep-1 == 3 {
			return "", "", ErrAmountAmbiguous
		}
		dec = t[sep]
	case dots+commas > 1:
		// The same separator several times: thousands only.
	}
	whole := t
	if dec != 0 {
		i := strings.LastIndexByte(t, dec)
		whole, frac = t[:i], t[i+1:]
		if frac == "" {
			return "", "", ErrAmountSyntax
		}
	}
	if strings.ContainsAny(whole, ".,") {
		if !groupedByThousands(whole) {
			return "", "", ErrAmountSyntax
		}
		whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	}
	return whole, frac, nil
}

// groupedByThousands reports whether s, digits with separators, has groups
// of three digits after a first group of one to three.
func groupedByThousands(s string) bool {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) != strings.Count(s, ".")+strings.Count(s, ",")+1 {
		return false // an empty group: "1,,234" or ",234"
	}
	for i, g := range groups {
		if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}

// Format writes c in dirhams with Western digits, the locale's grouping
// separator and its decimal separator, always with two decimals:
// Format(123456789, " ", ",") is "1 234 567,89".
func Format(c Centimes, group, decimal string) string {
	neg := c < 0
	if neg {
		c = -c
	}
	whole := strconv.FormatInt(int64(c/100), 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	head := len(whole) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(whole[:head])
	for i := head; i < len(whole); i += 3 {
		b.WriteString(group)
		b.WriteString(whole[i : i+3])
	}
	cents := int64(c % 100)
	b.WriteString(decimal)
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// FormatWhole writes c rounded to whole dirhams (half away from zero),
// grouped: what the charts and tables show, where centimes are noise.
func FormatWhole(c Centimes, group string) string {
	s := Format(RoundDirhams(c)*100, group, ".")
	return s[:len(s)-3]
}

// RoundDirhams rounds c to whole dirhams, half away from zero.
func RoundDirhams(c Centimes) Centimes {
	if c < 0 {
		return -RoundDirhams(-c)
	}
	return (c + 50) / 100
}

// FormatMillions writes c in millions of dirhams with one decimal, rounded
// half up: "12,3" for 12 345 678,00 dirhams with a decimal comma.
func FormatMillions(c Centimes, group, decimal string) string {
	neg := c < 0
	if neg {
		c = -c
	}
	tenths := (int64(c) + 5_000_000) / 10_000_000 // centimes → tenths of a million dirhams, half up
	s := Format(Centimes(tenths*10), group, decimal)
	s = s[:len(s)-1] // one decimal
	if neg && tenths != 0 {
		s = "-" + s
	}
	return s
}
