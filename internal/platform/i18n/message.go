package i18n

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// msgText is one translated string, split at its placeholders once at load
// time so that rendering is a single pass with no template engine.
type msgText struct {
	raw  string    // the text as written in the catalogue
	segs []segment // nil when raw has no placeholder
}

// segment is either literal text or, when arg is set, a {{.Arg}} placeholder
// whose source spelling is kept in lit for when the value is missing.
type segment struct {
	lit string
	arg string
}

func (m *msgText) plain() bool { return m.segs == nil }

// message is a catalogue entry that needs work at render time: a plural
// message, or a simple one with placeholders (stored as its "other" form).
type message struct {
	plural bool
	forms  [numForms]*msgText
}

// pick returns the text for category f, falling back to "other" as go-i18n
// does when a translation omits an optional form (e.g. French "many").
func (m *message) pick(f form) *msgText {
	if t := m.forms[f]; t != nil {
		return t
	}
	return m.forms[formOther]
}

// compileText parses the go-i18n placeholder syntax {{.Name}} (spaces
// allowed inside the braces). Anything else between {{ and }} is rejected:
// translations hold text, and a typo must fail at load, not on a live page.
func compileText(s string) (msgText, error) {
	m := msgText{raw: s}
	rest := s
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return msgText{}, fmt.Errorf("unterminated placeholder in %q", s)
		}
		action := rest[i : i+j+2]
		name := strings.TrimSpace(action[2 : len(action)-2])
		if !strings.HasPrefix(name, ".") || !isIdent(name[1:]) {
			return msgText{}, fmt.Errorf("unsupported placeholder %s in %q: only {{.Name}} is allowed", action, s)
		}
		if i > 0 {
			m.segs = append(m.segs, segment{lit: rest[:i]})
		}
		m.segs = append(m.segs, segment{lit: action, arg: name[1:]})
		rest = rest[i+j+2:]
	}
	if m.segs != nil && rest != "" {
		m.segs = append(m.segs, segment{lit: rest})
	}
	return m, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == utf8.RuneError || !(unicode.IsLetter(r) || r == '_' || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// placeholderNames returns the placeholder names used by t, in order of
// first use.
func (m *msgText) placeholderNames() []string {
	var names []string
	for _, s := range m.segs {
		if s.arg != "" && !slices.Contains(names, s.arg) {
			names = append(names, s.arg)
		}
	}
	return names
}
