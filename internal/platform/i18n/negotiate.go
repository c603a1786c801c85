package i18n

import "strings"

// Negotiate picks the best supported locale for an HTTP Accept-Language
// header (RFC 9110 §12.5.4), honouring q-values. It never fails: malformed
// elements are skipped and, when nothing acceptable is supported, Default is
// returned.
//
// Ties keep the order of the header. A wildcard "*" stands for every
// supported locale the header does not name, preferring Default. An explicit
// q=0 on a bare language ("fr;q=0") rules that locale out, even under "*".
func Negotiate(acceptLanguage string) Locale {
	const unset = -1
	var (
		quality  [4]int // best q (in thousandths) per locale in Locales; unset if not named
		position [4]int // header position where that q was first seen
		excluded [4]bool
		wildQ    = unset
	)
	for i := range quality {
		quality[i] = unset
	}

	pos := 0
	for elem := range strings.SplitSeq(acceptLanguage, ",") {
		pos++
		rng, params, _ := strings.Cut(elem, ";")
		rng = strings.Trim(rng, " \t")
		if rng == "" {
			continue
		}
		q, ok := parseWeight(params)
		if !ok {
			continue
		}
		if rng == "*" {
			wildQ = max(wildQ, q)
			continue
		}
		l, ok := Parse(rng)
		if !ok {
			continue
		}
		i := l.index()
		if q == 0 && !strings.ContainsAny(rng, "-_") {
			excluded[i] = true
		}
		if q > quality[i] {
			quality[i], position[i] = q, pos
		}
	}

	best, bestQ, bestPos := Default, 0, 0
	for i, l := range Locales {
		q, p := quality[i], position[i]
		if q == unset {
			// Not named: the wildcard's weight applies, ranked after every
			// named locale of equal weight and in switcher order (Default
			// first).
			q, p = wildQ, pos+1+i
		}
		if excluded[i] || q <= 0 {
			continue
		}
		if q > bestQ || (q == bestQ && p < bestPos) {
			best, bestQ, bestPos = l, q, p
		}
	}
	return best
}

// parseWeight reads the parameters after a language range and returns the
// q-value in thousandths (1000 when absent). ok is false for an invalid
// q-value, in which case the whole element must be ignored.
func parseWeight(params string) (q int, ok bool) {
	q = 1000
	for p := range strings.SplitSeq(params, ";") {
		p = strings.Trim(p, " \t")
		if p == "" {
			continue
		}
		name, value, found := strings.Cut(p, "=")
		if !found || !strings.EqualFold(strings.TrimRight(name, " \t"), "q") {
			continue // Accept-Language defines no other parameter; ignore it
		}
		if q, ok = parseQValue(strings.TrimLeft(value, " \t")); !ok {
			return 0, false
		}
	}
	return q, true
}

// parseQValue parses qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func parseQValue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole := int(s[0] - '0')
	frac := s[1:]
	if frac != "" {
		if frac[0] != '.' {
			return 0, false
		}
		frac = frac[1:]
	}
	v, scale := 0, 100
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v += int(c-'0') * scale
		scale /= 10
	}
	if whole == 1 && v != 0 {
		return 0, false
	}
	return whole*1000 + v, true
}
