package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/web"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

// TestServeFlags reads the proxy and TLS options of serve.
func TestServeFlags(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*config, error) {
		return parseFlags("serve", args, envOf(env), io.Discard, true)
	}
	c, err := parse(nil)
	if err != nil || c.addr != ":8080" || len(c.trusted) != 0 || c.tls.on() {
		t.Fatalf("defaults: %+v %v", c, err)
	}

	c, err = parse(map[string]string{"INFITAH_TRUSTED_PROXY": "10.0.0.0/8, 192.0.2.7"})
	if err != nil || len(c.trusted) != 2 || !c.trusted.Contains(netip.MustParseAddr("10.1.1.1")) {
		t.Errorf("INFITAH_TRUSTED_PROXY: %v %v", c.trusted, err)
	}
	c, err = parse(map[string]string{"INFITAH_TRUSTED_PROXY": "10.0.0.0/8"}, "--trusted-proxy", "::1")
	if err != nil || len(c.trusted) != 1 || c.trusted.Contains(netip.MustParseAddr("10.1.1.1")) || !c.trusted.Contains(netip.MustParseAddr("::1")) {
		t.Errorf("the flag does not win over the environment: %v %v", c.trusted, err)
	}

	c, err = parse(nil, "--data-dir", "/srv/infitah", "--tls-domain", " Region.Example,www.region.example ")
	switch {
	case err != nil:
		t.Fatal(err)
	case c.addr != ":443" || !c.tls.auto() || strings.Join(c.tls.domains, " ") != "region.example www.region.example":
		t.Errorf("--tls-domain: addr %q, domains %q, auto %v", c.addr, c.tls.domains, c.tls.auto())
	case c.tls.cacheDir != filepath.Join("/srv/infitah", "certs") || c.tls.httpAddr != ":80":
		t.Errorf("--tls-domain: cache %q, http %q", c.tls.cacheDir, c.tls.httpAddr)
	}
	c, err = parse(map[string]string{"INFITAH_TLS_DOMAIN": "region.example", "INFITAH_TLS_HTTP_ADDR": "off", "INFITAH_ADDR": ":8443",
		"INFITAH_TLS_CACHE_DIR": "/var/cache/infitah"})
	if err != nil || c.addr != ":8443" || c.tls.httpAddr != "" || c.tls.cacheDir != "/var/cache/infitah" || !c.tls.auto() {
		t.Errorf("TLS from the environment: %+v %v", c, err)
	}
	// A certificate from files: no HTTP listener unless a host name says
	// where to redirect.
	c, err = parse(nil, "--tls-cert", "c.pem", "--tls-key", "k.pem")
	if err != nil || c.addr != ":443" || !c.tls.on() || c.tls.auto() || c.tls.httpAddr != "" {
		t.Errorf("--tls-cert: %+v %v", c, err)
	}
	c, err = parse(nil, "--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-domain", "region.example")
	if err != nil || c.tls.auto() || c.tls.httpAddr != ":80" {
		t.Errorf("--tls-cert with --tls-domain: %+v %v", c, err)
	}

	for _, bad := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"--trusted-proxy", "proxy.example"}},
		{map[string]string{"INFITAH_TRUSTED_PROXY": "10.0.0.0/40"}, nil},
		{nil, []string{"--tls-cert", "c.pem"}},
		{nil, []string{"--tls-key", "k.pem"}},
		{nil, []string{"--tls-domain", "https://region.example"}},
		{nil, []string{"--tls-domain", "region.example:443"}},
		{nil, []string{"--tls-domain", "*.region.example"}},
		{nil, []string{"--tls-domain", "192.0.2.1"}},
		{nil, []string{"--tls-domain", "localhost"}},
		{nil, []string{"--tls-domain", "region..example"}},
	} {
		if _, err := parse(bad.env, bad.args...); err == nil {
			t.Errorf("serve %v with %v was accepted", bad.args, bad.env)
		}
	}

	// The certificate manager asks for the configured names only.
	c, _ = parse(nil, "--tls-domain", "region.example")
	m := c.tls.manager()
	if err := m.HostPolicy(context.Background(), "region.example"); err != nil {
		t.Errorf("host policy refuses the configured name: %v", err)
	}
	for _, other := range []string{"evil.example", "sub.region.example", "region.example.evil"} {
		if err := m.HostPolicy(context.Background(), other); err == nil {
			t.Errorf("host policy accepts %s", other)
		}
	}
}

// TestRedirectToHTTPS: plain HTTP goes to the configured host name, never to
// the one the request named.
func TestRedirectToHTTPS(t *testing.T) {
	cases := []struct {
		domains []string
		port    int
		host    string
		target  string
		want    string
	}{
		{[]string{"region.example"}, 443, "evil.example", "/plans?x=1", "https://region.example/plans?x=1"},
		{[]string{"region.example", "www.region.example"}, 443, "WWW.region.example:80", "/", "https://www.region.example/"},
		{[]string{"region.example", "www.region.example"}, 443, "region.example.evil", "/", "https://region.example/"},
		{[]string{"region.example"}, 8443, "region.example", "//evil.example/x", "https://region.example:8443//evil.example/x"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodPost, "http://ignored"+c.target, nil)
		req.Host = c.host
		rec := httptest.NewRecorder()
		redirectToHTTPS(c.domains, c.port).ServeHTTP(rec, req)
		if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != c.want {
			t.Errorf("%v on port %d, Host %s, %s: %d to %q, want %q", c.domains, c.port, c.host, c.target, rec.Code, rec.Header().Get("Location"), c.want)
		}
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and
// region.example and its key, and returns their files and a pool trusting it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "region.example"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"region.example"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

var redirectingRe = regexp.MustCompile(`redirecting (http://\S+) to https`)

// TestServeTLSFromFiles serves over https with a certificate from files: a
// person signs in and gets a Secure session cookie, answers carry HSTS, and
// the plain-HTTP listener redirects to the configured host name.
func TestServeTLSFromFiles(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t)
	var out bytes.Buffer
	ctx := withStdin(context.Background(), strings.NewReader("a long enough password\n"))
	if err := run(ctx, []string{"user", "add", "--data-dir", dir, "--email", "clerk@region.example", "--name", "Clerk"}, noEnv, &out, &out); err != nil {
		t.Fatalf("user add: %v\n%s", err, out.String())
	}
	base, printed, stop := startServeOut(t, "--data-dir", dir, "--tls-cert", certFile, "--tls-key", keyFile,
		"--tls-domain", "region.example", "--tls-http-addr", "127.0.0.1:0")
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("serving on %s", base)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()

	res, err := client.Get(base + "/?lang=fr")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("home over https: %d %+v", res.StatusCode, res.TLS)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts != web.StrictTransportSecurity {
		t.Errorf("HSTS over https: %q", hsts)
	}
	if !secureCookie(res, web.LocaleCookie) {
		t.Errorf("language cookie over https: %q", res.Header.Values("Set-Cookie"))
	}
	res, err = client.PostForm(base+"/login", url.Values{"email": {"clerk@region.example"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !secureCookie(res, auth.SessionCookie) {
		t.Errorf("sign-in over https: %d, %q", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
	// The Secure cookie comes back over https and the person is signed in.
	res, err = client.Get(base + "/account")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("account page after an https sign-in: %d", res.StatusCode)
	}

	m := redirectingRe.FindStringSubmatch(printed.String())
	if m == nil {
		t.Fatalf("no redirect listener in %q", printed.String())
	}
	req, _ := http.NewRequest(http.MethodGet, m[1]+"/plans?x=1", nil)
	req.Host = "evil.example"
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	port := strings.TrimPrefix(base, "https://127.0.0.1:")
	if want := "https://region.example:" + port + "/plans?x=1"; res.StatusCode != http.StatusPermanentRedirect || res.Header.Get("Location") != want {
		t.Errorf("plain http: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), want)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
}

func secureCookie(res *http.Response, name string) bool {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c.Secure
		}
	}
	return false
}

// TestServeAutocertWiring runs serve with automatic certificates as far as
// it goes without an ACME server: the TLS listener refuses a hello for a
// host it has no business with, the HTTP listener answers the ACME
// challenge path itself (only for the configured names) and redirects
// everything else to the configured name.
func TestServeAutocertWiring(t *testing.T) {
	dir := t.TempDir()
	base, printed, stop := startServeOut(t, "--data-dir", dir, "--tls-domain", "region.example", "--tls-http-addr", "127.0.0.1:0")
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	addr := strings.TrimPrefix(base, "https://")
	for _, sni := range []string{"evil.example", ""} {
		conn, err := tls.Dial("tcp", addr, &tls.Config{ServerName: sni, InsecureSkipVerify: true})
		if err == nil {
			conn.Close()
			t.Errorf("TLS hello for %q was answered", sni)
		}
	}
	m := redirectingRe.FindStringSubmatch(printed.String())
	if m == nil {
		t.Fatalf("no redirect listener in %q", printed.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(host, path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, m[1]+path, nil)
		req.Host = host
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	_, port, _ := net.SplitHostPort(addr)
	if res := get("evil.example", "/news?page=2"); res.StatusCode != http.StatusPermanentRedirect ||
		res.Header.Get("Location") != "https://region.example:"+port+"/news?page=2" {
		t.Errorf("redirect: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := get("region.example", "/.well-known/acme-challenge/unknown-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown challenge token: %d, want 404", res.StatusCode)
	}
	if res := get("evil.example", "/.well-known/acme-challenge/unknown-token"); res.StatusCode != http.StatusForbidden {
		t.Errorf("challenge for another host: %d, want 403", res.StatusCode)
	}
}
