package budget_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestBudgetInBrowser imports a budget the way an editor does, in Arabic and
// without any script — a file with mistakes, its error report, then the good
// file — and reads the year's charts and a chapter in real Chromium, in
// Arabic and French, on a desktop and a phone: the Arabic charts grow from
// the right, every chart is an image with a name and a table beside it,
// nothing scrolls sideways, and axe-core finds no serious violation.
func TestBudgetInBrowser(t *testing.T) {
	e := servertest.New(t, dbtest.SQLite(t), testNow)
	u, pw := accounttest.NewUser(t, e.DB, e.SiteID, auth.Editor)
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "ميزانية.csv"), filepath.Join(dir, "أخطاء.csv")
	if err := os.WriteFile(good, []byte(readFile(t, "testdata/good.csv")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(readFile(t, "testdata/bad.csv")), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("%s (at %s): %v", step, loc, err)
		}
	}
	run("sign in",
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next="+url.QueryEscape("/admin/budget")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#budget-file")),
	)
	browsertest.NoSerious(t, ctx)
	run("upload a file with mistakes",
		chromedp.SendKeys(chromedp.CSS("#budget-year"), "2025"),
		chromedp.SetValue(chromedp.CSS("#budget-stage"), "execution"),
		chromedp.SendKeys(chromedp.CSS("#budget-population"), "3000000"),
		chromedp.SetUploadFiles(chromedp.CSS("#budget-file"), []string{bad}),
		chromedp.Click(chromedp.CSS(`form[action="/admin/budget"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("tr.import-error")),
	)
	report, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
		String(document.querySelectorAll('tr.import-error').length),
		document.querySelector('tr.import-error').textContent,
		document.querySelector('#budget-year').value, document.querySelector('#budget-stage').value,
		document.querySelector('#budget-population').value]`))
	if err != nil || len(report) != 6 || report[0] != "rtl" || report[1] != "9" || !strings.Contains(report[2], "forecast") ||
		!strings.Contains(report[2], "ليس مبلغا") || report[3] != "2025" || report[4] != "execution" || report[5] != "3000000" {
		t.Fatalf("error report: %q %v", report, err)
	}
	browsertest.NoSerious(t, ctx)
	run("upload the good file",
		chromedp.SetUploadFiles(chromedp.CSS("#budget-file"), []string{good}),
		chromedp.Click(chromedp.CSS(`form[action="/admin/budget"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#budget-done")),
	)
	browsertest.NoSerious(t, ctx)
	if n := e.Count(`SELECT COUNT(*) FROM budget_lines`); n != 7 {
		t.Fatalf("%d lines imported", n)
	}

	run("the citizen budget's texts", chromedp.Navigate(e.TS.URL+"/admin/budget/citizen/2025?lang=ar"), chromedp.WaitVisible(chromedp.CSS("#intro_ar")))
	browsertest.NoSerious(t, ctx)

	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		for _, path := range []string{"/budget?lang=ar", "/budget/2025?lang=fr", "/budget/2025/expenditure/investment/30?lang=ar&stage=execution", "/budget/2025/citizen?lang=ar"} {
			t.Run(viewport.name+path, func(t *testing.T) {
				run("open", viewport.action, chromedp.Navigate(e.TS.URL+path))
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
					const svgs = [...document.querySelectorAll('svg.budget-bars')];
					const named = svgs.every(s => s.getAttribute('role') === 'img' && s.getAttribute('aria-label') &&
						s.closest('section').querySelector('table'));
					const bar = document.querySelector('svg.budget-bars rect.budget-bar');
					const end = bar ? String(Number(bar.getAttribute('x')) + Number(bar.getAttribute('width'))) : "none";
					return [document.documentElement.dir, String(svgs.length), String(named), end,
						String(document.documentElement.scrollWidth > window.innerWidth + 1)];
				})()`))
				if err != nil || len(got) != 5 {
					t.Fatal(got, err)
				}
				if strings.Contains(path, "/30") || strings.Contains(path, "/citizen") {
					if got[1] != "0" {
						t.Errorf("chapter page: %s charts", got[1])
					}
				} else {
					wantDir := "ltr"
					if strings.Contains(path, "lang=ar") {
						wantDir = "rtl"
					}
					if got[0] != wantDir || got[1] < "2" || got[2] != "true" {
						t.Errorf("dir=%s charts=%s named=%s", got[0], got[1], got[2])
					}
					// The largest bar fills the chart; in Arabic it ends on the right edge, in French it starts on the left.
					if wantDir == "rtl" && got[3] != "640" {
						t.Errorf("the Arabic chart's first bar ends at %s, not at the right edge", got[3])
					}
				}
				if got[4] == "true" {
					t.Errorf("page is wider than the %s viewport", viewport.name)
				}
				browsertest.NoSerious(t, ctx)
				if d := os.Getenv("INFITAH_SCREENSHOT_DIR"); d != "" {
					browsertest.Screenshot(t, ctx, filepath.Join(d, "budget-"+viewport.name+"-"+strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-").Replace(path)+".png"))
				}
			})
		}
	}
}
