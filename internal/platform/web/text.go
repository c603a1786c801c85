package web

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Text that comes in — form fields and their names, uploaded file names,
// query strings, paths, JSON strings — must be valid UTF-8 without control
// characters, except the tab and the line breaks any text field may hold.
// PostgreSQL refuses invalid UTF-8 and NUL outright and SQLite stores them
// as they are, so without this check the same request failed with a 500 on
// one database and planted unreadable bytes in the other. Checking at
// parsing answers both the same: 400, in the person's language.

// ErrBadText is the answer to text that is not valid UTF-8 or holds a
// control character.
var ErrBadText = &BadInput{Key: "error.bad_text"}

// ValidText reports whether s is valid UTF-8 without a control character
// (C0, DEL or C1) other than tab, line feed and carriage return. Surrogate
// code points cannot appear: they are invalid UTF-8.
func ValidText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || controlRune(r) {
			return false
		}
		i += size
	}
	return true
}

// controlRune reports whether r is a control character a text may not hold.
func controlRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// NormalizeNewlines writes every line break as a line feed. Browsers send
// a textarea's line breaks as CR LF but count them as one character against
// its maxlength; stored with LF, a text is measured as it was typed.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// CheckValues checks the names and values of a parsed form or query, and
// writes the values' line breaks as line feeds; it returns ErrBadText for
// the first one that is not valid text.
func CheckValues(vs url.Values) error {
	for name, values := range vs {
		if !ValidText(name) {
			return ErrBadText
		}
		for i, v := range values {
			if !ValidText(v) {
				return ErrBadText
			}
			values[i] = NormalizeNewlines(v)
		}
	}
	return nil
}

// CheckField checks one posted field (a multipart part: its name, and its
// value, returned with its line breaks as line feeds).
func CheckField(name, value string) (string, error) {
	if !ValidText(name) || !ValidText(value) {
		return "", ErrBadText
	}
	return NormalizeNewlines(value), nil
}

// CheckFileName checks the name a browser gave an uploaded file.
func CheckFileName(name string) error {
	if !ValidText(name) {
		return ErrBadText
	}
	return nil
}

// validQuery reports whether every name and value of a raw query string
// decodes to valid text. Pairs that do not decode at all are left to the
// handlers, which refuse them as before.
func validQuery(raw string) bool {
	if raw == "" {
		return true
	}
	vs, _ := url.ParseQuery(raw)
	for name, values := range vs {
		if !ValidText(name) {
			return false
		}
		for _, v := range values {
			if !ValidText(v) {
				return false
			}
		}
	}
	return true
}

// CheckJSON checks the text of a JSON document: it must be valid UTF-8, and
// no string — member names included — may hold a control character (raw or
// escaped, "\u0000" as much as "\b") or a lone surrogate escape ("\ud800"),
// which encoding/json would otherwise turn silently into U+FFFD. Anything
// else about the document (its syntax, its members) is the decoder's
// business.
func CheckJSON(body []byte) error {
	if !utf8.Valid(body) {
		return ErrBadText
	}
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch {
		case c == '"':
			inString = false
		case c == '\\':
			n, ok := jsonEscape(body, i)
			if !ok {
				return ErrBadText
			}
			i += n - 1
		case c < utf8.RuneSelf:
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return ErrBadText
			}
		default:
			r, size := utf8.DecodeRune(body[i:])
			if controlRune(r) {
				return ErrBadText
			}
			i += size - 1
		}
	}
	return nil
}

// jsonEscape reads the escape at body[i] (a backslash) and returns its
// length, and whether it stands for text a string may hold. A high
// surrogate must be followed by the escape of a low one.
func jsonEscape(body []byte, i int) (int, bool) {
	if i+1 >= len(body) {
		return 1, true // a truncated document: the decoder refuses it
	}
	switch body[i+1] {
	case 'b', 'f':
		return 2, false // backspace and form feed are control characters
	case 'u':
	default:
		return 2, true
	}
	r, ok := hex4(body, i+2)
	if !ok {
		return 2, true // a malformed escape: the decoder refuses it
	}
	switch {
	case r >= 0xd800 && r < 0xdc00:
		if i+7 < len(body) && body[i+6] == '\\' && body[i+7] == 'u' {
			if lo, ok := hex4(body, i+8); ok && lo >= 0xdc00 && lo < 0xe000 {
				return 12, true
			}
		}
		return 6, false
	case r >= 0xdc00 && r < 0xe000:
		return 6, false
	case controlRune(r):
		return 6, false
	}
	return 6, true
}

// hex4 reads the four hexadecimal digits at body[i:].
func hex4(body []byte, i int) (rune, bool) {
	if i+4 > len(body) {
		return 0, false
	}
	var r rune
	for _, c := range body[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
