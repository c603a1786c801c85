package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// newsEnv is the demo site served over a real socket, with its mail kept as
// files so that a test can follow the links it sends.
type newsEnv struct {
	t      *testing.T
	d      *db.DB
	srv    *server.Server
	ts     *httptest.Server
	dir    string
	siteID int64
}

func newNewsEnv(t *testing.T, d *db.DB) *newsEnv {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	srv, err := server.New(ctx, d, server.Options{DataDir: dir, Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil {
		t.Fatal(err)
	}
	return &newsEnv{t: t, d: d, srv: srv, ts: ts, dir: dir, siteID: sites[0].ID}
}

// do sends a request without following redirects and returns the status,
// the Location header and the body.
func (e *newsEnv) do(c *http.Client, method, path string, form url.Values, header ...string) (int, string, string) {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := nc.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// page GETs path as the client and fails unless it answers 200.
func (e *newsEnv) page(c *http.Client, path string, header ...string) string {
	e.t.Helper()
	status, _, body := e.do(c, http.MethodGet, path, nil, header...)
	if status != http.StatusOK {
		e.t.Fatalf("GET %s: %d\n%s", path, status, excerptOf(body))
	}
	return body
}

// confirmLink delivers the queued mail and returns the comment confirmation
// link sent to addr.
func (e *newsEnv) confirmLink(addr string) string {
	e.t.Helper()
	if _, err := e.srv.DrainMail(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	files, err := mail.Files(filepath.Join(e.dir, "mail"))
	if err != nil {
		e.t.Fatal(err)
	}
	for _, f := range files {
		m, err := mail.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(m.To) == 1 && strings.EqualFold(m.To[0], addr) {
			if link := confirmRE.FindString(m.Text); link != "" {
				u, err := url.Parse(link)
				if err != nil {
					e.t.Fatal(err)
				}
				return u.RequestURI()
			}
		}
	}
	e.t.Fatalf("no confirmation link was sent to %s", addr)
	return ""
}

// tokenOf returns the token of an emailed link (its path and query).
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no token in %q", link)
	}
	return u.Query().Get("token")
}

var confirmRE = regexp.MustCompile(`https?://\S+/comments/confirm\?token=\S+`)

func excerptOf(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// firstPost returns the id and slug of the site's first published post.
func (e *newsEnv) firstPost() (int64, string) {
	e.t.Helper()
	var id int64
	var slug string
	err := e.d.R().QueryRowContext(context.Background(), `SELECT id, slug FROM news_posts WHERE site_id = ? AND published_at IS NOT NULL
		ORDER BY published_at, id LIMIT 1`, e.siteID).Scan(&id, &slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return id, slug
}

func TestNewsGuestComment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newNewsEnv(t, d)
		anon := &http.Client{}
		id, slug := e.firstPost()
		article := "/news/" + slug

		// The article shows the thread with the guest form and its notice.
		page := e.page(anon, article)
		for _, want := range []string{`id="comments"`, `name="target" value="news:` + itoa(id) + `"`, `id="comment-new-name"`,
			`id="comment-new-email"`, "لا يُنشر أبداً", "<span>لا تعليقات</span>"} {
			if !strings.Contains(page, want) {
				t.Errorf("article (ar) lacks %q", want)
			}
		}
		for lang, notice := range map[string]string{"fr": "Jamais publiée", "en": "Never published"} {
			if p := e.page(anon, article+"?lang="+lang); !strings.Contains(p, notice) {
				t.Errorf("article (%s) lacks the notice %q", lang, notice)
			}
		}

		// A guest comments: nothing shows until the address is confirmed.
		const email, body = "reader.one@example.ma", "A careful reading of the forum report"
		status, _, res := e.do(anon, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)},
			"name": {"Reader One"}, "email": {email}, "body": {body}})
		if status != http.StatusOK {
			t.Fatalf("guest comment: %d\n%s", status, excerptOf(res))
		}
		page = e.page(anon, article)
		if strings.Contains(page, body) || !strings.Contains(page, "<span>لا تعليقات</span>") {
			t.Error("the comment shows before its address is confirmed")
		}
		link := e.confirmLink(email)
		// Opening the link shows a button and publishes nothing; the button's POST does.
		if status, _, res := e.do(anon, http.MethodGet, link, nil); status != http.StatusOK || !strings.Contains(res, `action="/comments/confirm"`) {
			t.Fatalf("confirm page: %d\n%s", status, excerptOf(res))
		}
		if strings.Contains(e.page(anon, article), body) {
			t.Error("opening the link published the comment")
		}
		if status, _, res := e.do(anon, http.MethodPost, "/comments/confirm", url.Values{"token": {tokenOf(t, link)}}); status != http.StatusOK {
			t.Fatalf("confirm: %d\n%s", status, excerptOf(res))
		}
		page = e.page(anon, article)
		if !strings.Contains(page, body) || !strings.Contains(page, "Reader One") {
			t.Error("the confirmed comment is not shown")
		}
		if !strings.Contains(page, "<span>تعليق واحد</span>") || !strings.Contains(page, `"commentCount":1`) {
			t.Error("the article's count did not become one")
		}
		if strings.Contains(strings.ToLower(page), email) {
			t.Error("the article shows the guest's address")
		}
		if p := e.page(anon, article+"?lang=en"); !strings.Contains(p, "<span>1 comment</span>") {
			t.Error("the English count is not 1 comment")
		}

		// A second and a third comment: Arabic dual, then plural.
		c := e.login(auth.Citizen)
		for i, text := range []string{"Second comment", "Third comment"} {
			status, loc, res := e.do(c, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)}, "body": {text}})
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/news/posts/"+itoa(id)+"#comment-") {
				t.Fatalf("comment %d: %d %q\n%s", i, status, loc, excerptOf(res))
			}
			if i == 0 {
				// The slug-independent address leads to the article.
				if status, loc, _ := e.do(anon, http.MethodGet, strings.TrimSuffix(loc, loc[strings.Index(loc, "#"):]), nil); status != http.StatusSeeOther || loc != article {
					t.Errorf("GET /news/posts/%d: %d %q", id, status, loc)
				}
			}
		}
		page = e.page(anon, article)
		if !strings.Contains(page, "<span>3 تعليقات</span>") {
			t.Error("the article's count is not 3 (few) in Arabic")
		}

		// The list and the API count the same.
		if p := e.page(anon, "/news?lang=en"); !strings.Contains(p, "3 comments") {
			t.Error("the news list does not show 3 comments")
		}
		var one struct {
			Data struct {
				Comments int `json:"comment_count"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(e.page(anon, "/api/v1/news/"+itoa(id))), &one); err != nil || one.Data.Comments != 3 {
			t.Errorf("API comment_count = %d (%v)", one.Data.Comments, err)
		}
		var list struct {
			Data []struct {
				ID       int64 `json:"id"`
				Comments int   `json:"comment_count"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(e.page(anon, "/api/v1/news?limit=100")), &list); err != nil {
			t.Fatal(err)
		}
		for _, p := range list.Data {
			if p.ID == id && p.Comments != 3 {
				t.Errorf("API list comment_count = %d", p.Comments)
			}
		}
	})
}

// login creates a person of the site and signs them in.
func (e *newsEnv) login(role auth.Role) *http.Client {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role)
	return accounttest.Login(e.t, e.ts.URL, u.Email, pw)
}

func TestNewsCommentsClosed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newNewsEnv(t, d)
		anon := &http.Client{}
		id, slug := e.firstPost()
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(context.Background(), `UPDATE news_posts SET comments_open = ? WHERE id = ?`, false, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		page := e.page(anon, "/news/"+slug+"?lang=en")
		if !strings.Contains(page, "Comments are closed.") || strings.Contains(page, `id="comment-new-body"`) {
			t.Error("a closed post still shows the comment form")
		}
		form := url.Values{"target": {"news:" + itoa(id)}, "name": {"Late Reader"}, "email": {"late@example.ma"}, "body": {"Too late"}}
		for lang, msg := range map[string]string{"ar": "التعليقات مغلقة هنا.", "fr": "Les commentaires sont fermés ici.", "en": "Comments are closed here."} {
			status, _, res := e.do(anon, http.MethodPost, "/comments", form, "Accept-Language", lang)
			if status != http.StatusForbidden || !strings.Contains(res, msg) {
				t.Errorf("guest on a closed post (%s): %d, want 403 with %q\n%s", lang, status, msg, excerptOf(res))
			}
		}
		c := e.login(auth.Citizen)
		status, _, res := e.do(c, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)}, "body": {"Too late"}},
			"Accept-Language", "en")
		if status != http.StatusForbidden || !strings.Contains(res, "Comments are closed here.") {
			t.Errorf("signed-in on a closed post: %d\n%s", status, excerptOf(res))
		}
		var n int
		if err := d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM comments WHERE target_kind = 'news'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d comments stored on a closed post (%v)", n, err)
		}
		// A draft has no thread at all.
		if err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(context.Background(), `UPDATE news_posts SET published_at = NULL WHERE id = ?`, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := e.do(anon, http.MethodGet, "/threads/news/"+itoa(id), nil); status != http.StatusNotFound {
			t.Errorf("the thread of a draft answers %d", status)
		}
	})
}

func TestEventComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newNewsEnv(t, d)
		anon := &http.Client{}
		var id int64
		if err := d.R().QueryRowContext(context.Background(), `SELECT id FROM events WHERE site_id = ? ORDER BY ends_at DESC, id LIMIT 1`, e.siteID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		path := "/events/" + itoa(id)

		// Visitors read the thread and are asked to sign in: no guest form.
		page := e.page(anon, path+"?lang=en")
		if !strings.Contains(page, `id="comments"`) || !strings.Contains(page, "Sign in to comment") || strings.Contains(page, `id="comment-new-email"`) {
			t.Error("the event page does not invite visitors to sign in to comment")
		}
		status, loc, _ := e.do(anon, http.MethodPost, "/comments", url.Values{"target": {"event:" + itoa(id)},
			"name": {"Guest"}, "email": {"guest@example.ma"}, "body": {"As a guest"}})
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("guest comment on an event: %d %q", status, loc)
		}

		// A signed-in person comments and is brought back to the event.
		c := e.login(auth.Citizen)
		const body = "Will the forum sessions be streamed?"
		status, loc, res := e.do(c, http.MethodPost, "/comments", url.Values{"target": {"event:" + itoa(id)}, "body": {body}})
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, path+"#comment-") {
			t.Fatalf("comment on an event: %d %q\n%s", status, loc, excerptOf(res))
		}
		if p := e.page(c, path); !strings.Contains(p, body) || !strings.Contains(p, `id="comment-new-body"`) {
			t.Error("the event page does not show the comment and the form to its author")
		}
		if p := e.page(anon, path+"?lang=en"); !strings.Contains(p, body) || !strings.Contains(p, "(1 comment)") {
			t.Error("visitors do not see the comment on the event")
		}

		// Thirty days after the event ends, the thread is closed.
		if err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(context.Background(), `UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?`,
				db.Timestamp{Time: time.Date(2023, 1, 10, 9, 0, 0, 0, time.UTC)}, db.Timestamp{Time: time.Date(2023, 1, 10, 17, 0, 0, 0, time.UTC)}, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		status, _, res = e.do(c, http.MethodPost, "/comments", url.Values{"target": {"event:" + itoa(id)}, "body": {"Late"}}, "Accept-Language", "en")
		if status != http.StatusForbidden || !strings.Contains(res, "Comments are closed here.") {
			t.Errorf("comment 50 days after the event: %d", status)
		}
		if p := e.page(c, path+"?lang=en"); !strings.Contains(p, body) || !strings.Contains(p, "Comments are closed.") {
			t.Error("the closed thread is not shown as closed")
		}
	})
}

// TestArticleCommentsInBrowser opens an Arabic article with its comments and
// the guest form in a real Chromium, on a desktop and a phone: the page is
// right to left, nothing forces sideways scrolling and axe-core finds no
// serious or critical violation; then a guest posts through the form,
// without JavaScript doing anything, and is told to confirm by email.
func TestArticleCommentsInBrowser(t *testing.T) {
	e := newNewsEnv(t, dbtest.SQLite(t))
	id, slug := e.firstPost()
	anon := &http.Client{}
	const email = "browser.reader@example.ma"
	if status, _, _ := e.do(anon, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)}, "name": {"قارئ"},
		"email": {email}, "body": {"تعليق **مفيد** على هذا الخبر"}}); status != http.StatusOK {
		t.Fatalf("guest comment: %d", status)
	}
	e.do(anon, http.MethodPost, "/comments/confirm", url.Values{"token": {tokenOf(t, e.confirmLink(email))}})
	c := e.login(auth.Citizen)
	e.do(c, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)}, "body": {"رد من مواطن مسجل"}})

	ctx := browsertest.New(t)
	article := e.ts.URL + "/news/" + slug + "?lang=ar"
	for _, viewport := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"desktop", browsertest.Desktop()}, {"phone", browsertest.Phone()}} {
		t.Run(viewport.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, viewport.action, chromedp.Navigate(article)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.dir,
				String(document.querySelectorAll("#comments .comment").length),
				String(!!document.querySelector("#comment-new-email")),
				String(document.documentElement.scrollWidth > window.innerWidth + 1)]`))
			if err != nil || len(got) != 4 {
				t.Fatal(got, err)
			}
			if got[0] != "rtl" || got[1] != "2" || got[2] != "true" {
				t.Errorf("dir=%s comments=%s guest form=%s", got[0], got[1], got[2])
			}
			if got[3] == "true" {
				t.Errorf("page is wider than the %s viewport", viewport.name)
			}
			browsertest.NoSerious(t, ctx)
		})
	}
	// A guest posts through the form.
	err := chromedp.Do(ctx, browsertest.Desktop(), chromedp.Navigate(article),
		chromedp.SendKeys(chromedp.CSS("#comment-new-name"), "زائرة"),
		chromedp.SendKeys(chromedp.CSS("#comment-new-email"), "visitor@example.ma"),
		chromedp.SendKeys(chromedp.CSS("#comment-new-body"), "سؤال عن موعد المنتدى"),
		chromedp.Click(chromedp.CSS("#comments form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "أرسلنا إليكم رسالة إلكترونية") {
		t.Errorf("after posting, the guest is not told to confirm by email:\n%s", text)
	}
	if strings.Contains(text, "سؤال عن موعد المنتدى") || strings.Contains(text, "visitor@example.ma") {
		t.Error("the unconfirmed comment or the address is shown after posting")
	}
	browsertest.NoSerious(t, ctx)
}

// TestArticleViewsWhenKept reads an article as several readers: the page is
// rendered once and kept, yet each answer shows the exact view count, in the
// text and in the JSON-LD, and a new comment shows at once.
func TestArticleViewsWhenKept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newNewsEnv(t, d)
		id, slug := e.firstPost()
		anon := &http.Client{}
		var before int
		if err := d.R().QueryRowContext(context.Background(), `SELECT view_count FROM news_posts WHERE id = ?`, id).Scan(&before); err != nil {
			t.Fatal(err)
		}
		views := regexp.MustCompile(`<span>(\d+) views?</span>`)
		ld := regexp.MustCompile(`"userInteractionCount":(\d+)`)
		read := func(agent string) (string, string) {
			t.Helper()
			p := e.page(anon, "/news/"+slug+"?lang=en", "User-Agent", agent)
			v, l := views.FindStringSubmatch(p), ld.FindStringSubmatch(p)
			if v == nil || l == nil {
				t.Fatalf("no view count in the page")
			}
			return v[1], l[1]
		}
		agent := func(i int) string {
			return "Mozilla/5.0 (X11; Linux x86_64; reader " + itoa(int64(i)) + ") Gecko/20100101 Firefox/128.0"
		}
		for i, want := range []int{1, 1, 2, 3, 3} {
			reader := []int{0, 0, 1, 2, 1}[i]
			text, count := read(agent(reader))
			if w := itoa(int64(before + want)); text != w || count != w {
				t.Errorf("view %d by reader %d: page says %s and %s, want %s", i, reader, text, count, w)
			}
		}
		// A bot is not counted but sees the count.
		if text, _ := read("Googlebot/2.1 (+http://www.google.com/bot.html)"); text != itoa(int64(before+3)) {
			t.Errorf("a bot sees %s views", text)
		}
		c := e.login(auth.Citizen)
		e.do(c, http.MethodPost, "/comments", url.Values{"target": {"news:" + itoa(id)}, "body": {"Fresh comment"}})
		if p := e.page(anon, "/news/"+slug+"?lang=en", "User-Agent", agent(0)); !strings.Contains(p, "Fresh comment") ||
			!strings.Contains(p, "<span>1 comment</span>") {
			t.Error("a kept article does not show the new comment")
		}
		var after int
		if err := d.R().QueryRowContext(context.Background(), `SELECT view_count FROM news_posts WHERE id = ?`, id).Scan(&after); err != nil || after != before+3 {
			t.Errorf("view_count %d, want %d (%v)", after, before+3, err)
		}
	})
}
