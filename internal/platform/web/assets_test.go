package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/web"
)

// TestStylesheetReferencesAreServed follows every url() of the served
// stylesheets, from app.css through its imports to the fonts: each must be
// a content-hashed name that the server answers, since only those are
// served. Both bundled fonts, Arabic and Tifinagh, must be reached.
func TestStylesheetReferencesAreServed(t *testing.T) {
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(assets)
	defer ts.Close()
	hashed := regexp.MustCompile(`^/static/[a-z0-9/-]+\.[0-9a-f]{10}\.(css|woff2)$`)
	ref := regexp.MustCompile(`url\(\s*"?([^")]*)"?\s*\)`)
	seen := map[string]bool{}
	var fonts []string
	var follow func(u string)
	follow = func(u string) {
		if seen[u] {
			return
		}
		seen[u] = true
		if !hashed.MatchString(u) {
			t.Errorf("a stylesheet refers to %q, which is not a hashed asset URL", u)
			return
		}
		res, err := http.Get(ts.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", u, res.StatusCode)
			return
		}
		if strings.HasSuffix(u, ".woff2") {
			fonts = append(fonts, u)
			if ct := res.Header.Get("Content-Type"); ct != "font/woff2" {
				t.Errorf("%s is served as %q", u, ct)
			}
			return
		}
		for _, m := range ref.FindAllStringSubmatch(string(body), -1) {
			if m[1] != "" {
				follow(m[1])
			}
		}
	}
	follow(assets.URL("app.css"))
	for _, face := range []string{"noto-naskh-arabic-arabic-400-normal", "noto-naskh-arabic-arabic-700-normal", "noto-sans-tifinagh-tifinagh-400-normal"} {
		found := false
		for _, f := range fonts {
			found = found || strings.Contains(f, face)
		}
		if !found {
			t.Errorf("app.css does not lead to the font %s (reached %v)", face, fonts)
		}
	}
}
