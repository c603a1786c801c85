package web

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedNets are the addresses of the reverse proxies whose X-Forwarded-For
// and X-Forwarded-Proto headers are believed. Anyone can write those headers,
// so they mean something only when the connection itself comes from a proxy
// the operator runs, which replaces or appends to them.
type TrustedNets []netip.Prefix

// ParseTrustedNets reads a comma-separated list of addresses ("10.0.0.7",
// "::1") and CIDR prefixes ("10.0.0.0/8", "fd00::/8"); an empty string is an
// empty list.
func ParseTrustedNets(s string) (TrustedNets, error) {
	var nets TrustedNets
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		var p netip.Prefix
		if strings.Contains(f, "/") {
			var err error
			if p, err = netip.ParsePrefix(f); err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
			}
			p = p.Masked()
		} else {
			a, err := netip.ParseAddr(f)
			if err != nil || a.Zone() != "" {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		// Addresses are compared unmapped (::ffff:10.0.0.1 is 10.0.0.1), so a
		// prefix written in the mapped form would never match.
		if p.Addr().Is4In6() {
			return nil, fmt.Errorf("trusted proxy %q: write IPv4 addresses in their IPv4 form", f)
		}
		nets = append(nets, p)
	}
	return nets, nil
}

// Contains reports whether a is one of the trusted proxies.
func (t TrustedNets) Contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Client returns the address of the client a request from peer (a trusted
// proxy) was made by, given the request's X-Forwarded-For header lines. Each
// proxy appends the address it received the request from, so the list is
// read from the right: trusted hops are skipped and the first untrusted
// address is the client. Entries to its left were written by that client
// and may be anything. A malformed entry stops the walk, as does the end of
// the list: the client is then the last address walked (a trusted hop, or
// peer itself), never one a client could choose.
func (t TrustedNets) Client(peer netip.Addr, xff []string) netip.Addr {
	client := peer.Unmap()
	for i := len(xff) - 1; i >= 0; i-- {
		entries := strings.Split(xff[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			if !t.Contains(client) {
				return client
			}
			a, ok := parseForwardedAddr(entries[j])
			if !ok {
				return client
			}
			client = a
		}
	}
	return client
}

// parseForwardedAddr reads one X-Forwarded-For entry: an IPv4 or IPv6
// address, with or without a port ("192.0.2.1:5050", "[2001:db8::1]:443").
// Zones, host names and tokens such as "unknown" are malformed.
func parseForwardedAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
				a, err = netip.ParseAddr(s[1 : len(s)-1])
			}
			if err != nil {
				return netip.Addr{}, false
			}
		} else {
			a = ap.Addr()
		}
	}
	if a.Zone() != "" || !a.IsValid() {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// forwardedHeaders are the headers a proxy uses to describe the original
// request. TrustedProxies consumes or drops all of them, so no handler can
// read a value a client wrote.
var forwardedHeaders = []string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip", "Forwarded"}

type forwardedHTTPSKey struct{}

// TrustedProxies must be the outermost middleware. When the connection comes
// from a trusted proxy, it sets r.RemoteAddr to the client's address taken
// from X-Forwarded-For (see TrustedNets.Client), so that rate limits and
// everything else reading the peer's address see the client, and records
// whether the client used https from the last X-Forwarded-Proto value (read
// it with IsHTTPS). From any other peer both headers are ignored. Either
// way the forwarded headers are then removed from the request. The standard
// Forwarded header (RFC 7239) is never believed: a proxy that only writes
// X-Forwarded-For passes a Forwarded header written by the client through
// unchanged, so trusting both would let clients choose their address.
func TrustedProxies(trusted TrustedNets) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			present := false
			for _, h := range forwardedHeaders {
				if _, ok := r.Header[h]; ok {
					present = true
					break
				}
			}
			peer, fromProxy := peerAddr(r.RemoteAddr)
			fromProxy = fromProxy && trusted.Contains(peer)
			if !present && !fromProxy {
				next.ServeHTTP(w, r)
				return
			}
			r2 := r.WithContext(r.Context())
			r2.Header = r.Header.Clone()
			if fromProxy {
				if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
					client := trusted.Client(peer, xff)
					r2.RemoteAddr = netip.AddrPortFrom(client, 0).String()
				}
				if lastValue(r.Header.Values("X-Forwarded-Proto")) == "https" {
					r2 = r2.WithContext(context.WithValue(r2.Context(), forwardedHTTPSKey{}, true))
				}
			}
			for _, h := range forwardedHeaders {
				r2.Header.Del(h)
			}
			next.ServeHTTP(w, r2)
		})
	}
}

// peerAddr reads the connection's address ("192.0.2.1:5050").
func peerAddr(remote string) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		a, err := netip.ParseAddr(remote)
		return a.Unmap(), err == nil
	}
	return ap.Addr().Unmap(), true
}

// lastValue is the last comma-separated value of a header's lines, lower
// case: the one written by the proxy nearest to this server.
func lastValue(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	last := lines[len(lines)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(last))
}

// arrivedOverHTTPS reports whether the request reached the site over TLS:
// here, or at a trusted proxy that said so.
func arrivedOverHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	https, _ := r.Context().Value(forwardedHTTPSKey{}).(bool)
	return https
}

// IsHTTPS reports whether the site is being used over https: the request
// came over TLS, a trusted proxy said the client used https, or the site's
// public URL is https. Cookies are Secure when it holds. It reads the site
// from the context, so it must be called inside the site middleware.
func IsHTTPS(r *http.Request) bool {
	return arrivedOverHTTPS(r) || sitePublicHTTPS(r.Context())
}

// sitePublicHTTPS reports whether the public URL of the site serving the
// request (an origin the operator configures, never a request header) is
// https.
func sitePublicHTTPS(ctx context.Context) bool {
	return strings.HasPrefix(SiteOf(ctx).PublicURL, "https://")
}
