package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// maxTarget bounds the length of a return address taken from a request.
const maxTarget = 2048

// LocalTarget decides whether raw, a return address taken from a request
// (the next of /login?next=, a form's next or back field), is a page of this
// site. It returns the address in the exact form to send in a Location
// header, or "" when raw may lead elsewhere.
//
// Browsers read more into a Location than a URL parser does: "//host" and
// "/\host" name another host, tabs and newlines are dropped (so "/\t/host"
// becomes "//host"), and some proxies decode "%2F" and "%5C" before anyone
// else looks. So raw is refused when it does not start with one slash, holds
// a control character or a backslash anywhere, or "//", "%2F" or "%5C" in its
// path (before or after decoding), or when it parses with a scheme, a host
// or user information. What is left is cleaned as http.Redirect would clean
// it (dot segments resolved, percent-encoded ones included), checked again,
// and re-encoded: the answer is what was checked, and RedirectLocal sends it
// as it is.
func LocalTarget(raw string) string {
	if raw == "" || len(raw) > maxTarget || raw[0] != '/' {
		return ""
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	rawPath := raw
	if i := strings.IndexAny(rawPath, "?#"); i >= 0 {
		rawPath = rawPath[:i]
	}
	lower := strings.ToLower(rawPath)
	if strings.Contains(rawPath, "//") || strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Opaque != "" || u.User != nil || u.Host != "" {
		return ""
	}
	p := u.Path // decoded
	if p == "" || p[0] != '/' || strings.Contains(p, "//") || hasControlOrBackslash(p) {
		return ""
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(clean, "/") {
		clean += "/"
	}
	if hasControlOrBackslash(u.Fragment) {
		return ""
	}
	out := (&url.URL{Path: clean, RawQuery: escapeQuery(u.RawQuery), Fragment: u.Fragment}).String()
	if len(out) > maxTarget || out[0] != '/' || (len(out) > 1 && (out[1] == '/' || out[1] == '\\')) {
		return ""
	}
	return out
}

func hasControlOrBackslash(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return true
		}
	}
	return false
}

// escapeQuery percent-encodes what may not stand in a query as it is
// (spaces, quotes, angle brackets, bytes beyond ASCII…) and keeps the rest,
// escapes included, so the parameters reach the page as they were meant.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if queryChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// queryChar reports whether c may appear unescaped in a query (RFC 3986
// unreserved, sub-delims, ':', '@', '/', '?' and '%' of an escape).
func queryChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0
}

// RedirectLocal answers 303 See Other to raw when LocalTarget accepts it,
// else to fallback (a path the handler chose; "/" if even that is not
// local). The Location header is written as LocalTarget returned it:
// http.Redirect would clean the path once more, so what was checked would
// not be what is sent.
func RedirectLocal(w http.ResponseWriter, raw, fallback string) {
	target := LocalTarget(raw)
	if target == "" {
		target = LocalTarget(fallback)
	}
	if target == "" {
		target = "/"
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusSeeOther)
}
