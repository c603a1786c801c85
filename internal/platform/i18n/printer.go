package i18n

import (
	"fmt"
	"strings"
	"time"
)

// Printer renders messages, numbers and dates for one locale. Printers are
// created once per locale by the Catalog and are safe for concurrent use.
type Printer struct {
	locale Locale
	// chain is where messages are looked up, in order: the locale's own
	// messages, then Arabic for zgh, which is only partly translated.
	chain  []*localeMessages
	format *localeFormat
}

// localeFormat holds the locale conventions for numbers and dates.
type localeFormat struct {
	group           string // thousands separator
	decimal         string // decimal separator
	percent         string // appended to the number, with any space
	months          *[12]string
	firstDayOrdinal bool   // French "1er"
	timeJoin        string // between the date and the time
}

var formats = map[Locale]*localeFormat{
	// ar-MA per CLDR: Latin digits grouped with ".", "%" unspaced.
	AR: {group: ".", decimal: ",", percent: "%", months: &monthsAR, timeJoin: " على الساعة "},
	// French typography: narrow no-break spaces for grouping and before %.
	FR: {group: "\u202F", decimal: ",", percent: "\u202F%", months: &monthsFR, firstDayOrdinal: true, timeJoin: " à "},
	EN: {group: ",", decimal: ".", percent: "%", months: &monthsEN, timeJoin: " at "},
	// zgh per CLDR: no-break space for grouping and before %.
	ZGH: {group: "\u00A0", decimal: ",", percent: "\u00A0%", months: &monthsZGH, timeJoin: " "},
}

func newPrinter(c *Catalog, l Locale) *Printer {
	p := &Printer{locale: l, chain: []*localeMessages{c.sets[l]}, format: formats[l]}
	if l == ZGH {
		p.chain = append(p.chain, c.sets[AR])
	}
	return p
}

// Locale returns the printer's locale.
func (p *Printer) Locale() Locale { return p.locale }

// T returns the message for key. args are name/value pairs filling the
// message's placeholders: T("x", "Name", "Tanger") fills {{.Name}}. Values
// are formatted for the locale (see format). A missing key returns the key
// itself so the gap is visible on the page; zgh first tries Arabic.
//
// For a plural key, T renders the "other" form; use N instead.
func (p *Printer) T(key string, args ...any) string {
	for _, set := range p.chain {
		if s, ok := set.plain[key]; ok {
			return s
		}
		if m, ok := set.rich[key]; ok {
			return p.render(m.forms[formOther], args, "", false)
		}
	}
	return key
}

// N returns the plural message for key chosen by n under the CLDR rules of
// the language the message is written in (zgh falling back to an Arabic
// message uses Arabic's six forms). {{.Count}} is n formatted by Number.
func (p *Printer) N(key string, n int, args ...any) string {
	for _, set := range p.chain {
		if s, ok := set.plain[key]; ok {
			return s
		}
		if m, ok := set.rich[key]; ok {
			t := m.forms[formOther]
			if m.plural {
				t = m.pick(pluralForm(set.locale, n))
			}
			if t.plain() {
				return t.raw // e.g. Arabic singular and dual: no number shown
			}
			return p.render(t, args, p.Number(n), true)
		}
	}
	return key
}

// Has reports whether T would find key, counting zgh's Arabic fallback.
func (p *Printer) Has(key string) bool {
	for _, set := range p.chain {
		if _, ok := set.plain[key]; ok {
			return true
		}
		if _, ok := set.rich[key]; ok {
			return true
		}
	}
	return false
}

// render fills t's placeholders. A placeholder with no matching argument is
// left as written ({{.Name}}), like a missing key, so the bug shows.
func (p *Printer) render(t *msgText, args []any, count string, hasCount bool) string {
	if t.plain() {
		return t.raw
	}
	var b strings.Builder
	b.Grow(len(t.raw) + 16)
	for _, s := range t.segs {
		switch {
		case s.arg == "":
			b.WriteString(s.lit)
		case hasCount && s.arg == "Count":
			b.WriteString(count)
		default:
			if v, ok := lookup(args, s.arg); ok {
				b.WriteString(p.formatArg(v))
			} else {
				b.WriteString(s.lit)
			}
		}
	}
	return b.String()
}

// lookup finds name among name/value pairs. Pairs are scanned linearly: a
// message has one to three placeholders, so a map would only cost more.
func lookup(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

// formatArg turns a placeholder value into text for this locale: integers are
// grouped, times are dates, Text picks its translation.
func (p *Printer) formatArg(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case Text:
		return v.In(p.locale)
	case time.Time:
		return p.Date(v)
	case *time.Time:
		if v == nil {
			return ""
		}
		return p.Date(*v)
	case fmt.Stringer:
		return v.String()
	case error:
		return v.Error()
	}
	if n, err := toInt(v); err == nil {
		return p.Number(n)
	}
	return fmt.Sprint(v)
}
