package petition_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestSignInBrowser: in a real Chromium, in Arabic, on a desktop and a
// phone, a citizen opens a petition, makes a mistake in the signing form
// (kept values, the error tied to its field), signs, opens the emailed link
// and confirms with its button; the count then shows the signature. Every
// page is right to left, without sideways scrolling, and has no serious or
// critical axe-core violation.
func TestSignInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	id := e.published("تعميم النقل المدرسي في العالم القروي")
	page := e.TS.URL + "/petitions/" + strconv.FormatInt(id, 10) + "?lang=ar"
	ctx := browsertest.New(t)
	for i, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		email := "signer" + strconv.Itoa(i) + "@example.org"
		cin := "AB12345" + strconv.Itoa(i)
		t.Run(viewport.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(e.TS.URL+"/petitions?lang=ar")); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, viewport.name)
			// A mistake: no consent, a bad CIN.
			if err := chromedp.Do(ctx, chromedp.Navigate(page),
				chromedp.SendKeys(chromedp.CSS("#s-name"), "فاطمة الزهراء"),
				chromedp.SendKeys(chromedp.CSS("#s-cin"), "123"),
				chromedp.SetValue(chromedp.CSS("#s-division"), strconv.FormatInt(e.divisions[1].ID, 10)),
				chromedp.Click(chromedp.CSS("#s-basis-resident")),
				chromedp.SendKeys(chromedp.CSS("#s-email"), email),
				chromedp.Click(chromedp.CSS(`form[action$="/sign"] button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS("#s-cin-error"))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#s-cin').getAttribute('aria-invalid') || "",
				document.querySelector('#s-name').value, document.querySelector('#s-cin').value, String(!!document.querySelector('#s-consent-error'))]`))
			if err != nil || len(got) != 4 || got[0] != "true" || got[1] != "فاطمة الزهراء" || got[2] != "" || got[3] != "true" {
				t.Errorf("after a mistake: %v %v", got, err)
			}
			check(t, ctx, viewport.name)
			// Corrected and signed.
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS("#s-cin"), cin),
				chromedp.Click(chromedp.CSS("#s-consent")),
				chromedp.Click(chromedp.CSS(`form[action$="/sign"] button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`))); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, viewport.name)
			// The emailed link shows a button; pressing it confirms.
			if err := chromedp.Do(ctx, chromedp.Navigate(e.TS.URL+e.lastLinkTo(email)+"&lang=ar"),
				chromedp.WaitVisible(chromedp.CSS(`form[action="/petitions/signatures/confirm"] button`))); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, viewport.name)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/petitions/signatures/confirm"] button`)),
				chromedp.WaitNotPresent(chromedp.CSS(`form[action="/petitions/signatures/confirm"]`))); err != nil {
				t.Fatal(err)
			}
			h1, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('h1').textContent`))
			if err != nil || h1 != "تم تأكيد التوقيع" {
				t.Errorf("after confirming: %q %v", h1, err)
			}
			check(t, ctx, viewport.name)
		})
	}
	if n := e.Count(`SELECT COUNT(*) FROM petition_signatures WHERE status = 'confirmed'`); n != 2 {
		t.Errorf("%d confirmed signatures, want 2", n)
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
