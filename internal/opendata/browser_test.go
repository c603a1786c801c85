package opendata_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestOpenDataInBrowser opens /data and the API reference of the demo in a
// real Chromium, in Arabic on a desktop and a phone, and in French: the
// right direction, no sideways scrolling, and no serious or critical
// axe-core violation.
func TestOpenDataInBrowser(t *testing.T) {
	e := demoEnv(t, dbtest.SQLite(t))
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, page := range []struct{ path, dir string }{
			{"/data?lang=ar", "rtl"}, {"/data/api?lang=ar", "rtl"}, {"/data?lang=fr", "ltr"}, {"/data/api?lang=fr", "ltr"},
		} {
			t.Run(viewport.name+page.path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+page.path)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
					String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
				if err != nil || len(got) != 2 {
					t.Fatal(got, err)
				}
				if got[0] != page.dir {
					t.Errorf("dir=%s, want %s", got[0], page.dir)
				}
				if got[1] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, ctx)
			})
		}
	}
}
