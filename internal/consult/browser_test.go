package consult_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestCitizenProposesInBrowser walks a citizen through a proposal in Arabic,
// in a real browser and without any script of ours: sign in, open the
// consultation, send a title too short (the text typed is kept, the
// message is beside the field), correct it, and land on the published
// proposal. axe-core finds no serious violation on the consultation page,
// blank or with its messages, nor on the proposal and the report.
func TestCitizenProposesInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	u, pw := accounttest.NewUser(t, e.DB, e.siteID, auth.Citizen)
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
	page := fmt.Sprintf("/consultations/%d", id)
	run("sign in",
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next="+url.QueryEscape(page)),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#p-body")),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir, document.documentElement.lang, location.pathname]`))
	if err != nil || len(got) != 3 || got[0] != "rtl" || got[1] != "ar" || got[2] != page {
		t.Fatalf("consultation page: %v %v", got, err)
	}
	for _, viewport := range []chromedp.Action[chromedp.Void]{browsertest.Phone(), browsertest.Desktop()} {
		run("viewport", viewport)
		browsertest.NoSerious(t, ctx)
	}

	body := "نقترح أن تنشر الجهة محاضر دورات المجلس في أجل لا يتجاوز شهرا بعد كل دورة."
	run("a title too short",
		chromedp.SetValue(chromedp.CSS("#p-kind"), "general"),
		chromedp.SendKeys(chromedp.CSS("#p-title"), "قصير"),
		chromedp.SendKeys(chromedp.CSS("#p-body"), body),
		chromedp.Click(chromedp.CSS(`form[action$="/proposals"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#p-title-error")),
	)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#p-body').value,
		document.querySelector('#p-title').value, document.querySelector('#p-title').getAttribute('aria-invalid')]`))
	if err != nil || len(state) != 3 || state[0] != body || state[1] != "قصير" || state[2] != "true" {
		t.Fatalf("the form sent back: %v %v", state, err)
	}
	browsertest.NoSerious(t, ctx)

	run("correct and send",
		chromedp.SendKeys(chromedp.CSS("#p-title"), " ولكن كامل الآن"),
		chromedp.Click(chromedp.CSS(`form[action$="/proposals"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + '|' + document.querySelector('h1').textContent`))
	if err != nil || len(loc) < 12 || loc[:11] != "/proposals/" {
		t.Fatalf("after sending: %q %v", loc, err)
	}
	browsertest.NoSerious(t, ctx)
	run("the report", chromedp.Navigate(e.TS.URL+page+"/report"), chromedp.WaitVisible(chromedp.CSS("table")))
	browsertest.NoSerious(t, ctx)
}

// TestAdminFormsInBrowser checks with axe-core that the administration's
// consultation form, blank and sent back with its messages, and the response
// form have no serious accessibility violation, in Arabic.
func TestAdminFormsInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	u, pw := accounttest.NewUser(t, e.DB, e.siteID, auth.Admin)
	citizen := e.SignIn(auth.Citizen)
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	p := e.redirectID(e.PostForm(citizen, fmt.Sprintf("/consultations/%d/proposals", id),
		proposalForm("نشر محاضر الدورات", "نقترح نشر محاضر دورات المجلس في أجل شهر.")), "/proposals/")
	ctx := browsertest.New(t)
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	run("sign in",
		chromedp.Navigate(e.TS.URL+"/login?lang=ar&next=/admin/consultations/new"),
		chromedp.SendKeys(chromedp.CSS("#login-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-title_ar")),
	)
	browsertest.NoSerious(t, ctx)
	run("send it empty",
		chromedp.Clear(chromedp.CSS("#f-opens_at")),
		chromedp.Click(chromedp.CSS(`form.ap-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-title_ar-error")),
	)
	browsertest.NoSerious(t, ctx)
	run("response form", chromedp.Navigate(fmt.Sprintf("%s/admin/proposals/%d/response", e.TS.URL, p)),
		chromedp.WaitVisible(chromedp.CSS("#f-outcome")))
	browsertest.NoSerious(t, ctx)
	run("consultations", chromedp.Navigate(e.TS.URL+"/admin/consultations"), chromedp.WaitVisible(chromedp.CSS("table")))
	browsertest.NoSerious(t, ctx)
	run("public list", chromedp.Navigate(e.TS.URL+"/consultations"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.NoSerious(t, ctx)
}
