package participation_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestParticipationInBrowser opens /participation in a real Chromium, in
// Arabic on a desktop and a phone and in French: the right direction, the
// wide tables scroll inside their region rather than the page, every table
// has its caption and headers, and axe-core finds no serious or critical
// violation.
func TestParticipationInBrowser(t *testing.T) {
	e := newFixture(t, dbtest.SQLite(t))
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, page := range []struct{ path, dir string }{{"/participation?lang=ar", "rtl"}, {"/participation?lang=fr", "ltr"}} {
			t.Run(viewport.name+page.path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+page.path)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
					String(document.documentElement.scrollWidth > window.innerWidth + 1),
					String(document.querySelectorAll('table').length),
					String([...document.querySelectorAll('table')].every(t => t.caption && t.caption.textContent.trim() !== '' &&
						t.querySelectorAll('thead th[scope=col]').length === 7)),
					String(document.querySelectorAll('tbody th[scope=row]').length)]`))
				if err != nil || len(got) != 5 {
					t.Fatal(got, err)
				}
				if got[0] != page.dir {
					t.Errorf("dir=%s, want %s", got[0], page.dir)
				}
				if got[1] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				if got[2] != "2" || got[3] != "true" || got[4] != "38" { // 36 months and 2 consultations
					t.Errorf("tables %s, captions and headers %s, row headers %s", got[2], got[3], got[4])
				}
				browsertest.NoSerious(t, ctx)
			})
		}
	}
}
