package site

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// DefaultLocalURL is the origin of links when nothing is configured and
// the server's own address is unknown.
const DefaultLocalURL = "http://localhost:8080"

// MaxPublicURLLen bounds a configured public URL, in bytes.
const MaxPublicURLLen = 200

// ErrPublicURL is returned by ParsePublicURL for anything but an http or
// https origin.
var ErrPublicURL = errors.New("a public URL is http:// or https://, a host name and an optional port, nothing else")

// ParsePublicURL checks a configured public URL and returns it as an
// origin: the scheme and host in lower case, with the port if one is
// given, without a trailing slash. "" stays "" (not configured). A path
// other than "/", a query, a fragment or user information is refused: the
// site is served from the root of its host name, and every absolute link is
// this origin followed by a path.
func ParsePublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	if len(raw) > MaxPublicURLLen || strings.ContainsAny(raw, "\\ \t\r\n") {
		return "", ErrPublicURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return "", ErrPublicURL
	}
	host := u.Hostname()
	if host == "" || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
		return "", ErrPublicURL
	}
	if ip := net.ParseIP(host); ip == nil {
		for _, c := range host {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
				return "", ErrPublicURL
			}
		}
	}
	if p := u.Port(); p != "" {
		if len(p) > 5 || p == "0" {
			return "", ErrPublicURL
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return "", ErrPublicURL
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// PublicURL is the origin of the absolute links of site id (emails, feeds,
// the sitemap, a page's metadata): its own configured public URL; else, for
// the default (first) site, the installation's base URL; else https:// and
// its configured host name; else the local fallback. A request's Host or
// X-Forwarded-Host header is never used: a client chooses those.
func (r *Resolver) PublicURL(id int64) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range r.sites {
		s := &r.sites[i]
		if s.ID != id {
			continue
		}
		switch {
		case s.PublicURL != "":
			return s.PublicURL
		case i == 0 && r.origins.Base != "":
			return r.origins.Base
		case s.Host != "":
			return "https://" + s.Host
		}
		break
	}
	return r.origins.Local
}

// Configured reports whether the default site's links have a configured
// origin (its public URL, the base URL or its host name) rather than the
// local fallback; serve warns when they do not.
func (r *Resolver) Configured() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.sites) == 0 {
		return r.origins.Base != ""
	}
	s := r.sites[0]
	return s.PublicURL != "" || r.origins.Base != "" || s.Host != ""
}
