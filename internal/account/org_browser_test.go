package account_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestOrganisationFormInBrowser opens an administrator's organisation form
// in Arabic in a real Chromium, as it first shows and after a failed
// submission, on a desktop and a phone: right to left, nothing wider than the
// screen, and no serious or critical axe-core violation.
func TestOrganisationFormInBrowser(t *testing.T) {
	e := newOrgEnv(t, dbtest.SQLite(t))
	o := e.org("amal", account.Association, false)
	admin := e.SignIn(auth.Admin)
	ctx := browsertest.New(t)
	base, _ := url.Parse(e.TS.URL)
	for _, ck := range admin.Client.Jar.Cookies(base) {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: e.TS.URL}); err != nil {
			t.Fatal(err)
		}
	}
	edit := e.TS.URL + "/admin/organisations/" + itoa(o.ID) + "/edit?lang=ar"
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		t.Run(viewport.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(edit)); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, "#org-name_ar")
			// Empty the Arabic name and break the website, then save: the
			// form comes back with its messages.
			if err := chromedp.Do(ctx,
				// SetValue cannot set "": it reads the value back and takes "" for a failure.
				chromedp.Evaluate[chromedp.Void](`document.getElementById("org-name_ar").value = ""; void 0`),
				chromedp.SetValue("#org-website", "javascript:alert(1)"),
				chromedp.Click(`main form.form-grid button[type="submit"]:not([formaction])`),
			); err != nil {
				t.Fatal(err)
			}
			wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			if err := chromedp.Do(wctx, chromedp.WaitVisible("#org-name_ar-error")); err != nil {
				loc, _ := chromedp.Run(ctx, chromedp.Location())
				html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				t.Fatalf("no error after submitting: %v at %s\n%s", err, loc, html)
			}
			check(t, ctx, "#org-website-error")
		})
	}
}

// TestAdminPagesInBrowser runs axe-core on the other administration pages of
// organisations, people and settings, in Arabic.
func TestAdminPagesInBrowser(t *testing.T) {
	e := newOrgEnv(t, dbtest.SQLite(t))
	o := e.org("amal", account.Association, false)
	admin := e.SignIn(auth.Admin)
	asker := e.SignIn(auth.Citizen)
	e.post(asker, "/organisations/"+itoa(o.ID)+"/join", url.Values{})
	ctx := browsertest.New(t)
	base, _ := url.Parse(e.TS.URL)
	for _, ck := range admin.Client.Jar.Cookies(base) {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: e.TS.URL}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []struct{ path, want string }{
		{"/admin/organisations", "table"},
		{"/admin/organisations/new", "#org-kind"},
		{"/admin/organisations/" + itoa(o.ID) + "/members", `button[value="approve"]`},
		{"/admin/users", "#users-q"},
		{"/admin/users/" + itoa(asker.ID), "#user-role"},
		{"/admin/settings", "#site-timezone"},
		{"/organisations/" + itoa(o.ID), "#join"},
	} {
		t.Run(p.path, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(e.TS.URL+p.path+"?lang=ar")); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, p.want)
		})
	}
}

// check asserts that the page is the Arabic form showing the element
// selected by want, fits the viewport, and passes axe-core.
func check(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	js := fmt.Sprintf(`[document.documentElement.dir, document.documentElement.lang,
		String(document.querySelector(%q) !== null),
		String(document.documentElement.scrollWidth > window.innerWidth + 1)]`, want)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
	if err != nil || len(got) != 4 {
		t.Fatal(got, err)
	}
	if got[0] != "rtl" || got[1] != "ar" {
		t.Errorf("dir=%q lang=%q, want rtl ar", got[0], got[1])
	}
	if got[2] != "true" {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s: no %s on the page", loc, want)
	}
	if got[3] == "true" {
		t.Error("the page is wider than the viewport")
	}
	browsertest.NoSerious(t, ctx)
}
