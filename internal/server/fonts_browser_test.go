package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server"
)

// TestBundledFontsLoadInBrowser opens each page type in a real Chromium in
// Arabic and Amazigh and asks the browser, through document.fonts, which
// font faces it loaded: the bundled Noto Naskh Arabic (Arabic text) and Noto
// Sans Tifinagh (the Amazigh name in the language switcher, and Amazigh
// pages) must both be loaded, not left to whatever the machine has. No
// request for a static asset may fail.
func TestBundledFontsLoadInBrowser(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var failed []string
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status >= 400 && len(r.URL.Path) > 8 && r.URL.Path[:8] == "/static/" {
			mu.Lock()
			failed = append(failed, r.URL.Path)
			mu.Unlock()
		}
	}))
	t.Cleanup(ts.Close)
	cid := firstID(t, ts, "/api/v1/commitments")
	bctx := browsertest.New(t)
	for _, lang := range []string{"ar", "zgh"} {
		for _, path := range []string{"/", "/plans/plan-2021-2023", "/commitments/" + itoa(cid), "/news", "/events", "/consultations",
			"/search?q=%D8%A7%D9%84%D8%B4%D9%81%D8%A7%D9%81%D9%8A%D8%A9", "/audit", "/login"} {
			t.Run(lang+path, func(t *testing.T) {
				if err := chromedp.Do(bctx, browsertest.Desktop(), chromedp.Navigate(ts.URL+path+sep(path)+"lang="+lang)); err != nil {
					t.Fatal(err)
				}
				loaded, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`document.fonts.ready.then(() =>
					[...document.fonts].filter(f => f.status === "loaded").map(f => f.family.replace(/"/g, "")))`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				for _, family := range []string{"Noto Naskh Arabic", "Noto Sans Tifinagh"} {
					if !slices.Contains(loaded, family) {
						t.Errorf("%s was not loaded (loaded: %v)", family, loaded)
					}
				}
			})
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) > 0 {
		t.Errorf("static asset requests failed: %v", failed)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// sep is what joins one more query parameter to path.
func sep(path string) string {
	if slices.Contains([]byte(path), '?') {
		return "&"
	}
	return "?"
}
