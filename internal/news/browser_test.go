package news_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestArticleInBrowser opens an article and the news list in a real
// Chromium, in Arabic on a desktop and a phone: the page is right to left,
// its JSON-LD block parses (the strict CSP lets a data block be), nothing
// forces sideways scrolling, and axe-core finds no serious or critical
// violation.
func TestArticleInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	e.addPost(ed, postForm("open-smart-regions", "2026-04-20T09:30", e.cID))
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, path := range []string{"/news/open-smart-regions?lang=ar", "/news?lang=ar"} {
			t.Run(viewport.name+path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+path)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
					(() => { const s = document.querySelector('script[type="application/ld+json"]'); if (!s) return "none";
					  try { return JSON.parse(s.textContent)["@type"]; } catch (e) { return "bad"; } })(),
					String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
				if err != nil || len(got) != 3 {
					t.Fatal(got, err)
				}
				wantLD := "none"
				if path[:6] == "/news/" {
					wantLD = "NewsArticle"
				}
				if got[0] != "rtl" || got[1] != wantLD {
					t.Errorf("dir=%s JSON-LD=%s", got[0], got[1])
				}
				if got[2] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, ctx)
				if dir := os.Getenv("INFITAH_SCREENSHOT_DIR"); dir != "" {
					name := "news-list-"
					if wantLD != "none" {
						name = "news-article-"
					}
					browsertest.Screenshot(t, ctx, filepath.Join(dir, name+viewport.name+".png"))
				}
			})
		}
	}
}
