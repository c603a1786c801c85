package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestBaseURLFlag(t *testing.T) {
	for _, bad := range []string{"region.example.ma", "ftp://region.example.ma", "https://region.example.ma/portal", "https://u:p@region.example.ma"} {
		if _, err := parseFlags("serve", []string{"--base-url", bad}, noEnv, io.Discard, true); err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Errorf("--base-url %s: %v", bad, err)
		}
	}
	env := func(k string) string {
		if k == "INFITAH_BASE_URL" {
			return "HTTPS://Region.Example.MA/"
		}
		return ""
	}
	c, err := parseFlags("serve", nil, env, io.Discard, true)
	if err != nil || c.baseURL != "https://region.example.ma" {
		t.Errorf("INFITAH_BASE_URL: %q, %v", c.baseURL, err)
	}
}

// TestServeLinksFromBaseURL starts serve with and without --base-url and
// reads the sitemap with a forged Host: its links use the base URL, or
// else the address serve listens on, after a warning at start.
func TestServeLinksFromBaseURL(t *testing.T) {
	dir := t.TempDir()
	sitemap := func(base string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+"/sitemap.xml", nil)
		req.Host = "evil.example"
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("sitemap: %d", res.StatusCode)
		}
		return string(b)
	}
	base, stop, log := startServeLog(t, "--demo", "--data-dir", dir)
	body := sitemap(base)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<loc>"+base+"/") || strings.Contains(body, "evil.example") {
		t.Errorf("without a base URL the sitemap does not link to %s:\n%.400s", base, body)
	}
	if !strings.Contains(log.String(), "no public URL is configured") {
		t.Errorf("serve did not warn that no public URL is configured:\n%s", log.String())
	}
	base, stop, log = startServeLog(t, "--data-dir", dir, "--base-url", "https://region.example.ma")
	body = sitemap(base)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<loc>https://region.example.ma/") || strings.Contains(body, "evil.example") {
		t.Errorf("the sitemap does not link to the base URL:\n%.400s", body)
	}
	if strings.Contains(log.String(), "no public URL is configured") {
		t.Errorf("serve warned although a base URL is set")
	}
}
