package forum_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestForumInBrowser opens the demo's forum, one of its meetings, the plan's
// minimum requirements and the documents in a real Chromium, in Arabic on a
// desktop and a phone: right to left, no sideways scrolling, and no serious
// or critical axe-core violation.
func TestForumInBrowser(t *testing.T) {
	d := dbtest.SQLite(t)
	if _, err := demo.Load(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, d)
	var meetingID int64
	if err := d.R().QueryRowContext(context.Background(), `SELECT MIN(id) FROM forum_meetings`).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, path := range []string{"/forum?lang=ar", "/forum/meetings/" + itoa(meetingID) + "?lang=ar",
			"/plans/plan-2021-2023/requirements?lang=ar", "/documents?lang=ar"} {
			t.Run(viewport.name+path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+path)); err != nil {
					t.Fatal(err)
				}
				check(t, ctx, viewport.name)
				if dir := os.Getenv("INFITAH_SCREENSHOT_DIR"); dir != "" && path == "/forum?lang=ar" {
					browsertest.Screenshot(t, ctx, filepath.Join(dir, "forum-"+viewport.name+".png"))
				}
			})
		}
	}
}

// check asserts what every page must: right to left, no sideways
// scrolling, no serious axe-core violation.
func check(t *testing.T, ctx context.Context, viewport string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
		String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
	if err != nil || len(got) != 2 {
		t.Fatal(got, err)
	}
	if got[0] != "rtl" {
		t.Errorf("dir=%s", got[0])
	}
	if got[1] == "true" {
		t.Errorf("page is wider than the %s viewport", viewport)
	}
	browsertest.NoSerious(t, ctx)
}
