package audit_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestLedgerInBrowser opens the ledger in a real Chromium, in Arabic and
// French, on a desktop and a phone: the direction follows the language, an
// entry's details open without JavaScript, nothing forces sideways
// scrolling (hashes are long), and axe-core finds no serious or critical
// violation, details open or closed.
func TestLedgerInBrowser(t *testing.T) {
	fx := newLedgerFixture(t, dbtest.SQLite(t))
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, p := range []struct{ path, dir string }{{"/audit?lang=ar", "rtl"}, {"/audit?lang=fr", "ltr"}} {
			t.Run(viewport.name+p.path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(fx.ts.URL+p.path)); err != nil {
					t.Fatal(err)
				}
				browsertest.NoSerious(t, ctx)
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#entry-2 summary`))); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
					String(document.querySelector('#entry-2 details').open),
					String(document.querySelector('#entry-2 table').offsetHeight > 0),
					String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
				if err != nil || len(got) != 4 {
					t.Fatal(got, err)
				}
				if got[0] != p.dir || got[1] != "true" || got[2] != "true" {
					t.Errorf("dir=%s details open=%s table shown=%s", got[0], got[1], got[2])
				}
				if got[3] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, ctx)
				if dir := os.Getenv("INFITAH_SCREENSHOT_DIR"); dir != "" {
					browsertest.Screenshot(t, ctx, filepath.Join(dir, "audit-"+viewport.name+"-"+p.dir+".png"))
				}
			})
		}
	}
}
