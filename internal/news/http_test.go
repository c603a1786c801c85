package news_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// postForm is a valid form for a post published at when (site time).
func postForm(slug, when string, cID int64) url.Values {
	return url.Values{
		"title_ar": {"منتدى «جهات منفتحة وذكية»"}, "title_fr": {"Forum « Régions ouvertes et intelligentes »"}, "title_en": {"Open and Smart Regions forum"},
		"summary_ar": {"ملخص الخبر"}, "summary_fr": {"Résumé de l’actualité"}, "summary_en": {"The post in short"},
		"body_ar": {"## المنتدى\n\nنص **الخبر** مع [رابط](/plans)."}, "body_fr": {"Texte de l’actualité."}, "body_en": {"The post's text."},
		"slug": {slug}, "byline": {"Communication team"}, "tags": {"forum, الحكومة-المنفتحة"}, "published_at": {when},
		"comments_open": {"1"}, "commitments": {strconv.FormatInt(cID, 10)}, "cover_alt_ar": {"صورة المنتدى"},
	}
}

func TestAdminPermissions(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	anon := e.Visitor(servertest.BrowserUA)
	for _, path := range []string{"/admin/news", "/admin/news/new"} {
		if a := e.Get(anon, path); a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous GET %s: %d %s", path, a.Status, a.Header.Get("Location"))
		}
	}
	if a := e.Post(anon, "/admin/news/new", postForm("x", "", e.cID), nil); a.Status != http.StatusSeeOther {
		t.Errorf("anonymous POST: %d", a.Status)
	}
	for _, role := range []auth.Role{auth.Citizen, auth.Member, auth.Moderator} {
		p := e.SignIn(role)
		if a := e.Get(p, "/admin/news"); a.Status != http.StatusForbidden {
			t.Errorf("%s GET /admin/news: %d", role, a.Status)
		}
		if a := e.Post(p, "/admin/news/new", postForm("x-"+string(role), "", e.cID), nil); a.Status != http.StatusForbidden {
			t.Errorf("%s POST: %d", role, a.Status)
		}
	}
	for _, role := range []auth.Role{auth.Editor, auth.Admin} {
		p := e.SignIn(role)
		if a := e.Get(p, "/admin/news/new"); a.Status != http.StatusOK {
			t.Errorf("%s GET /admin/news/new: %d", role, a.Status)
		}
	}
}

func TestAdminCreateEditAndAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ed := e.SignIn(auth.Editor)

		// Every mistake at once, every value kept.
		bad := postForm("Bad Slug", "2026-04-31T10:00", e.cID)
		bad.Set("title_ar", "")
		bad.Set("tags", "ok, <b>")
		bad.Add("commitments", "999999")
		a := e.Post(ed, "/admin/news/new?lang=fr", bad, map[string][2]string{"cover": {"notes.txt", "just text"}})
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", a.Status)
		}
		servertest.Contains(t, "bad form", a.Body, "Le texte arabe est obligatoire.", "Utilisez uniquement des lettres latines minuscules",
			"Saisissez une date et une heure valides.", "« &lt;b&gt; » n’est pas valide", "n’est pas un engagement du site",
			"« notes.txt » n’est pas un type accepté", `value="Bad Slug"`, "Forum « Régions ouvertes et intelligentes »",
			"Texte de l’actualité.", `value="2026-04-31T10:00"`, "6 champs à corriger")

		// A valid post with a cover.
		a = e.Post(ed, "/admin/news/new", postForm("open-smart-regions", "2026-04-20T09:30", e.cID), map[string][2]string{"cover": {"cover.png", servertest.PNG()}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", a.Status, a.Body)
		}
		// The same slug again is refused at its field (in French: the language
		// chosen with ?lang= above is remembered in a cookie).
		a = e.Post(ed, "/admin/news/new", postForm("open-smart-regions", "", e.cID), nil)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "Cette adresse est déjà utilisée.") {
			t.Errorf("duplicate slug: %d", a.Status)
		}

		var id, version int64
		var cover, published string
		if err := d.R().QueryRowContext(context.Background(), `SELECT id, version, cover_hash FROM news_posts WHERE slug = 'open-smart-regions'`).Scan(&id, &version, &cover); err != nil {
			t.Fatal(err)
		}
		var ts db.Timestamp
		_ = d.R().QueryRowContext(context.Background(), `SELECT published_at FROM news_posts WHERE id = ?`, id).Scan(&ts)
		published = ts.UTC().Format("2006-01-02T15:04")
		if published != "2026-04-20T08:30" { // 09:30 in Casablanca (UTC+1)
			t.Errorf("published_at stored as %s UTC", published)
		}
		if cover == "" {
			t.Error("no cover stored")
		}

		// Edit: the form shows the stored values; a stale version gets 409.
		path := "/admin/news/" + strconv.FormatInt(id, 10) + "/edit"
		a = e.Get(ed, path)
		servertest.Contains(t, "edit form", a.Body, `value="open-smart-regions"`, `value="2026-04-20T09:30"`, `name="remove_cover"`)
		edit := postForm("open-smart-regions", "2026-04-20T09:30", e.cID)
		edit.Set("title_en", "Open and Smart Regions: the forum")
		edit.Set("version", strconv.FormatInt(version+1, 10))
		if a = e.Post(ed, path, edit, nil); a.Status != http.StatusConflict {
			t.Errorf("stale edit: %d", a.Status)
		}
		edit.Set("version", strconv.FormatInt(version, 10))
		if a = e.Post(ed, path, edit, nil); a.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", a.Status, a.Body)
		}

		// Both changes are in the public ledger, the second with only what changed.
		rows, err := d.R().QueryContext(context.Background(), `SELECT action, after_data FROM audit_entries WHERE entity = 'news_post' AND entity_id = ? ORDER BY seq`, id)
		if err != nil {
			t.Fatal(err)
		}
		var entries []string
		for rows.Next() {
			var action, after string
			_ = rows.Scan(&action, &after)
			entries = append(entries, action+" "+after)
		}
		rows.Close()
		if len(entries) != 2 || !strings.HasPrefix(entries[0], "create ") || !strings.HasPrefix(entries[1], "update ") ||
			!strings.Contains(entries[1], "the forum") || strings.Contains(entries[1], "byline") {
			t.Errorf("ledger %q", entries)
		}
	})
}

// addPost creates a post over HTTP as an editor and returns its id.
func (e *env) addPost(ed *servertest.Person, form url.Values) int64 {
	e.T.Helper()
	a := e.Post(ed, "/admin/news/new", form, map[string][2]string{"cover": {"cover.png", servertest.PNG()}})
	if a.Status != http.StatusSeeOther {
		e.T.Fatalf("create %s: %d\n%s", form.Get("slug"), a.Status, a.Body)
	}
	var id int64
	if err := e.DB.R().QueryRowContext(context.Background(), `SELECT id FROM news_posts WHERE slug = ?`, form.Get("slug")).Scan(&id); err != nil {
		e.T.Fatal(err)
	}
	return id
}

var jsonLD = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestArticlePage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	form := postForm("open-smart-regions", "2026-04-20T09:30", e.cID)
	form.Set("title_ar", `عنوان </script><script>alert(1)</script> "مقتبس"`)
	id := e.addPost(ed, form)
	e.addPost(ed, postForm("later", "2026-05-05T09:00", e.cID))
	e.addPost(ed, postForm("draft", "", e.cID))

	// 3 visitors twice each count 3 views; a bot counts none.
	for i := 0; i < 2; i++ {
		for _, ua := range []string{servertest.BrowserUA, servertest.BrowserUA + " A", servertest.BrowserUA + " B"} {
			if a := e.Get(e.Visitor(ua), "/news/open-smart-regions"); a.Status != http.StatusOK {
				t.Fatalf("visit: %d", a.Status)
			}
		}
		e.Get(e.Visitor("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), "/news/open-smart-regions")
		e.Get(e.Visitor("curl/8.5.0"), "/news/open-smart-regions")
	}
	var views int
	if err := e.DB.R().QueryRowContext(context.Background(), `SELECT view_count FROM news_posts WHERE id = ?`, id).Scan(&views); err != nil || views != 3 {
		t.Errorf("views = %d, %v; want 3", views, err)
	}
	// Two comments shown, as the comment engine counts them.
	if err := e.DB.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO comment_counts (site_id, target_kind, target_id, visible)
			SELECT site_id, 'news', id, 2 FROM news_posts WHERE id = ?`, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	a := e.Get(e.Visitor("Googlebot/2.1 (+http://www.google.com/bot.html)"), "/news/open-smart-regions")
	if a.Status != http.StatusOK || a.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("article: %d %q", a.Status, a.Header.Get("Cache-Control"))
	}
	servertest.Contains(t, "arabic article", a.Body, "3 مشاهدات", "تعليقان", `<html lang="ar" dir="rtl">`, "20 أبريل 2026",
		`<meta property="og:type" content="article">`, `<meta property="og:url" content="`+e.TS.URL+`/news/open-smart-regions">`,
		`<meta property="og:image" content="`+e.TS.URL+`/files/`, `<meta property="og:locale" content="ar_MA">`,
		`<meta property="article:published_time" content="2026-04-20T08:30:00Z">`, `<h2>المنتدى</h2>`, `<strong>الخبر</strong>`,
		`href="/commitments/`+strconv.FormatInt(e.cID, 10)+`"`)
	servertest.Lacks(t, "arabic article", a.Body, "<script>alert(1)", "1 مشاهدات")
	if csp := a.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	m := jsonLD.FindStringSubmatch(a.Body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld["@type"] != "NewsArticle" || ld["@context"] != "https://schema.org" || !strings.Contains(ld["headline"].(string), "</script>") ||
		ld["datePublished"] != "2026-04-20T08:30:00Z" || ld["commentCount"] != 2.0 || ld["url"] != e.TS.URL+"/news/open-smart-regions" {
		t.Errorf("JSON-LD %v", ld)
	}
	if strings.Count(a.Body, "</script>") != 1 {
		t.Error("a title closes the JSON-LD script")
	}

	fr := e.Get(e.Visitor("Googlebot/2.1 (+http://www.google.com/bot.html)"), "/news/open-smart-regions?lang=fr")
	servertest.Contains(t, "french article", fr.Body, "3 vues", "2 commentaires", "20 avril 2026", "Forum « Régions ouvertes et intelligentes »")

	// Scheduled and draft posts: hidden from visitors, shown to editors.
	anon := e.Visitor(servertest.BrowserUA)
	for _, slug := range []string{"later", "draft"} {
		if a := e.Get(anon, "/news/"+slug); a.Status != http.StatusNotFound {
			t.Errorf("anonymous %s: %d", slug, a.Status)
		}
	}
	if a := e.Get(ed, "/news/later"); a.Status != http.StatusOK || !strings.Contains(a.Body, "مبرمج للنشر في 5 ماي 2026 على الساعة 09:00") {
		t.Errorf("editor sees the scheduled post: %d", a.Status)
	}
	list := e.Get(anon, "/news")
	servertest.Contains(t, "list", list.Body, "/news/open-smart-regions", "3 مشاهدات")
	servertest.Lacks(t, "list", list.Body, "/news/later", "/news/draft")
	if a := e.Get(anon, "/news?tag=%3Cb%3E"); a.Status != http.StatusBadRequest {
		t.Errorf("bad tag: %d", a.Status)
	}
	if a := e.Get(anon, "/news?tag=forum"); a.Status != http.StatusOK || !strings.Contains(a.Body, "/news/open-smart-regions") {
		t.Errorf("tag filter: %d", a.Status)
	}
	if a := e.Get(anon, "/news?tag=nothing"); strings.Contains(a.Body, "/news/open-smart-regions") {
		t.Error("tag filter shows a post without the tag")
	}
}

func TestListPages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	for i := 1; i <= 12; i++ {
		e.addPost(ed, postForm("post-"+strconv.Itoa(i), "2026-04-"+strconv.Itoa(10+i)+"T09:00", e.cID))
	}
	anon := e.Visitor(servertest.BrowserUA)
	first := e.Get(anon, "/news")
	servertest.Contains(t, "first page", first.Body, "/news/post-12", "/news/post-3", `rel="next"`)
	servertest.Lacks(t, "first page", first.Body, `"/news/post-2"`, `rel="prev"`)
	next := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(first.Body)
	second := e.Get(anon, strings.ReplaceAll(next[1], "&amp;", "&"))
	servertest.Contains(t, "second page", second.Body, `"/news/post-2"`, `"/news/post-1"`, `rel="prev"`)
	servertest.Lacks(t, "second page", second.Body, `"/news/post-3"`, `rel="next"`)
	if a := e.Get(anon, "/news?cursor=@@"); a.Status != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", a.Status)
	}
}

func TestFeedsSitemapAndAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	id := e.addPost(ed, postForm("open-smart-regions", "2026-04-20T09:30", e.cID))
	other := postForm("budget-day", "2026-04-25T09:30", e.cID)
	other.Set("tags", "budget")
	e.addPost(ed, other)
	e.addPost(ed, postForm("later", "2026-05-05T09:00", e.cID))
	anon := e.Visitor(servertest.BrowserUA)

	parse := func(path string) *gofeed.Feed {
		t.Helper()
		a := e.Get(anon, path)
		if a.Status != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", path, a.Status, a.Header.Get("Content-Type"))
		}
		f, err := gofeed.NewParser().ParseString(a.Body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if f.FeedType != "atom" || f.FeedVersion != "1.0" {
			t.Errorf("%s: %s %s", path, f.FeedType, f.FeedVersion)
		}
		return f
	}
	f := parse("/feeds/news.atom?lang=fr")
	if len(f.Items) != 2 || f.Language != "fr" || !strings.Contains(f.Title, "Actualités") {
		t.Fatalf("feed %q %q with %d items", f.Title, f.Language, len(f.Items))
	}
	it := f.Items[1]
	if it.Title != "Forum « Régions ouvertes et intelligentes »" || it.Link != e.TS.URL+"/news/open-smart-regions?lang=fr" ||
		it.GUID != e.TS.URL+"/api/v1/news/"+strconv.FormatInt(id, 10) || it.PublishedParsed == nil ||
		it.PublishedParsed.UTC().Format("2006-01-02T15:04") != "2026-04-20T08:30" || len(it.Categories) != 2 ||
		!strings.Contains(it.Content, "Texte de l’actualité.") || it.Description != "Résumé de l’actualité" {
		t.Errorf("entry %+v", it)
	}
	for _, l := range f.Links {
		if !strings.HasPrefix(l, e.TS.URL+"/") {
			t.Errorf("relative feed link %q", l)
		}
	}
	ar := parse("/feeds/news.atom")
	if ar.Language != "ar" || ar.Items[1].Title != "منتدى «جهات منفتحة وذكية»" || !strings.Contains(ar.Items[1].Content, `href="`+e.TS.URL+`/plans"`) {
		t.Errorf("arabic feed: %q %q", ar.Language, ar.Items[1].Content)
	}
	tagged := parse("/feeds/tags/budget.atom?lang=en")
	if len(tagged.Items) != 1 || tagged.Items[0].Link != e.TS.URL+"/news/budget-day?lang=en" {
		t.Errorf("tag feed: %d items", len(tagged.Items))
	}
	arTag := parse("/feeds/tags/" + url.PathEscape("الحكومة-المنفتحة") + ".atom")
	if len(arTag.Items) != 1 {
		t.Errorf("arabic tag feed: %d items", len(arTag.Items))
	}
	if a := e.Get(anon, "/feeds/tags/budget.rss"); a.Status != http.StatusNotFound {
		t.Errorf("unknown feed: %d", a.Status)
	}

	// The sitemap lists the public pages with absolute addresses, and no scheduled post.
	a := e.Get(anon, "/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(a.Body), &set); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		if !strings.HasPrefix(u.Loc, e.TS.URL+"/") {
			t.Errorf("relative sitemap URL %q", u.Loc)
		}
	}
	for _, want := range []string{"/", "/plans", "/plans/plan", "/commitments/" + strconv.FormatInt(e.cID, 10), "/news", "/events",
		"/news/open-smart-regions", "/news/budget-day", "/organisations"} {
		if !locs[e.TS.URL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if locs[e.TS.URL+"/news/later"] {
		t.Error("sitemap lists a scheduled post")
	}

	// The API.
	a = e.Get(anon, "/api/v1/news?limit=1")
	var list struct {
		Data []map[string]any `json:"data"`
		Next *string          `json:"next"`
	}
	if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 1 || list.Next == nil || list.Data[0]["slug"] != "budget-day" {
		t.Fatalf("api list: %v %s", err, a.Body)
	}
	a = e.Get(anon, "/api/v1/news?limit=5&cursor="+*list.Next)
	if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 1 || list.Next != nil || list.Data[0]["slug"] != "open-smart-regions" {
		t.Errorf("api second page: %v %s", err, a.Body)
	}
	a = e.Get(anon, "/api/v1/news/"+strconv.FormatInt(id, 10))
	var one struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(a.Body), &one); err != nil || one.Data["slug"] != "open-smart-regions" ||
		one.Data["title"].(map[string]any)["en"] != "Open and Smart Regions forum" || one.Data["cover_url"] == "" {
		t.Errorf("api one: %v %s", err, a.Body)
	}
	servertest.Lacks(t, "api", a.Body, "@example.org")
	var laterID int64
	_ = e.DB.R().QueryRowContext(context.Background(), `SELECT id FROM news_posts WHERE slug = 'later'`).Scan(&laterID)
	if a := e.Get(anon, "/api/v1/news/"+strconv.FormatInt(laterID, 10)); a.Status != http.StatusNotFound || a.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("scheduled post in the API: %d %s", a.Status, a.Header.Get("Content-Type"))
	}
	if a := e.Get(anon, "/api/v1/news?tag=%3C"); a.Status != http.StatusBadRequest {
		t.Errorf("bad tag in the API: %d", a.Status)
	}
}
