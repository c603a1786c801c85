package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/web"
)

// trickyTargets are return addresses that lead, or have led some browser or
// proxy, off the site. Other tests (the sign-in's) reuse the list.
var trickyTargets = []string{
	`/./\localhost:18081/phish`,
	`/\evil.example`,
	`\/evil.example`,
	`\\evil.example`,
	`/\/evil.example`,
	`//evil.example`,
	`///evil.example`,
	`//evil.example/%2F..`,
	`/.//evil.example`,
	`/..//evil.example`,
	`/a/../..//evil.example`,
	`/%2F/evil.example`,
	`/%2f%2fevil.example`,
	`%2f%2fevil.example`,
	`/%2F%2Fevil.example`,
	`/.%2F%2Fevil.example`,
	`/%5C/evil.example`,
	`/%5cevil.example`,
	`/%5C%5Cevil.example`,
	`/.%5C%5Cevil.example`,
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r\n/evil.example",
	"/%09/evil.example",
	"/%0d%0aSet-Cookie:%20x=1",
	"/a\r\nSet-Cookie: x=1",
	"/\x00/evil.example",
	"/\x7f/evil.example",
	"/plans#\\evil",
	"/plans#%5Cevil",
	"/plans#%0aevil",
	"https://evil.example",
	"http:evil.example",
	"https:/evil.example",
	"javascript:alert(1)",
	"data:text/html,x",
	"//user:pw@evil.example/",
	"/http://evil.example",
	" /plans",
	"\t//evil.example",
	"plans",
	"",
	"/%",
	"/%zz",
	"/" + strings.Repeat("a", 3000),
}

func TestLocalTargetRefuses(t *testing.T) {
	for _, raw := range trickyTargets {
		if got := web.LocalTarget(raw); got != "" {
			t.Errorf("LocalTarget(%q) = %q, want it refused", raw, got)
		}
	}
}

func TestLocalTargetKeepsPagesOfTheSite(t *testing.T) {
	for raw, want := range map[string]string{
		"/":                          "/",
		"/plans":                     "/plans",
		"/plans/":                    "/plans/",
		"/plans?x=1#a":               "/plans?x=1#a",
		"/plans/?lang=fr":            "/plans/?lang=fr",
		"/commitments/3#comments":    "/commitments/3#comments",
		"/plans/a/../b":              "/plans/b",
		"/plans/./b/.":               "/plans/b",
		"/../../plans":               "/plans",
		"/a/%2e%2e/%2E%2E/b":         "/b",
		"/%2e%2e/":                   "/",
		"/search?q=a b":              "/search?q=a%20b",
		`/search?q="<x>"`:            "/search?q=%22%3Cx%3E%22",
		"/x?next=//evil.example":     "/x?next=//evil.example",
		"/x?next=%2F%2Fevil.example": "/x?next=%2F%2Fevil.example",
		"/news/مرحبا":                "/news/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7",
		"/a%20b":                     "/a%20b",
		"/%252F":                     "/%252F",
		"/@evil.example":             "/@evil.example",
		"/a:b":                       "/a:b",
		"/a?%2F%5C":                  "/a?%2F%5C",
	} {
		if got := web.LocalTarget(raw); got != want {
			t.Errorf("LocalTarget(%q) = %q, want %q", raw, got, want)
		}
	}
}

// What LocalTarget accepts stays on the site however it is read: it is a
// fixed point (checking the answer again changes nothing), http.Redirect's
// cleaning leaves it alone, it resolves against the site to the site, and a
// browser sees a path (one slash, then neither a slash nor a backslash).
func TestLocalTargetAnswersAreFixedPoints(t *testing.T) {
	inputs := append([]string{"/plans?x=1#a", "/a/%2e%2e/b", "/search?q=a b", "/news/مرحبا", "/x#/../../y",
		"/a/b/../../../c/", "/%2e%2e/%2e%2e/evil.example"}, trickyTargets...)
	base, _ := url.Parse("https://site.example/some/page")
	for _, raw := range inputs {
		got := web.LocalTarget(raw)
		if got == "" {
			continue
		}
		if again := web.LocalTarget(got); again != got {
			t.Errorf("LocalTarget(%q) = %q, but LocalTarget(%q) = %q", raw, got, got, again)
		}
		if got[0] != '/' || (len(got) > 1 && (got[1] == '/' || got[1] == '\\')) || strings.ContainsAny(got, "\\\t\r\n ") {
			t.Errorf("LocalTarget(%q) = %q, which a browser may read as another host", raw, got)
		}
		ref, err := url.Parse(got)
		if err != nil || base.ResolveReference(ref).Host != "site.example" {
			t.Errorf("LocalTarget(%q) = %q resolves off the site (%v)", raw, got, err)
		}
	}
}

func TestRedirectLocalSendsWhatWasChecked(t *testing.T) {
	for raw, want := range map[string]string{
		`/./\localhost:18081/phish`: "/account",
		"/x#/../../y":               "/x#/../../y", // http.Redirect would have made it "/y"
		"/plans?x=1":                "/plans?x=1",
		"//evil.example":            "/account",
	} {
		w := httptest.NewRecorder()
		web.RedirectLocal(w, raw, "/account")
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
			t.Errorf("RedirectLocal(%q): %d %q, want 303 %q", raw, w.Code, w.Header().Get("Location"), want)
		}
	}
	w := httptest.NewRecorder()
	web.RedirectLocal(w, "//evil.example", "//evil.example")
	if got := w.Header().Get("Location"); got != "/" {
		t.Errorf("an unsafe fallback was sent: %q", got)
	}
}
