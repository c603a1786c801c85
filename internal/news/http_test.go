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
	anon := e.visitor(browserUA)
	for _, path := range []string{"/admin/news", "/admin/news/new"} {
		if a := e.get(anon, path); a.status != http.StatusSeeOther || !strings.HasPrefix(a.header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous GET %s: %d %s", path, a.status, a.header.Get("Location"))
		}
	}
	if a := e.post(anon, "/admin/news/new", postForm("x", "", e.cID), nil); a.status != http.StatusSeeOther {
		t.Errorf("anonymous POST: %d", a.status)
	}
	for _, role := range []auth.Role{auth.Citizen, auth.Member, auth.Moderator} {
		p := e.signIn(role)
		if a := e.get(p, "/admin/news"); a.status != http.StatusForbidden {
			t.Errorf("%s GET /admin/news: %d", role, a.status)
		}
		if a := e.post(p, "/admin/news/new", postForm("x-"+string(role), "", e.cID), nil); a.status != http.StatusForbidden {
			t.Errorf("%s POST: %d", role, a.status)
		}
	}
	for _, role := range []auth.Role{auth.Editor, auth.Admin} {
		p := e.signIn(role)
		if a := e.get(p, "/admin/news/new"); a.status != http.StatusOK {
			t.Errorf("%s GET /admin/news/new: %d", role, a.status)
		}
	}
}

func TestAdminCreateEditAndAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ed := e.signIn(auth.Editor)

		// Every mistake at once, every value kept.
		bad := postForm("Bad Slug", "2026-04-31T10:00", e.cID)
		bad.Set("title_ar", "")
		bad.Set("tags", "ok, <b>")
		bad.Add("commitments", "999999")
		a := e.post(ed, "/admin/news/new?lang=fr", bad, map[string][2]string{"cover": {"notes.txt", "just text"}})
		if a.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", a.status)
		}
		contains(t, "bad form", a.body, "Le texte arabe est obligatoire.", "Utilisez uniquement des lettres latines minuscules",
			"Saisissez une date et une heure valides.", "« &lt;b&gt; » n’est pas valide", "n’est pas un engagement du site",
			"« notes.txt » n’est pas un type accepté", `value="Bad Slug"`, "Forum « Régions ouvertes et intelligentes »",
			"Texte de l’actualité.", `value="2026-04-31T10:00"`, "6 champs à corriger")

		// A valid post with a cover.
		a = e.post(ed, "/admin/news/new", postForm("open-smart-regions", "2026-04-20T09:30", e.cID), map[string][2]string{"cover": {"cover.png", pngImage()}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", a.status, a.body)
		}
		// The same slug again is refused at its field (in French: the language
		// chosen with ?lang= above is remembered in a cookie).
		a = e.post(ed, "/admin/news/new", postForm("open-smart-regions", "", e.cID), nil)
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "Cette adresse est déjà utilisée.") {
			t.Errorf("duplicate slug: %d", a.status)
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
		a = e.get(ed, path)
		contains(t, "edit form", a.body, `value="open-smart-regions"`, `value="2026-04-20T09:30"`, `name="remove_cover"`)
		edit := postForm("open-smart-regions", "2026-04-20T09:30", e.cID)
		edit.Set("title_en", "Open and Smart Regions: the forum")
		edit.Set("version", strconv.FormatInt(version+1, 10))
		if a = e.post(ed, path, edit, nil); a.status != http.StatusConflict {
			t.Errorf("stale edit: %d", a.status)
		}
		edit.Set("version", strconv.FormatInt(version, 10))
		if a = e.post(ed, path, edit, nil); a.status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", a.status, a.body)
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
func (e *env) addPost(ed *person, form url.Values) int64 {
	e.t.Helper()
	a := e.post(ed, "/admin/news/new", form, map[string][2]string{"cover": {"cover.png", pngImage()}})
	if a.status != http.StatusSeeOther {
		e.t.Fatalf("create %s: %d\n%s", form.Get("slug"), a.status, a.body)
	}
	var id int64
	if err := e.d.R().QueryRowContext(context.Background(), `SELECT id FROM news_posts WHERE slug = ?`, form.Get("slug")).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

var jsonLD = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestArticlePage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.signIn(auth.Editor)
	form := postForm("open-smart-regions", "2026-04-20T09:30", e.cID)
	form.Set("title_ar", `عنوان </script><script>alert(1)</script> "مقتبس"`)
	id := e.addPost(ed, form)
	e.addPost(ed, postForm("later", "2026-05-05T09:00", e.cID))
	e.addPost(ed, postForm("draft", "", e.cID))

	// 3 visitors twice each count 3 views; a bot counts none.
	for i := 0; i < 2; i++ {
		for _, ua := range []string{browserUA, browserUA + " A", browserUA + " B"} {
			if a := e.get(e.visitor(ua), "/news/open-smart-regions"); a.status != http.StatusOK {
				t.Fatalf("visit: %d", a.status)
			}
		}
		e.get(e.visitor("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), "/news/open-smart-regions")
		e.get(e.visitor("curl/8.5.0"), "/news/open-smart-regions")
	}
	var views int
	if err := e.d.R().QueryRowContext(context.Background(), `SELECT view_count FROM news_posts WHERE id = ?`, id).Scan(&views); err != nil || views != 3 {
		t.Errorf("views = %d, %v; want 3", views, err)
	}
	// Two comments shown, as the comment engine counts them.
	if err := e.d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO comment_counts (site_id, target_kind, target_id, visible)
			SELECT site_id, 'news', id, 2 FROM news_posts WHERE id = ?`, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	a := e.get(e.visitor("Googlebot/2.1 (+http://www.google.com/bot.html)"), "/news/open-smart-regions")
	if a.status != http.StatusOK || a.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("article: %d %q", a.status, a.header.Get("Cache-Control"))
	}
	contains(t, "arabic article", a.body, "3 مشاهدات", "تعليقان", `<html lang="ar" dir="rtl">`, "20 أبريل 2026",
		`<meta property="og:type" content="article">`, `<meta property="og:url" content="`+e.ts.URL+`/news/open-smart-regions">`,
		`<meta property="og:image" content="`+e.ts.URL+`/files/`, `<meta property="og:locale" content="ar_MA">`,
		`<meta property="article:published_time" content="2026-04-20T08:30:00Z">`, `<h2>المنتدى</h2>`, `<strong>الخبر</strong>`,
		`href="/commitments/`+strconv.FormatInt(e.cID, 10)+`"`)
	lacks(t, "arabic article", a.body, "<script>alert(1)", "1 مشاهدات")
	if csp := a.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	m := jsonLD.FindStringSubmatch(a.body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld["@type"] != "NewsArticle" || ld["@context"] != "https://schema.org" || !strings.Contains(ld["headline"].(string), "</script>") ||
		ld["datePublished"] != "2026-04-20T08:30:00Z" || ld["commentCount"] != 2.0 || ld["url"] != e.ts.URL+"/news/open-smart-regions" {
		t.Errorf("JSON-LD %v", ld)
	}
	if strings.Count(a.body, "</script>") != 1 {
		t.Error("a title closes the JSON-LD script")
	}

	fr := e.get(e.visitor("Googlebot/2.1 (+http://www.google.com/bot.html)"), "/news/open-smart-regions?lang=fr")
	contains(t, "french article", fr.body, "3 vues", "2 commentaires", "20 avril 2026", "Forum « Régions ouvertes et intelligentes »")

	// Scheduled and draft posts: hidden from visitors, shown to editors.
	anon := e.visitor(browserUA)
	for _, slug := range []string{"later", "draft"} {
		if a := e.get(anon, "/news/"+slug); a.status != http.StatusNotFound {
			t.Errorf("anonymous %s: %d", slug, a.status)
		}
	}
	if a := e.get(ed, "/news/later"); a.status != http.StatusOK || !strings.Contains(a.body, "مبرمج للنشر في 5 ماي 2026 على الساعة 09:00") {
		t.Errorf("editor sees the scheduled post: %d", a.status)
	}
	list := e.get(anon, "/news")
	contains(t, "list", list.body, "/news/open-smart-regions", "3 مشاهدات")
	lacks(t, "list", list.body, "/news/later", "/news/draft")
	if a := e.get(anon, "/news?tag=%3Cb%3E"); a.status != http.StatusBadRequest {
		t.Errorf("bad tag: %d", a.status)
	}
	if a := e.get(anon, "/news?tag=forum"); a.status != http.StatusOK || !strings.Contains(a.body, "/news/open-smart-regions") {
		t.Errorf("tag filter: %d", a.status)
	}
	if a := e.get(anon, "/news?tag=nothing"); strings.Contains(a.body, "/news/open-smart-regions") {
		t.Error("tag filter shows a post without the tag")
	}
}

func TestListPages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.signIn(auth.Editor)
	for i := 1; i <= 12; i++ {
		e.addPost(ed, postForm("post-"+strconv.Itoa(i), "2026-04-"+strconv.Itoa(10+i)+"T09:00", e.cID))
	}
	anon := e.visitor(browserUA)
	first := e.get(anon, "/news")
	contains(t, "first page", first.body, "/news/post-12", "/news/post-3", `rel="next"`)
	lacks(t, "first page", first.body, `"/news/post-2"`, `rel="prev"`)
	next := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(first.body)
	second := e.get(anon, strings.ReplaceAll(next[1], "&amp;", "&"))
	contains(t, "second page", second.body, `"/news/post-2"`, `"/news/post-1"`, `rel="prev"`)
	lacks(t, "second page", second.body, `"/news/post-3"`, `rel="next"`)
	if a := e.get(anon, "/news?cursor=@@"); a.status != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", a.status)
	}
}

func TestFeedsSitemapAndAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.signIn(auth.Editor)
	id := e.addPost(ed, postForm("open-smart-regions", "2026-04-20T09:30", e.cID))
	other := postForm("budget-day", "2026-04-25T09:30", e.cID)
	other.Set("tags", "budget")
	e.addPost(ed, other)
	e.addPost(ed, postForm("later", "2026-05-05T09:00", e.cID))
	anon := e.visitor(browserUA)

	parse := func(path string) *gofeed.Feed {
		t.Helper()
		a := e.get(anon, path)
		if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", path, a.status, a.header.Get("Content-Type"))
		}
		f, err := gofeed.NewParser().ParseString(a.body)
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
	if it.Title != "Forum « Régions ouvertes et intelligentes »" || it.Link != e.ts.URL+"/news/open-smart-regions?lang=fr" ||
		it.GUID != e.ts.URL+"/api/v1/news/"+strconv.FormatInt(id, 10) || it.PublishedParsed == nil ||
		it.PublishedParsed.UTC().Format("2006-01-02T15:04") != "2026-04-20T08:30" || len(it.Categories) != 2 ||
		!strings.Contains(it.Content, "Texte de l’actualité.") || it.Description != "Résumé de l’actualité" {
		t.Errorf("entry %+v", it)
	}
	for _, l := range f.Links {
		if !strings.HasPrefix(l, e.ts.URL+"/") {
			t.Errorf("relative feed link %q", l)
		}
	}
	ar := parse("/feeds/news.atom")
	if ar.Language != "ar" || ar.Items[1].Title != "منتدى «جهات منفتحة وذكية»" || !strings.Contains(ar.Items[1].Content, `href="`+e.ts.URL+`/plans"`) {
		t.Errorf("arabic feed: %q %q", ar.Language, ar.Items[1].Content)
	}
	tagged := parse("/feeds/tags/budget.atom?lang=en")
	if len(tagged.Items) != 1 || tagged.Items[0].Link != e.ts.URL+"/news/budget-day?lang=en" {
		t.Errorf("tag feed: %d items", len(tagged.Items))
	}
	arTag := parse("/feeds/tags/" + url.PathEscape("الحكومة-المنفتحة") + ".atom")
	if len(arTag.Items) != 1 {
		t.Errorf("arabic tag feed: %d items", len(arTag.Items))
	}
	if a := e.get(anon, "/feeds/tags/budget.rss"); a.status != http.StatusNotFound {
		t.Errorf("unknown feed: %d", a.status)
	}

	// The sitemap lists the public pages with absolute addresses, and no scheduled post.
	a := e.get(anon, "/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(a.body), &set); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
		if !strings.HasPrefix(u.Loc, e.ts.URL+"/") {
			t.Errorf("relative sitemap URL %q", u.Loc)
		}
	}
	for _, want := range []string{"/", "/plans", "/plans/plan", "/commitments/" + strconv.FormatInt(e.cID, 10), "/news", "/events",
		"/news/open-smart-regions", "/news/budget-day", "/organisations"} {
		if !locs[e.ts.URL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if locs[e.ts.URL+"/news/later"] {
		t.Error("sitemap lists a scheduled post")
	}

	// The API.
	a = e.get(anon, "/api/v1/news?limit=1")
	var list struct {
		Data []map[string]any `json:"data"`
		Next *string          `json:"next"`
	}
	if err := json.Unmarshal([]byte(a.body), &list); err != nil || len(list.Data) != 1 || list.Next == nil || list.Data[0]["slug"] != "budget-day" {
		t.Fatalf("api list: %v %s", err, a.body)
	}
	a = e.get(anon, "/api/v1/news?limit=5&cursor="+*list.Next)
	if err := json.Unmarshal([]byte(a.body), &list); err != nil || len(list.Data) != 1 || list.Next != nil || list.Data[0]["slug"] != "open-smart-regions" {
		t.Errorf("api second page: %v %s", err, a.body)
	}
	a = e.get(anon, "/api/v1/news/"+strconv.FormatInt(id, 10))
	var one struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(a.body), &one); err != nil || one.Data["slug"] != "open-smart-regions" ||
		one.Data["title"].(map[string]any)["en"] != "Open and Smart Regions forum" || one.Data["cover_url"] == "" {
		t.Errorf("api one: %v %s", err, a.body)
	}
	lacks(t, "api", a.body, "@example.org")
	var laterID int64
	_ = e.d.R().QueryRowContext(context.Background(), `SELECT id FROM news_posts WHERE slug = 'later'`).Scan(&laterID)
	if a := e.get(anon, "/api/v1/news/"+strconv.FormatInt(laterID, 10)); a.status != http.StatusNotFound || a.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("scheduled post in the API: %d %s", a.status, a.header.Get("Content-Type"))
	}
	if a := e.get(anon, "/api/v1/news?tag=%3C"); a.status != http.StatusBadRequest {
		t.Errorf("bad tag in the API: %d", a.status)
	}
}
