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

// TestEditorPostsUpdateInBrowser walks an editor through a progress update
// with evidence in Arabic, in a real browser and without any script of
// ours: sign in through the form, open the commitment's new-update form,
// make a mistake and correct it (the attached PDF is kept meanwhile), and
// find the update and its document on the public page. axe-core finds no
// serious violation on the form, blank or with its messages.
func TestEditorPostsUpdateInBrowser(t *testing.T) {
	e := newAdminEnv(t, dbtest.SQLite(t))
	_, cid, mid := e.seed("plan-browser", "TST-01")
	u, pw := accounttest.NewUser(t, e.DB, e.SiteID, auth.Editor, e.lead)
	pdf := filepath.Join(t.TempDir(), "تقرير.pdf")
	if err := os.WriteFile(pdf, []byte(tinyPDF), 0o644); err != nil {
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

	form := "/admin/commitments/" + itoa(cid) + "/updates/new"
	run("sign in",
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next="+url.QueryEscape(form)),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-body_ar")),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir, location.pathname,
		String(document.querySelectorAll('.admin-nav').length)]`))
	if err != nil || len(got) != 3 || got[0] != "rtl" || got[1] != form || got[2] != "1" {
		t.Fatalf("new-update form: %v %v", got, err)
	}
	browsertest.NoSerious(t, ctx)

	run("fill the form with a mistake",
		chromedp.SetValue(chromedp.CSS("#f-milestone"), itoa(mid)),
		chromedp.SetValue(chromedp.CSS("#f-occurred_on"), "2024-06-10"),
		chromedp.SendKeys(chromedp.CSS("#f-body_ar"), "نُشرت أول مجموعة من البيانات المفتوحة"),
		chromedp.SetValue(chromedp.CSS("#f-status"), "in_progress"),
		chromedp.Clear(chromedp.CSS("#f-progress")),
		chromedp.SendKeys(chromedp.CSS("#f-progress"), "سبعون"),
		chromedp.SendKeys(chromedp.CSS("#f-link_url-0"), "https://example.org/data"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-evidence_file"), []string{pdf}),
		chromedp.Click(chromedp.CSS(`form.ap-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-progress-error")),
	)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#f-body_ar').value,
		document.querySelector('#f-progress').getAttribute('aria-invalid'),
		document.querySelector('input[name=kept_file]') ? document.querySelector('input[name=kept_file]').checked + '' : 'none',
		document.querySelector('#f-link_url-0').value]`))
	if err != nil || len(state) != 4 || state[0] != "نُشرت أول مجموعة من البيانات المفتوحة" || state[1] != "true" || state[2] != "true" ||
		state[3] != "https://example.org/data" {
		t.Fatalf("the form sent back: %v %v", state, err)
	}
	browsertest.NoSerious(t, ctx)

	run("correct and publish",
		chromedp.Clear(chromedp.CSS("#f-progress")),
		chromedp.SendKeys(chromedp.CSS("#f-progress"), "70"),
		chromedp.Click(chromedp.CSS(`form.ap-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/admin/commitments/"+itoa(cid)+"?saved=1") {
		t.Errorf("after publishing: at %s", loc)
	}

	// The editor's own view of the commitment form (the lead agency as text).
	run("commitment form", chromedp.Navigate(e.TS.URL+"/admin/commitments/"+itoa(cid)+"/edit"), chromedp.WaitVisible(chromedp.CSS("#f-lead")))
	browsertest.NoSerious(t, ctx)

	run("public page", chromedp.Navigate(e.TS.URL+"/commitments/"+itoa(cid)+"?lang=ar"))
	page, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#updates').parentElement.innerText,
		Array.from(document.querySelectorAll('ul.evidence a')).map(a => a.getAttribute('href')).join(' ')]`))
	if err != nil || len(page) != 2 {
		t.Fatal(page, err)
	}
	for _, want := range []string{"نُشرت أول مجموعة من البيانات المفتوحة", "تقرير.pdf", "70%"} {
		if !strings.Contains(page[0], want) {
			t.Errorf("public progress history lacks %q:\n%s", want, page[0])
		}
	}
	if !strings.Contains(page[1], "/files/") || !strings.Contains(page[1], "https://example.org/data") {
		t.Errorf("evidence links: %s", page[1])
	}
	if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'progress_update' AND actor_id = ?`, u.ID); n != 1 {
		t.Errorf("%d ledger entries by the editor, want 1", n)
	}
}

// TestAdminPagesAccessible runs axe-core on every administration page of
// plans, blank and with error messages.
func TestAdminPagesAccessible(t *testing.T) {
	e := newAdminEnv(t, dbtest.SQLite(t))
	planID, cid, mid := e.seed("plan-a11y", "TST-01")
	u, pw := accounttest.NewUser(t, e.DB, e.SiteID, auth.Admin)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.TS.URL+"/login?next=/admin"),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".admin-nav")),
	); err != nil {
		t.Fatal(err)
	}
	p, c := "/admin/plans/"+itoa(planID), "/admin/commitments/"+itoa(cid)
	pages := []string{"/admin", "/admin/plans", p, "/admin/plans/new", p + "/edit", p + "/commitments/new", p + "/assessments/new",
		c, c + "/edit", c + "/milestones/new", "/admin/milestones/" + itoa(mid) + "/edit", c + "/updates/new", c + "/assessments/new"}
	// Every page in Arabic (right to left); the largest forms in French too.
	visits := make([]string, 0, len(pages)+2)
	for _, path := range pages {
		visits = append(visits, path+"?lang=ar")
	}
	visits = append(visits, c+"/edit?lang=fr", c+"/updates/new?lang=fr")
	for _, path := range visits {
		t.Run(path, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(e.TS.URL+path)); err != nil {
				t.Fatal(err)
			}
			browsertest.NoSerious(t, ctx)
		})
	}
	// A form sent back with a message at every field it can have.
	t.Run("commitment form with errors", func(t *testing.T) {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(e.TS.URL+p+"/commitments/new?lang=ar"),
			chromedp.Click(chromedp.CSS(`form.ap-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("#f-ref-error")),
		); err != nil {
			t.Fatal(err)
		}
		browsertest.NoSerious(t, ctx)
	})
}
