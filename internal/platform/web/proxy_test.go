package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/web"
)

func mustNets(t *testing.T, s string) web.TrustedNets {
	t.Helper()
	nets, err := web.ParseTrustedNets(s)
	if err != nil {
		t.Fatalf("ParseTrustedNets(%q): %v", s, err)
	}
	return nets
}

func TestParseTrustedNets(t *testing.T) {
	nets := mustNets(t, " 10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1,,")
	for addr, want := range map[string]bool{
		"10.1.2.3": true, "11.0.0.1": false, "192.0.2.7": true, "192.0.2.8": false,
		"fd12::5": true, "::1": true, "::2": false, "::ffff:10.9.9.9": true,
	} {
		if got := nets.Contains(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Contains(%s) = %v, want %v", addr, got, want)
		}
	}
	if nets, err := web.ParseTrustedNets(""); err != nil || len(nets) != 0 {
		t.Errorf("empty list: %v %v", nets, err)
	}
	for _, bad := range []string{"proxy.example", "10.0.0.0/33", "10.0.0.1:80", "fe80::1%eth0", "::ffff:10.0.0.0/104", "10.0.0.0/8;"} {
		if _, err := web.ParseTrustedNets(bad); err == nil {
			t.Errorf("ParseTrustedNets(%q) accepted", bad)
		}
	}
}

// TestTrustedNetsClient walks X-Forwarded-For lists from the right.
func TestTrustedNetsClient(t *testing.T) {
	nets := mustNets(t, "10.0.0.0/8, 2001:db8:ff::/48, 127.0.0.1")
	cases := []struct {
		name string
		peer string
		xff  []string
		want string
	}{
		{"no header", "10.0.0.1", nil, "10.0.0.1"},
		{"one proxy", "10.0.0.1", []string{"203.0.113.5"}, "203.0.113.5"},
		{"spoofed leftmost entries", "10.0.0.1", []string{"1.2.3.4, 5.6.7.8, 203.0.113.5"}, "203.0.113.5"},
		{"two proxies", "10.0.0.1", []string{"198.51.100.9, 203.0.113.5, 10.0.0.2"}, "203.0.113.5"},
		{"lines in order", "10.0.0.1", []string{"1.1.1.1, 203.0.113.5", "10.0.0.3", "10.0.0.2"}, "203.0.113.5"},
		{"client with a port", "10.0.0.1", []string{"203.0.113.5:5050"}, "203.0.113.5"},
		{"IPv6 client", "10.0.0.1", []string{"2001:db8::7"}, "2001:db8::7"},
		{"IPv6 client with a port", "10.0.0.1", []string{"[2001:db8::7]:443"}, "2001:db8::7"},
		{"IPv6 in brackets", "10.0.0.1", []string{"[2001:db8::7]"}, "2001:db8::7"},
		{"IPv6 proxy", "2001:db8:ff::1", []string{"203.0.113.5, 2001:db8:ff::2"}, "203.0.113.5"},
		{"mapped IPv4", "10.0.0.1", []string{"::ffff:203.0.113.5"}, "203.0.113.5"},
		{"mapped trusted hop", "10.0.0.1", []string{"203.0.113.5, ::ffff:10.0.0.2"}, "203.0.113.5"},
		{"garbage stops the walk", "10.0.0.1", []string{"203.0.113.5, garbage"}, "10.0.0.1"},
		{"garbage behind a hop", "10.0.0.1", []string{"203.0.113.5, unknown, 10.0.0.2"}, "10.0.0.2"},
		{"garbage left of the client", "10.0.0.1", []string{"garbage, 203.0.113.5"}, "203.0.113.5"},
		{"empty entry", "10.0.0.1", []string{"203.0.113.5, , 10.0.0.2"}, "10.0.0.2"},
		{"empty header", "10.0.0.1", []string{""}, "10.0.0.1"},
		{"zone", "10.0.0.1", []string{"fe80::1%eth0"}, "10.0.0.1"},
		{"host name", "10.0.0.1", []string{"client.example"}, "10.0.0.1"},
		{"obfuscated", "10.0.0.1", []string{"_hidden"}, "10.0.0.1"},
		{"all trusted", "10.0.0.1", []string{"10.0.0.9, 10.0.0.2"}, "10.0.0.9"},
		{"untrusted peer", "198.51.100.1", []string{"203.0.113.5"}, "198.51.100.1"},
	}
	for _, c := range cases {
		got := nets.Client(netip.MustParseAddr(c.peer), c.xff)
		if got.String() != c.want {
			t.Errorf("%s: Client(%s, %q) = %s, want %s", c.name, c.peer, c.xff, got, c.want)
		}
	}
}

// echo answers with what a handler behind the middleware sees.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "remote=%s https=%v", r.RemoteAddr, web.IsHTTPS(r))
	for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Proto", "Forwarded", "X-Real-Ip"} {
		if v := r.Header.Get(h); v != "" {
			fmt.Fprintf(w, " %s=%s", h, v)
		}
	}
})

func proxyGet(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestTrustedProxies runs the middleware over a real socket, whose peer is
// 127.0.0.1.
func TestTrustedProxies(t *testing.T) {
	forwarded := map[string]string{"X-Forwarded-For": "6.6.6.6, 203.0.113.5", "X-Forwarded-Proto": "http, https",
		"Forwarded": "for=9.9.9.9;proto=https", "X-Real-Ip": "9.9.9.9"}

	trusted := httptest.NewServer(web.Chain(echo, web.TrustedProxies(mustNets(t, "127.0.0.1/32")), web.SecurityHeaders))
	defer trusted.Close()
	res, body := proxyGet(t, trusted.URL, forwarded)
	if body != "remote=203.0.113.5:0 https=true" {
		t.Errorf("from a trusted proxy the handler saw %q", body)
	}
	if res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
		t.Errorf("https through a trusted proxy: HSTS %q", res.Header.Get("Strict-Transport-Security"))
	}
	res, body = proxyGet(t, trusted.URL, map[string]string{"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https, http"})
	if body != "remote=203.0.113.5:0 https=false" || res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("plain http through a trusted proxy: %q, HSTS %q", body, res.Header.Get("Strict-Transport-Security"))
	}
	// The standard header alone is not believed.
	if _, body = proxyGet(t, trusted.URL, map[string]string{"Forwarded": "for=203.0.113.5;proto=https"}); !strings.HasPrefix(body, "remote=127.0.0.1:") || !strings.HasSuffix(body, "https=false") {
		t.Errorf("Forwarded was believed: %q", body)
	}

	untrusted := httptest.NewServer(web.Chain(echo, web.TrustedProxies(mustNets(t, "10.0.0.0/8")), web.SecurityHeaders))
	defer untrusted.Close()
	res, body = proxyGet(t, untrusted.URL, forwarded)
	if !strings.HasPrefix(body, "remote=127.0.0.1:") || !strings.HasSuffix(body, "https=false") {
		t.Errorf("from an untrusted peer the handler saw %q", body)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("spoofed X-Forwarded-Proto gave HSTS")
	}

	none := httptest.NewServer(web.Chain(echo, web.TrustedProxies(nil), web.SecurityHeaders))
	defer none.Close()
	if _, body = proxyGet(t, none.URL, forwarded); !strings.HasPrefix(body, "remote=127.0.0.1:") || !strings.HasSuffix(body, "https=false") {
		t.Errorf("without trusted proxies the handler saw %q", body)
	}
}

// TestHTTPSDirect: a request over TLS is https without any proxy.
func TestHTTPSDirect(t *testing.T) {
	ts := httptest.NewTLSServer(web.Chain(echo, web.TrustedProxies(nil), web.SecurityHeaders))
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !strings.HasSuffix(string(b), "https=true") || res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
		t.Errorf("over TLS: %q, HSTS %q", b, res.Header.Get("Strict-Transport-Security"))
	}
	plain := httptest.NewServer(web.Chain(echo, web.TrustedProxies(nil), web.SecurityHeaders))
	defer plain.Close()
	res, body := proxyGet(t, plain.URL, nil)
	if !strings.HasSuffix(body, "https=false") || res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("plain http: %q, HSTS %q", body, res.Header.Get("Strict-Transport-Security"))
	}
}
