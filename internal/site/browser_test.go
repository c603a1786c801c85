package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
	"github.com/infitah/infitah/internal/site"
)

// TestIdentityInBrowser opens, in a real Chromium, the home page and the
// privacy notice of a site with a logo and contact details, on a desktop
// and a phone, in Arabic and French, then the settings form and the form
// publishing a document as an administrator: the direction follows the
// language, the logo loads with the site's name as its text, nothing
// forces sideways scrolling, and axe-core finds no serious or critical
// violation.
func TestIdentityInBrowser(t *testing.T) {
	d := dbtest.SQLite(t)
	e := servertest.New(t, d, testNow)
	ctx := context.Background()
	up, err := files.InDataDir(e.DataDir, 0).Put(strings.NewReader(servertest.PNG()), "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	set := site.Settings{Name: i18n.Text{i18n.AR: "جهة طنجة تطوان الحسيمة", i18n.FR: "Région Tanger-Tétouan-Al Hoceïma"},
		Timezone: "Africa/Casablanca", Logo: up.Hash, ContactAddress: i18n.Text{i18n.AR: "شارع محمد الخامس\nطنجة", i18n.FR: "Avenue Mohammed V\nTanger"},
		ContactPhone: "+212 539 00 00 00", ContactEmail: "contact@region.ma", CNDPNumber: "D-GC-123/2024",
		MetaDescription: i18n.Text{i18n.AR: "بوابة الحكومة المنفتحة"}}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if err := files.Record(ctx, tx, e.SiteID, up); err != nil {
			return err
		}
		return site.SaveSettings(ctx, tx, e.SiteID, nil, set)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Server.Sites.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, p := range []struct{ path, dir, alt string }{
			{"/?lang=ar", "rtl", "جهة طنجة تطوان الحسيمة"}, {"/privacy?lang=ar", "rtl", "جهة طنجة تطوان الحسيمة"},
			{"/privacy?lang=fr", "ltr", "Région Tanger-Tétouan-Al Hoceïma"},
		} {
			t.Run(viewport.name+p.path, func(t *testing.T) {
				if err := chromedp.Do(b, viewport.action, chromedp.Navigate(e.TS.URL+p.path)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(b, chromedp.Evaluate[[]string](`(() => { const img = document.querySelector('.brand-logo');
					return [document.documentElement.dir, img ? img.alt : '', String(!!img && img.complete && img.naturalWidth > 0),
					String(document.documentElement.scrollWidth > window.innerWidth + 1)]; })()`))
				if err != nil || len(got) != 4 {
					t.Fatal(got, err)
				}
				if got[0] != p.dir || got[1] != p.alt || got[2] != "true" {
					t.Errorf("dir=%s logo alt=%q loaded=%s", got[0], got[1], got[2])
				}
				if got[3] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, b)
			})
		}
	}

	u, pw := accounttest.NewUser(t, d, e.SiteID, auth.Admin)
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(b, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	run("sign in",
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next=%2Fadmin%2Fsettings"),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#site-cndp_number")),
	)
	browsertest.NoSerious(t, b)
	run("send a bad phone number",
		chromedp.SetValue(chromedp.CSS("#site-contact_phone"), "phone me"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/settings"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#site-contact_phone-error")),
	)
	browsertest.NoSerious(t, b)
	run("the document form", chromedp.Navigate(e.TS.URL+"/admin/documents/new?lang=ar"), chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)))
	browsertest.NoSerious(t, b)
	run("the documents list", chromedp.Navigate(e.TS.URL+"/admin/documents?lang=fr"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.NoSerious(t, b)
}
