package i18n

import (
	"unicode/utf8"
)

// scanFlat decodes the JSON object that Text.Value stores, {"ar":"…","fr":"…"},
// without encoding/json: pages read dozens of Texts per request, and
// reflection-driven decoding was a sixth of the cost of rendering a page
// uncached. It handles only the common shape (string keys and values without
// escapes, valid UTF-8) and reports ok=false for anything else, which the
// caller then hands to encoding/json, so both paths give the same result.
func scanFlat(b []byte) (t Text, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	// One string for the whole row: keys and values are substrings of it,
	// so a Text costs one copy of the column and its map.
	s := string(b)
	t = make(Text, 4)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return t, skipSpace(b, i+1) == len(b)
	}
	for {
		key, next, ok := plainString(s, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		val, next, ok := plainString(s, skipSpace(b, i+1))
		if !ok {
			return nil, false
		}
		t[knownLocale(key)] = val
		i = skipSpace(b, next)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return t, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

// plainString reads the JSON string starting at s[i] (its opening quote) and
// returns its content and the index after its closing quote; ok is false
// for escapes, control characters, invalid UTF-8 or a missing quote.
func plainString(s string, i int) (v string, next int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	start := i + 1
	ascii := true
	for j := start; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '"':
			v = s[start:j]
			if !ascii && !utf8.ValidString(v) {
				return "", 0, false
			}
			return v, j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", 0, false
}

// knownLocale returns the constant for a supported locale's code, so that
// map keys do not keep the row's string alive longer than its values.
func knownLocale(k string) Locale {
	for _, l := range Locales {
		if string(l) == k {
			return l
		}
	}
	return Locale(k)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// encodeFlat writes t as encode does (sorted keys, no empty values, no
// HTML escaping) without encoding/json, when every key and value is a
// plain string (see plainJSON); ok is false otherwise and encode falls back
// to encoding/json. The API writes dozens of Texts per response.
func encodeFlat(t Text) (b []byte, ok bool) {
	var keys [8]Locale
	ks := keys[:0]
	size := 2
	for k, v := range t {
		if v == "" {
			continue
		}
		if !plainJSON(string(k)) || !plainJSON(v) {
			return nil, false
		}
		ks = append(ks, k)
		size += len(k) + len(v) + 6
	}
	// Insertion sort: a Text has a handful of keys.
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	b = make([]byte, 0, size)
	b = append(b, '{')
	for i, k := range ks {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, '"', ':', '"')
		b = append(b, t[k]...)
		b = append(b, '"')
	}
	return append(b, '}'), true
}

// plainJSON reports whether encoding/json (without HTML escaping) writes s
// quoted as it is: valid UTF-8 with no quote, backslash, control character,
// U+2028 or U+2029.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return false
		}
	}
	return utf8.ValidString(s)
}
