package i18n

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"unicode"
)

// Text shown in another language than the page's — a stored text that falls
// back (a French page showing the Arabic title of a plan), or an interface
// message that zgh does not translate yet — is marked with its own lang and
// dir, in a <bdi> element that also isolates it from the text around it: the
// full stop of an Arabic sentence stays at its end (on the left) inside a
// French page, a screen reader reads it with an Arabic voice, and the words
// around it keep their order.

// Wrap says how a value is marked in HTML text.
type Wrap uint8

const (
	// Inline wraps the value in <bdi lang dir> when its language differs
	// from the page's, and leaves it bare otherwise.
	Inline Wrap = iota
	// Bdi always wraps the value in <bdi>, with lang and dir when its
	// language differs: for a place where a template isolates the value
	// anyway (a title, a name), so that there is one element, not two.
	Bdi
	// Block is Inline for a value that is the whole content of a paragraph
	// or a description: the wrapper is shown as a block (class "lang-block"),
	// so that a paragraph in another language is aligned on its own side.
	Block
)

// Isolate returns s escaped for HTML text, marked as written in lang when
// lang (not "") differs from page, the language of the text around it.
func Isolate(s string, lang, page Locale, w Wrap) template.HTML {
	esc := template.HTMLEscapeString(s)
	if lang != "" && lang != page {
		class := ""
		if w == Block {
			class = ` class="lang-block"`
		}
		return template.HTML("<bdi" + class + ` lang="` + string(lang) + `" dir="` + lang.Dir() + `">` + esc + "</bdi>")
	}
	if w == Bdi {
		return template.HTML("<bdi>" + esc + "</bdi>")
	}
	return template.HTML(esc)
}

// TextHTML returns t in the page's language l, as Isolate marks it: its
// fallback carries its own lang and dir. In a right-to-left text, ranges and
// percentages ("2021–2023", "66%") are left-to-right isolates (see LTR), as
// the plan period and the percentages that pages format are.
func TextHTML(t Text, l Locale, w Wrap) template.HTML {
	s, from := t.Pick(l)
	if s == "" {
		return ""
	}
	h := Isolate(s, from, l, w)
	if from.Dir() == "rtl" {
		h = template.HTML(numbersLTR(string(h)))
	}
	return h
}

// numberRun is a range of numbers or a percentage: 2021–2023, 2021 - 2023,
// 66%, 12,5 %.
var numberRun = regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)?(?:[ \x{00A0}\x{202F}]?%|[ \x{00A0}\x{202F}]?[–—-][ \x{00A0}\x{202F}]?[0-9]+(?:[.,][0-9]+)?)`)

// numbersLTR makes every range and percentage of s a left-to-right isolate.
func numbersLTR(s string) string {
	if !strings.ContainsAny(s, "%–—-") {
		return s
	}
	return numberRun.ReplaceAllString(s, lri+"$0"+pdi)
}

// Left-to-right isolate characters: what they enclose is laid out left to
// right as one unit whatever the text around it, in HTML text as in
// attributes and titles, where no element can go.
const (
	lri = "\u2066" // LEFT-TO-RIGHT ISOLATE
	pdi = "\u2069" // POP DIRECTIONAL ISOLATE
)

// LTR returns s as a left-to-right isolate: a percentage or a range of years
// in Arabic text keeps its order ("66%", "2021–2023") instead of having the
// bidirectional algorithm move the sign or swap the years.
func LTR(s string) string {
	if s == "" {
		return ""
	}
	return lri + s + pdi
}

// HTML is T for HTML text: the message escaped, each Text argument marked
// when its language differs from the message's, and the whole message marked
// when it is a fallback (a zgh page showing an Arabic message). Other
// arguments with words are isolated when their direction differs from the
// message's (a name in Arabic script in a French sentence) or the message is
// a fallback; a zgh date in an Arabic message is marked as zgh. Arguments of
// type template.HTML are inserted as they are, or isolated in the page's
// language in a fallback message.
func (p *Printer) HTML(key string, args ...any) template.HTML {
	for _, set := range p.chain {
		if s, ok := set.plain[key]; ok {
			return p.markMessage(template.HTMLEscapeString(s), hasLetter(s), set.locale)
		}
		if m, ok := set.rich[key]; ok {
			return p.renderHTML(m.forms[formOther], args, "", false, set.locale)
		}
	}
	return template.HTML(template.HTMLEscapeString(key))
}

// NHTML is N for HTML text, marked as HTML marks T.
func (p *Printer) NHTML(key string, n int, args ...any) template.HTML {
	for _, set := range p.chain {
		if s, ok := set.plain[key]; ok {
			return p.markMessage(template.HTMLEscapeString(s), hasLetter(s), set.locale)
		}
		if m, ok := set.rich[key]; ok {
			t := m.forms[formOther]
			if m.plural {
				t = m.pick(pluralForm(set.locale, n))
			}
			return p.renderHTML(t, args, p.Number(n), true, set.locale)
		}
	}
	return template.HTML(template.HTMLEscapeString(key))
}

// NHTMLOf is NHTML for templates, whose counts may be of any integer type
// (see Funcs).
func (p *Printer) NHTMLOf(key string, n any, args ...any) (template.HTML, error) {
	i, err := toInt(n)
	if err != nil {
		return "", fmt.Errorf("tn %q: %w", key, err)
	}
	return p.NHTML(key, i, args...), nil
}

// renderHTML is render for HTML text; lang is the language t is written in.
func (p *Printer) renderHTML(t *msgText, args []any, count string, hasCount bool, lang Locale) template.HTML {
	if t.plain() {
		return p.markMessage(template.HTMLEscapeString(t.raw), hasLetter(t.raw), lang)
	}
	var b strings.Builder
	b.Grow(len(t.raw) + 32)
	words := false
	for _, s := range t.segs {
		switch {
		case s.arg == "":
			b.WriteString(template.HTMLEscapeString(s.lit))
			words = words || hasLetter(s.lit)
		case hasCount && s.arg == "Count":
			b.WriteString(string(p.argHTML(count, lang)))
		default:
			if v, ok := lookup(args, s.arg); ok {
				b.WriteString(string(p.argHTML(v, lang)))
			} else {
				b.WriteString(template.HTMLEscapeString(s.lit))
			}
		}
	}
	return p.markMessage(b.String(), words, lang)
}

// argHTML writes one argument of a message written in lang.
func (p *Printer) argHTML(v any, lang Locale) template.HTML {
	switch v := v.(type) {
	case Text:
		s, from := v.Pick(p.locale)
		return Isolate(s, from, lang, Inline)
	case template.HTML:
		if lang != p.locale {
			return template.HTML(`<bdi lang="` + string(p.locale) + `" dir="` + p.locale.Dir() + `">` + string(v) + "</bdi>")
		}
		return v
	}
	s := p.formatArg(v)
	if lang != p.locale && p.locale == ZGH && hasTifinagh(s) {
		return Isolate(s, ZGH, lang, Inline) // a date with a Tifinagh month
	}
	if d := firstStrong(s); d != "" && (d != lang.Dir() || lang != p.locale) {
		// A name in the other direction ("Publié par : خلية…"), or any
		// words in a fallback message, in a language no one said: isolated
		// by its own first letter.
		return template.HTML("<bdi>" + template.HTMLEscapeString(s) + "</bdi>")
	}
	return template.HTML(template.HTMLEscapeString(s))
}

// firstStrong returns the direction of s's first letter with one, "rtl"
// for Arabic, Hebrew, Syriac, Thaana and N'Ko script, else "ltr", or "" when s
// has no letter.
func firstStrong(s string) string {
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return "ltr"
			}
			continue
		}
		if unicode.IsLetter(r) {
			if r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF {
				return "rtl"
			}
			return "ltr"
		}
	}
	return ""
}

// markMessage marks an escaped message written in lang when that is not the
// page's language and the message has words of its own (a message that is
// only "{{.Start}}–{{.End}}" belongs to no language).
func (p *Printer) markMessage(esc string, words bool, lang Locale) template.HTML {
	if lang == p.locale || !words {
		return template.HTML(esc)
	}
	return template.HTML(`<bdi lang="` + string(lang) + `" dir="` + lang.Dir() + `">` + esc + "</bdi>")
}

func hasTifinagh(s string) bool {
	for _, r := range s {
		if r >= 0x2D30 && r <= 0x2D7F {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 0x80 || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}
