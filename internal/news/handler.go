package news

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the public news pages, their API, the Atom feeds and the
// sitemap. Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
	Views  *ViewCounter
	// Sitemap lists the public pages of other features (events, …) for
	// /sitemap.xml, beside the plans, commitments, organisations and posts
	// this package lists itself.
	Sitemap []SitemapSource
	// Threads shows the comments of posts; none when unset.
	Threads Threads

	cache articleCache
}

// PageSize is how many posts a page of the list shows.
const PageSize = 10

// Routes registers the feature's public routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	if h.Views == nil {
		h.Views = &ViewCounter{}
	}
	mux.HandleFunc("GET /news", h.list)
	mux.HandleFunc("GET /news/{slug}", h.article)
	mux.HandleFunc("GET /news/posts/{id}", h.byID)
	mux.HandleFunc("GET /api/v1/news", h.apiList)
	mux.HandleFunc("GET /api/v1/news/{id}", h.apiOne)
	mux.HandleFunc("GET /feeds/news.atom", h.feed)
	mux.HandleFunc("GET /feeds/tags/{file}", h.tagFeed)
	mux.HandleFunc("GET /sitemap.xml", h.sitemap)
}

// ListPage is what /news shows.
type ListPage struct {
	Posts []Post
	Tag   string
	Tags  []TagCount
	Prev  string
	Next  string
	Feed  string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	tag, err := tagParam(r.URL.Query().Get("tag"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	after, err := web.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	now := h.Now()
	posts, err := Posts(ctx, h.DB.R(), site.ID, ListFilter{Tag: tag, PublicAt: now, After: after, Limit: PageSize + 1})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	tags, err := Tags(ctx, h.DB.R(), site.ID, now)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := ListPage{Posts: posts, Tag: tag, Tags: tags, Feed: "/feeds/news.atom"}
	if tag != "" {
		page.Feed = "/feeds/tags/" + url.PathEscape(tag) + ".atom"
	}
	if err := h.counts(ctx, posts); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if len(posts) > PageSize {
		page.Posts = posts[:PageSize]
		page.Next = withParams("/news", "tag", tag, "cursor", web.EncodeCursor(page.Posts[PageSize-1].ID))
	}
	if after > 0 {
		page.Prev = withParams("/news", "tag", tag)
	}
	h.render(w, r, "news_list", page)
}

// ArticlePage is what /news/{slug} shows.
type ArticlePage struct {
	Post      *Post
	Body      template.HTML
	Summary   string
	Scheduled bool // shown to an editor before its publication time
	Draft     bool
	URL       string // absolute
	Image     string // absolute cover URL, or ""
	OGLocale  string
	JSONLD    map[string]any
	Thread    any           // the comment thread, for the "comment_thread" partial; nil without comments
	ViewsText template.HTML // "3 views", in the page's language (marked, see i18n.Printer.HTML)
}

func (h *Handler) article(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	// A reader who is not signed in gets the kept rendering when there is
	// one (articlecache.go); the generation is read before anything else,
	// so that a rendering is never kept under a newer one than its data.
	gen := h.DB.Generation()
	key := cacheKey(r, auth.UserFrom(ctx) != nil)
	if key != "" {
		if e := h.cache.get(key, gen, time.Now()); e != nil {
			h.serveCached(w, r, e)
			return
		}
	}
	p, err := PostBySlug(ctx, h.DB.R(), site.ID, r.PathValue("slug"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	now := h.Now()
	public := p.PublicAt(now)
	if !public && !auth.UserFrom(ctx).AtLeast(auth.Editor) {
		h.Errors.NotFound(w, r)
		return
	}
	if public && h.Views.First(now, site.Location, ratelimit.ClientIP(r), r.UserAgent(), p.ID) {
		if err := CountView(ctx, h.DB, p.ID); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		p.Views++
	}
	var thread any
	if public && h.Threads.Thread != nil {
		// The thread's own count is the post's: one indexed read, exact.
		if thread, p.Comments, err = h.Threads.Thread(r, p.ID); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
	}
	l := web.Locale(ctx)
	page := &ArticlePage{Thread: thread, Post: p, Body: MarkdownIn(p.Body, l), Summary: p.Summary.In(l), Scheduled: p.Scheduled(now),
		Draft: p.PublishedAt.IsZero(), URL: Origin(r) + "/news/" + p.Slug, OGLocale: ogLocale(l)}
	if p.CoverURL != "" {
		page.Image = Origin(r) + p.CoverURL
	}
	page.JSONLD = jsonLD(page, site, l)
	if key != "" && public {
		e, err := h.renderKept(r, page, key, gen)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		h.sendArticle(w, r, e, p.Views)
		return
	}
	page.ViewsText = h.Errors.Catalog.Printer(l).NHTML("news.views", p.Views)
	// Every visit must reach the handler to be counted, and the page shows
	// the count: no shared cache may keep it.
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, "news_article", page)
}

// byID: GET /news/posts/{id}, the slug-independent address of a post,
// redirects to its article (the comment engine returns people there).
func (h *Handler) byID(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return
	}
	p, err := PostByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if !p.PublicAt(h.Now()) && !auth.UserFrom(r.Context()).AtLeast(auth.Editor) {
		h.Errors.NotFound(w, r)
		return
	}
	http.Redirect(w, r, "/news/"+p.Slug, http.StatusSeeOther)
}

// counts sets the posts' comment counts from the comment engine.
func (h *Handler) counts(ctx context.Context, posts []Post) error {
	if h.Threads.Counts == nil || len(posts) == 0 {
		return nil
	}
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	n, err := h.Threads.Counts(ctx, ids)
	if err != nil {
		return err
	}
	for i := range posts {
		posts[i].Comments = n[posts[i].ID]
	}
	return nil
}

// jsonLD is the schema.org NewsArticle description of the page.
func jsonLD(page *ArticlePage, site web.SiteInfo, l i18n.Locale) map[string]any {
	p := page.Post
	siteName := site.Name.In(l)
	if siteName == "" {
		siteName = "Infitah"
	}
	d := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         p.Title.In(l),
		"description":      page.Summary,
		"url":              page.URL,
		"mainEntityOfPage": page.URL,
		"inLanguage":       string(l),
		"dateModified":     p.UpdatedAt.UTC().Format(time.RFC3339),
		"publisher":        map[string]any{"@type": "Organization", "name": siteName},
		"commentCount":     p.Comments,
		"interactionStatistic": map[string]any{
			"@type": "InteractionCounter", "interactionType": "https://schema.org/ReadAction", "userInteractionCount": p.Views,
		},
	}
	if !p.PublishedAt.IsZero() {
		d["datePublished"] = p.PublishedAt.UTC().Format(time.RFC3339)
	}
	if p.Byline != "" {
		d["author"] = map[string]any{"@type": "Person", "name": p.Byline}
	} else {
		d["author"] = map[string]any{"@type": "Organization", "name": siteName}
	}
	if page.Image != "" {
		d["image"] = []string{page.Image}
	}
	if len(p.Tags) > 0 {
		d["keywords"] = strings.Join(p.Tags, ", ")
	}
	return d
}

func ogLocale(l i18n.Locale) string {
	switch l {
	case i18n.FR:
		return "fr_MA"
	case i18n.EN:
		return "en_GB"
	case i18n.ZGH:
		return "zgh_MA"
	}
	return "ar_MA"
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	if err := h.Pages.Page(w, r, http.StatusOK, page, "news", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// tagParam reads an optional ?tag= filter.
func tagParam(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	t, ok := NormalizeTag(s)
	if !ok {
		return "", web.Invalid("error.invalid_filter", "Name", "tag")
	}
	return t, nil
}

// withParams returns path with the non-empty key/value pairs as its query.
func withParams(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Origin is the origin of the absolute links of feeds, the sitemap and a
// page's metadata: the site's configured public URL, never the request's
// Host header (a client chooses it, and cached answers are shared).
func Origin(r *http.Request) string {
	return web.SiteOf(r.Context()).PublicURL
}
