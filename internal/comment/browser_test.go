package comment_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestCommentAndModerateInBrowser: in a real browser and in Arabic, a
// citizen signs in, posts an empty comment (the message shows at the
// field), then a real one, which shows on the commitment page; a moderator
// hides it from the thread, and the page shows the placeholder. axe-core
// finds no serious violation on the thread, the form with its message, or
// the moderation queue.
func TestCommentAndModerateInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	citizen, cpw := accounttest.NewUser(t, e.d, e.siteID, auth.Citizen)
	mod, mpw := accounttest.NewUser(t, e.d, e.siteID, auth.Moderator)
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
	page := "/commitments/" + itoa(e.commitment)
	signIn := func(email, pw, next string) {
		t.Helper()
		run("sign in "+email,
			chromedp.Navigate(e.ts.URL+"/login?lang=ar&next="+url.QueryEscape(next)),
			chromedp.SendKeys(chromedp.CSS("#login-email"), email),
			chromedp.SendKeys(chromedp.CSS("#login-password"), pw),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("#comments")),
		)
	}

	run("visitor sees the thread", chromedp.Navigate(e.ts.URL+page+"?lang=ar"), chromedp.WaitVisible(chromedp.CSS("#comments")))
	browsertest.NoSerious(t, ctx)
	signIn(citizen.Email, cpw, page)
	run("post an empty comment",
		chromedp.Click(chromedp.CSS(`#comments form[action="/comments"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#comment-form-body-error")),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
		document.querySelector('#comment-form-body').getAttribute('aria-invalid'),
		document.querySelector('#comment-form-body-error').textContent]`))
	if err != nil || len(got) != 3 || got[0] != "rtl" || got[1] != "true" || got[2] == "" {
		t.Fatalf("form with its message: %v %v", got, err)
	}
	browsertest.NoSerious(t, ctx)
	text := "أقترح نشر **المعطيات** كل شهر"
	run("post the comment",
		chromedp.SendKeys(chromedp.CSS("#comment-form-body"), text),
		chromedp.Click(chromedp.CSS(`form[action="/comments"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".comment-body strong")),
	)
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname, document.querySelector('.comment-body').textContent.trim(),
		document.querySelector('#comments h2').textContent]`))
	if err != nil || len(shown) != 3 || shown[0] != page || shown[1] != "أقترح نشر المعطيات كل شهر" {
		t.Fatalf("the comment on the page: %v %v", shown, err)
	}
	browsertest.NoSerious(t, ctx)

	run("sign out", chromedp.Navigate(e.ts.URL+"/logout"), chromedp.WaitVisible(chromedp.CSS(`main form[action="/logout"] button`)),
		chromedp.Click(chromedp.CSS(`main form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href^="/login"]`)))
	signIn(mod.Email, mpw, page)
	run("hide the comment",
		chromedp.Click(chromedp.CSS(`form[action^="/admin/moderation/comments/"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".comment-gone")),
	)
	gone, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname,
		String(document.body.textContent.includes('المعطيات كل شهر')),
		document.querySelector('.comment-gone').textContent.trim(), document.querySelector('.comment-gone').id.replace('comment-', '')]`))
	if err != nil || len(gone) != 4 || gone[0] != page || gone[1] != "false" || gone[2] != "أخفى المشرفون هذا التعليق." {
		t.Fatalf("after hiding: %v %v", gone, err)
	}
	browsertest.NoSerious(t, ctx)
	run("open the replies page", chromedp.Navigate(e.ts.URL+"/comments/"+gone[3]+"/replies?lang=ar"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.NoSerious(t, ctx)
	run("open the queue", chromedp.Navigate(e.ts.URL+"/admin/moderation?lang=ar"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.NoSerious(t, ctx)
}

// TestGuestConfirmInBrowser: a guest opens the emailed link in a real
// browser, in Arabic: the page (checked by axe-core) publishes nothing until
// its button is pressed, without JavaScript doing anything but the click.
func TestGuestConfirmInBrowser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	email := "guest.in.browser@example.ma"
	if r := e.post(e.anonymous(), "/comments", url.Values{"target": {"guestbook:1"}, "body": {"تعليق من زائر"},
		"name": {"Hind"}, "email": {email}}); r.status != 200 {
		t.Fatalf("guest post: %d", r.status)
	}
	link := regexpLink.FindString(e.mails(email)[0].Text)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no link")
	}
	ctx := browsertest.New(t)
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(e.ts.URL+u.RequestURI()+"&lang=ar"),
		chromedp.WaitVisible(chromedp.CSS(`main form[action="/comments/confirm"] button`))); err != nil {
		t.Fatal(err)
	}
	browsertest.NoSerious(t, ctx)
	if strings.Contains(e.get(e.anonymous(), "/threads/guestbook/1").body, "تعليق من زائر") {
		t.Fatal("opening the link in a browser published the comment")
	}
	if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(`main form[action="/comments/confirm"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`main .notice`))); err != nil {
		t.Fatal(err)
	}
	browsertest.NoSerious(t, ctx)
	if !strings.Contains(e.get(e.anonymous(), "/threads/guestbook/1").body, "تعليق من زائر") {
		t.Error("pressing the button did not publish the comment")
	}
}
