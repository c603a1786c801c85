package accounttest_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestAccountPagesInBrowser opens the sign-in page in Arabic in Chromium,
// submits it wrongly without JavaScript, and checks with axe-core that the
// empty form, the form with its messages, and the account page have no
// serious accessibility violation.
func TestAccountPagesInBrowser(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	u, pw := accounttest.NewUser(t, d, e.siteID, auth.Editor)
	ctx := browsertest.New(t)
	check := func(name, wantDir string) {
		t.Helper()
		dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dir`))
		if err != nil || dir != wantDir {
			t.Errorf("%s: dir=%q (%v), want %s", name, dir, err, wantDir)
		}
		browsertest.NoSerious(t, ctx)
	}
	for _, viewport := range []chromedp.Action[chromedp.Void]{browsertest.Desktop(), browsertest.Phone()} {
		if err := chromedp.Do(ctx, viewport, chromedp.Navigate(e.ts.URL+"/login?lang=ar")); err != nil {
			t.Fatal(err)
		}
		check("login", "rtl")
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#login-email`, u.Email),
		chromedp.SendKeys(`#login-password`, "not the password"),
		chromedp.Submit(`#login-password`),
		chromedp.WaitVisible(`#login-password-error`),
	); err != nil {
		t.Fatal(err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#login-email').value`))
	if err != nil || kept != u.Email {
		t.Errorf("the typed email was not kept: %q %v", kept, err)
	}
	check("login with errors", "rtl")
	for _, path := range []string{"/signup", "/password/reset"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		check(path, "rtl")
	}
	// An editor lands on /admin unless the sign-in asks for another page.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/login?next=/account"),
		chromedp.SendKeys(`#login-email`, u.Email),
		chromedp.SendKeys(`#login-password`, pw),
		chromedp.Submit(`#login-password`),
		chromedp.WaitVisible(`#profile-name`),
	); err != nil {
		t.Fatal(err)
	}
	check("account", "rtl")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/account/tokens?"+url.Values{"lang": {"fr"}}.Encode())); err != nil {
		t.Fatal(err)
	}
	check("tokens", "ltr")
}
