package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/crypto/acme/autocert"
)

// tlsOptions configure the built-in TLS listener, for a council that runs
// Infitah without a reverse proxy. TLS is on when domains are given (and a
// certificate is then obtained and renewed automatically from Let's
// Encrypt) or when certFile and keyFile name a certificate the council
// already has.
type tlsOptions struct {
	domains  []string // host names: certificates are requested for these only, and plain HTTP is sent to them
	cacheDir string   // where automatic certificates and the ACME account key are kept
	httpAddr string   // the plain-HTTP listener (ACME challenges, redirects); "" for none
	certFile string
	keyFile  string

	rawDomains string
}

// httpOff turns the plain-HTTP listener off.
const httpOff = "off"

func (t *tlsOptions) flags(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&t.rawDomains, "tls-domain", envOr(getenv, "INFITAH_TLS_DOMAIN", ""), "serve https with automatic certificates for these comma-separated host names")
	fs.StringVar(&t.cacheDir, "tls-cache-dir", envOr(getenv, "INFITAH_TLS_CACHE_DIR", ""), "folder of the automatic certificates (default DATA_DIR/certs)")
	fs.StringVar(&t.httpAddr, "tls-http-addr", envOr(getenv, "INFITAH_TLS_HTTP_ADDR", ":80"), "with TLS, plain-HTTP address answering certificate challenges and redirecting to https, or \"off\"")
	fs.StringVar(&t.certFile, "tls-cert", envOr(getenv, "INFITAH_TLS_CERT", ""), "serve https with this PEM certificate chain (with --tls-key)")
	fs.StringVar(&t.keyFile, "tls-key", envOr(getenv, "INFITAH_TLS_KEY", ""), "the PEM private key of --tls-cert")
}

// check validates the options once the flags are parsed.
func (t *tlsOptions) check(dataDir string) error {
	for _, d := range strings.Split(t.rawDomains, ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if !validHostName(d) {
			return fmt.Errorf("--tls-domain: %q is not a host name", d)
		}
		t.domains = append(t.domains, d)
	}
	if (t.certFile == "") != (t.keyFile == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if t.cacheDir == "" {
		t.cacheDir = filepath.Join(dataDir, "certs")
	}
	if t.httpAddr == httpOff || !t.on() {
		t.httpAddr = ""
	}
	// With a certificate from files the plain-HTTP listener only redirects,
	// which needs a host name to send people to.
	if !t.auto() && len(t.domains) == 0 {
		t.httpAddr = ""
	}
	return nil
}

// on reports whether serve speaks TLS.
func (t *tlsOptions) on() bool { return len(t.domains) > 0 || t.certFile != "" }

// auto reports whether certificates come from ACME rather than files.
func (t *tlsOptions) auto() bool { return len(t.domains) > 0 && t.certFile == "" }

// validHostName accepts a DNS name in ASCII (an internationalized one in
// its xn-- form): labels of letters, digits and hyphens. ACME issues no
// certificate for an address or, over HTTP challenges, for a wildcard.
func validHostName(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return net.ParseIP(s) == nil
}

// manager is the automatic certificate manager: it asks Let's Encrypt for
// certificates of the configured names only (a TLS hello naming any other
// host is refused before anything is requested), keeps them in cacheDir
// and renews them before they expire.
func (t *tlsOptions) manager() *autocert.Manager {
	return &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      autocert.DirCache(t.cacheDir),
		HostPolicy: autocert.HostWhitelist(t.domains...),
	}
}

// config returns the TLS configuration of the https listener and, when a
// plain-HTTP listener runs, its handler; httpsPort is the https listener's
// port, for the redirects. A certificate from files is read now, so a bad
// one stops serve at once; replacing it takes a restart.
func (t *tlsOptions) config(httpsPort int) (*tls.Config, http.Handler, error) {
	redirect := redirectToHTTPS(t.domains, httpsPort)
	if t.auto() {
		m := t.manager()
		cfg := m.TLSConfig() // also answers tls-alpn-01 challenges, so ACME works without the HTTP listener
		cfg.MinVersion = tls.VersionTLS12
		return cfg, m.HTTPHandler(redirect), nil
	}
	cert, err := tls.LoadX509KeyPair(t.certFile, t.keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("--tls-cert, --tls-key: %w", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if len(t.domains) == 0 {
		return cfg, nil, nil
	}
	return cfg, redirect, nil
}

// redirectToHTTPS sends every plain-HTTP request to the same path and query
// over https on a configured host name: the one the request named when it
// is configured, else the first. The request's Host header is never copied
// into the answer, so a client cannot make the site redirect elsewhere.
func redirectToHTTPS(domains []string, httpsPort int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(domains) == 0 {
			http.NotFound(w, r)
			return
		}
		reqHost := r.Host
		if h, _, err := net.SplitHostPort(reqHost); err == nil {
			reqHost = h
		}
		host := domains[0]
		for _, d := range domains {
			if strings.EqualFold(reqHost, d) {
				host = d
			}
		}
		if httpsPort != 443 {
			host = net.JoinHostPort(host, strconv.Itoa(httpsPort))
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
}

// localURL is the origin of links when no public URL is configured: the
// first TLS domain when there is one, else the address serve listens on.
func (c *config) localURL(scheme string, a net.Addr) string {
	if len(c.tls.domains) > 0 {
		host := c.tls.domains[0]
		if tcp, ok := a.(*net.TCPAddr); ok && tcp.Port != 443 {
			host = net.JoinHostPort(host, strconv.Itoa(tcp.Port))
		}
		return "https://" + host
	}
	return scheme + "://" + displayAddr(a)
}
