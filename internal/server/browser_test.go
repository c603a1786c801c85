package server_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestPlanPageInBrowser opens the plan and a commitment page in a real
// Chromium, in Arabic and French, on a desktop and a phone: the direction
// follows the language, the page works without JavaScript, and axe-core finds
// no serious or critical accessibility violation.
func TestPlanPageInBrowser(t *testing.T) {
	ts := demoServer(t, dbtest.SQLite(t))
	cid := firstID(t, ts, "/api/v1/commitments")
	ctx := browsertest.New(t)
	pages := []struct {
		path, dir, lang string
	}{
		{"/plans/plan-2021-2023?lang=ar", "rtl", "ar"},
		{"/plans/plan-2021-2023?lang=fr", "ltr", "fr"},
		{"/commitments/" + itoa(cid) + "?lang=ar", "rtl", "ar"},
		{"/commitments/" + itoa(cid) + "?lang=en", "ltr", "en"},
		{"/?lang=ar", "rtl", "ar"},
		{"/search?lang=ar&q=%D8%A7%D9%84%D8%B4%D9%81%D8%A7%D9%81%D9%8A%D8%A9", "rtl", "ar"}, // الشفافية
		{"/search?lang=ar&q=", "rtl", "ar"},                                                 // the message for an empty query
		{"/search?lang=fr&q=transparence", "ltr", "fr"},
	}
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, p := range pages {
			t.Run(viewport.name+p.path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(ts.URL+p.path)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir, document.documentElement.lang,
					// On a phone nothing may force sideways scrolling.
					String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
				if err != nil || len(got) != 3 {
					t.Fatal(got, err)
				}
				dir, lang, overflow := got[0], got[1], got[2] == "true"
				if dir != p.dir || lang != p.lang {
					t.Errorf("dir=%q lang=%q, want %q %q", dir, lang, p.dir, p.lang)
				}
				if overflow {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, ctx)
			})
		}
	}
	// INFITAH_SCREENSHOT=path saves the Arabic plan page (the README's picture).
	if out := os.Getenv("INFITAH_SCREENSHOT"); out != "" {
		if err := chromedp.Do(ctx, browsertest.Desktop(), chromedp.Navigate(ts.URL+"/plans/plan-2021-2023?lang=ar")); err != nil {
			t.Fatal(err)
		}
		browsertest.Screenshot(t, ctx, filepath.Clean(out))
	}
}
