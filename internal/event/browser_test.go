package event_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestEventInBrowser opens an event page (with its registration form, and
// again with a mistake in it) and the list of events in a real Chromium, in
// Arabic on a desktop and a phone: right to left, no sideways scrolling,
// and no serious or critical axe-core violation.
func TestEventInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	id := e.addEvent(ed, e.eventForm("forum-2026", 30))
	past := e.eventForm("held", 0)
	past.Set("starts_at", "2020-11-20T10:00")
	past.Set("ends_at", "2020-11-20T13:00")
	past.Set("deadline", "")
	past.Set("minutes_ar", "محضر")
	e.addEvent(ed, past)
	page := "/events/" + strconv.FormatInt(id, 10)
	ctx := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, path := range []string{page + "?lang=ar", "/events?lang=ar"} {
			t.Run(viewport.name+path, func(t *testing.T) {
				if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+path)); err != nil {
					t.Fatal(err)
				}
				check(t, ctx, viewport.name)
			})
		}
		t.Run(viewport.name+"/form-error", func(t *testing.T) {
			if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+page+"?lang=ar"),
				chromedp.SendKeys(chromedp.CSS("#reg-name"), "Brahim"),
				chromedp.SendKeys(chromedp.CSS("#reg-email"), "not-an-address"),
				chromedp.Click(chromedp.CSS(`form[action$="/register"] button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS("#reg-email-error"))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#reg-email').getAttribute('aria-invalid') || "",
				document.querySelector('#reg-name').value]`))
			if err != nil || len(got) != 2 || got[0] != "true" || got[1] != "Brahim" {
				t.Errorf("after a bad address: %v %v", got, err)
			}
			check(t, ctx, viewport.name)
			if dir := os.Getenv("INFITAH_SCREENSHOT_DIR"); dir != "" {
				browsertest.Screenshot(t, ctx, filepath.Join(dir, "event-"+viewport.name+".png"))
			}
		})
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
