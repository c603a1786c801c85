package browsertest_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
)

// The same policy as the site's pages: no inline script, no third party.
const csp = "default-src 'self'; script-src 'self'"

const cleanPage = `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>خطة العمل للحكومة المنفتحة</title>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<header><a href="#main">تخطي إلى المحتوى</a></header>
<main id="main">
<h1>الالتزامات</h1>
<p>تتابع هذه الصفحة تقدم التزامات الجهة في إطار الشراكة من أجل الحكومة المنفتحة.</p>
<img src="/logo.svg" alt="شعار الجهة" width="40" height="40">
<form action="/search" method="get">
<label for="q">بحث</label>
<input id="q" name="q" type="search">
<button type="submit">ابحث</button>
</form>
</main>
<!-- The CSP must block this; the test checks that it did not run. -->
<script>window.inlineRan = true;</script>
<script src="/app.js"></script>
</body>
</html>`

const badPage = `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>صفحة سيئة</title></head>
<body><main><h1>صورة بلا نص بديل</h1><img src="/logo.svg"></main></body>
</html>`

func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(body))
		}
	}
	mux.HandleFunc("GET /{$}", page(cleanPage))
	mux.HandleFunc("GET /bad", page(badPage))
	mux.HandleFunc("GET /site.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		_, _ = w.Write([]byte(`body{font-family:"Noto Naskh Arabic",serif;color:#1a1a1a;background:#fff;margin:1rem}`))
	})
	mux.HandleFunc("GET /app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`window.externalRan = true;`))
	})
	mux.HandleFunc("GET /logo.svg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		_, _ = w.Write([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#0a6"/></svg>`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCleanRTLPage(t *testing.T) {
	srv := server(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}

	dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dir`))
	if err != nil {
		t.Fatal(err)
	}
	if dir != "rtl" {
		t.Errorf("document.documentElement.dir = %q, want rtl", dir)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != browsertest.DesktopWidth {
		t.Errorf("innerWidth = %d, want %d", width, browsertest.DesktopWidth)
	}

	// The page's CSP is in force: its own script ran, the inline one did not.
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[window.externalRan === true, window.inlineRan === true]`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ran, []bool{true, false}) {
		t.Fatalf("external script ran, inline script ran = %v, want [true false]: the CSP is not what this test needs", ran)
	}

	// axe-core runs despite that CSP, and finds nothing serious.
	vs := browsertest.NoSerious(t, ctx)
	if len(vs) > 0 {
		t.Logf("minor violations:\n%s", browsertest.Format(vs))
	}
	// A second run reuses the injected axe.
	browsertest.NoSerious(t, ctx)

	// The phone viewport.
	if err := chromedp.Do(ctx, browsertest.Phone(), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != browsertest.PhoneWidth {
		t.Errorf("innerWidth on a phone = %d, want %d", width, browsertest.PhoneWidth)
	}
	browsertest.NoSerious(t, ctx)
	browsertest.Screenshot(t, ctx, filepath.Join(t.TempDir(), "phone.png"))
}

func TestBadPage(t *testing.T) {
	srv := server(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad")); err != nil {
		t.Fatal(err)
	}
	serious := browsertest.Serious(browsertest.Axe(t, ctx))
	i := slices.IndexFunc(serious, func(v browsertest.Violation) bool { return v.ID == "image-alt" })
	if i < 0 {
		t.Fatalf("no serious image-alt violation for an <img> without alt; got:\n%s", browsertest.Format(serious))
	}
	v := serious[i]
	if len(v.Nodes) != 1 || !slices.Equal(v.Nodes[0].Target, []string{"img"}) || !strings.Contains(v.Nodes[0].HTML, "<img") {
		t.Errorf("image-alt nodes = %+v, want the one <img>", v.Nodes)
	}
	msg := browsertest.Format(serious)
	for _, want := range []string{"[critical] image-alt", "img", "dequeuniversity.com"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Format output lacks %q:\n%s", want, msg)
		}
	}
}

func TestSerious(t *testing.T) {
	vs := []browsertest.Violation{{ID: "a", Impact: "minor"}, {ID: "b", Impact: "serious"},
		{ID: "c", Impact: "moderate"}, {ID: "d", Impact: "critical"}}
	got := browsertest.Serious(vs)
	if len(got) != 2 || got[0].ID != "b" || got[1].ID != "d" {
		t.Errorf("Serious = %+v, want b and d", got)
	}
	if browsertest.Serious(nil) != nil {
		t.Error("Serious(nil) != nil")
	}
}
