package plan_test

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
)

// TestImportInBrowser imports a plan the way an administrator does, in a
// real browser and without any script: sign in, choose the plan and a file
// with mistakes, read the error table, then upload the corrected file and
// read the summary. axe-core finds no serious violation on the blank form,
// the error report or the summary, in Arabic (right to left).
func TestImportInBrowser(t *testing.T) {
	e := newImportEnv(t, dbtest.SQLite(t))
	u, pw := accounttest.NewUser(t, e.DB, e.SiteID, auth.Admin)
	dir := t.TempDir()
	good := filepath.Join(dir, "خطة.csv")
	bad := filepath.Join(dir, "أخطاء.csv")
	example := readTestdata(t, "import_example_semicolon.csv")
	if err := os.WriteFile(good, example, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(string(example), ";2025-12-31;in_progress;", ";2023-12-31;in_progress;", 1)), 0o644); err != nil {
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
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next="+url.QueryEscape("/admin/import")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
	)
	browsertest.NoSerious(t, ctx)

	run("upload a file with a mistake",
		chromedp.SetValue(chromedp.CSS("#import-plan"), idStr(e.planID)),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}),
		chromedp.Click(chromedp.CSS(`form[action="/admin/import"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("tr.import-error")),
	)
	report, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
		String(document.querySelectorAll('tr.import-error').length),
		document.querySelector('tr.import-error').textContent,
		document.querySelector('#import-plan').value]`))
	if err != nil || len(report) != 4 || report[0] != "rtl" || report[1] != "1" || !strings.Contains(report[2], "end_date") ||
		!strings.Contains(report[2], "تاريخ الانتهاء يسبق تاريخ البدء") || report[3] != idStr(e.planID) {
		t.Fatalf("error report: %q %v", report, err)
	}
	browsertest.NoSerious(t, ctx)
	if n := e.rows(); n[0] != 0 {
		t.Fatalf("a refused file wrote %v", n)
	}

	run("upload the corrected file",
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{good}),
		chromedp.Click(chromedp.CSS(`form[action="/admin/import"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import-done")),
	)
	browsertest.NoSerious(t, ctx)
	if n := e.rows(); n != [4]int{2, 3, 3, 5} {
		t.Errorf("rows after import %v, want [2 3 3 5]", n)
	}
}
