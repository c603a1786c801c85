package budget

import (
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Money formats amounts and rates for one language: Western digits, the
// locale's grouping (as the rest of the site groups numbers), a decimal
// comma in Arabic, French and Amazigh and a point in English, and the
// currency from the catalogue ("درهم", "MAD"). Numbers are isolated
// left-to-right so a minus sign stays in place in Arabic.
type Money struct {
	p                *i18n.Printer
	group, decimal   string
	percentSeparator string
}

// NewMoney returns the formatter for p's language.
func NewMoney(p *i18n.Printer) *Money {
	m := &Money{p: p, decimal: ","}
	n := p.Number(1000)
	m.group = n[1 : len(n)-3]
	if m.group == "," {
		m.decimal = "."
	}
	pc := p.Percent(0)
	m.percentSeparator = pc[1:]
	return m
}

// Amount is c in whole dirhams with the currency: "1.234.568 درهم".
func (m *Money) Amount(c Centimes) string {
	return m.p.T("budget.amount", "N", i18n.LTR(FormatWhole(c, m.group)))
}

// Exact is c with its centimes and the currency: "1 234 567,89 MAD".
func (m *Money) Exact(c Centimes) string {
	return m.p.T("budget.amount", "N", i18n.LTR(Format(c, m.group, m.decimal)))
}

// Millions is c in millions of dirhams, one decimal: "12,3 مليون درهم".
func (m *Money) Millions(c Centimes) string {
	return m.p.T("budget.millions", "N", i18n.LTR(FormatMillions(c, m.group, m.decimal)))
}

// Rate writes tenths of a per cent: "87,5 %"; "—" when not ok.
func (m *Money) Rate(tenths int, ok bool) string {
	if !ok {
		return "—"
	}
	neg := tenths < 0
	if neg {
		tenths = -tenths
	}
	s := strconv.Itoa(tenths/10) + m.decimal + strconv.Itoa(tenths%10)
	if neg {
		s = "-" + s
	}
	return i18n.LTR(s + m.percentSeparator)
}

// Change writes a change in tenths of a per cent with its sign: "+12,5 %".
func (m *Money) Change(tenths int, ok bool) string {
	if !ok {
		return "—"
	}
	s := m.Rate(tenths, true)
	if tenths > 0 {
		s = strings.Replace(s, "\u2066", "\u2066+", 1) // inside the isolate
	}
	return s
}

// Count is a whole number grouped as the locale groups numbers: a
// population, say.
func (m *Money) Count(n int64) string { return i18n.LTR(m.p.Number(int(n))) }
