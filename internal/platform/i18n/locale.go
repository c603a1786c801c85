package i18n

import "strings"

// Locale is a supported interface language, identified by its ISO 639 code.
type Locale string

const (
	AR  Locale = "ar"  // Arabic, Moroccan conventions (months, Western digits)
	FR  Locale = "fr"  // French
	EN  Locale = "en"  // English
	ZGH Locale = "zgh" // Standard Moroccan Amazigh, written in Tifinagh
)

// Locales lists the supported languages in the order the language switcher
// shows them.
var Locales = []Locale{AR, FR, EN, ZGH}

// Default is the language used when nothing else is known or acceptable.
const Default = AR

// Parse maps a language tag to a supported locale. Only the primary language
// subtag decides ("ar-MA" is Arabic); it must be exactly one of the supported
// codes, compared case-insensitively, so names like "arabic" or other
// Amazigh codes such as "tzm" are rejected rather than guessed.
func Parse(s string) (Locale, bool) {
	s = strings.TrimSpace(s)
	primary, rest := s, ""
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		primary, rest = s[:i], s[i+1:]
		if !validSubtags(rest) {
			return "", false
		}
	}
	for _, l := range Locales {
		if strings.EqualFold(primary, string(l)) {
			return l, true
		}
	}
	return "", false
}

// validSubtags reports whether s is a '-' or '_' separated list of 1 to 8
// character alphanumeric subtags, as in BCP 47 language ranges.
func validSubtags(s string) bool {
	n := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' || s[i] == '_' {
			if n == 0 || n > 8 {
				return false
			}
			n = 0
			continue
		}
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
		n++
	}
	return true
}

// Dir returns the HTML dir attribute value for the locale. Tifinagh is
// written left to right in Morocco, so only Arabic is "rtl".
func (l Locale) Dir() string {
	if l == AR {
		return "rtl"
	}
	return "ltr"
}

// Name returns the language's own name, as shown in the language switcher.
func (l Locale) Name() string {
	switch l {
	case AR:
		return "العربية"
	case FR:
		return "Français"
	case EN:
		return "English"
	case ZGH:
		return "ⵜⴰⵎⴰⵣⵉⵖⵜ"
	}
	return string(l)
}

// index returns the position of l in Locales, or -1.
func (l Locale) index() int {
	for i, x := range Locales {
		if x == l {
			return i
		}
	}
	return -1
}
