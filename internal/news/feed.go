package news

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/atom"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// FeedSize is how many posts a feed carries.
const FeedSize = 30

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	h.writeFeed(w, r, "")
}

// GET /feeds/tags/{tag}.atom
func (h *Handler) tagFeed(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	tag, valid := NormalizeTag(name)
	if !ok || !valid || tag != name {
		h.Errors.NotFound(w, r)
		return
	}
	h.writeFeed(w, r, tag)
}

func (h *Handler) writeFeed(w http.ResponseWriter, r *http.Request, tag string) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	l := web.Locale(ctx)
	p := h.Errors.Catalog.Printer(l)
	posts, err := Posts(ctx, h.DB.R(), site.ID, ListFilter{Tag: tag, PublicAt: h.Now(), Limit: FeedSize})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	origin := Origin(r)
	siteName := site.Name.In(l)
	if siteName == "" {
		siteName = p.T("site.name")
	}
	self := origin + "/feeds/news.atom"
	page := origin + "/news"
	title := siteName + " — " + p.T("news.title")
	if tag != "" {
		self = origin + "/feeds/tags/" + url.PathEscape(tag) + ".atom"
		page = origin + "/news?tag=" + url.QueryEscape(tag)
		title = siteName + " — " + p.T("news.tagged", "Tag", tag)
	}
	selfID := self
	self += "?lang=" + string(l)
	f := atom.Feed{Lang: string(l), ID: selfID + "#" + string(l), Title: atom.Text{Body: title},
		Links:  []atom.Link{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: page + sep(page) + "lang=" + string(l)}},
		Author: atom.Person{Name: siteName}}
	var updated time.Time
	for _, post := range posts {
		link := origin + "/news/" + post.Slug
		e := atom.Entry{
			ID:        origin + "/api/v1/news/" + Itoa(post.ID),
			Title:     atom.Text{Type: "text", Body: post.Title.In(l)},
			Links:     []atom.Link{{Rel: "alternate", Type: "text/html", Href: link + "?lang=" + string(l), HrefLang: string(l)}},
			Published: post.PublishedAt.UTC().Format(time.RFC3339),
			Updated:   latest(post.UpdatedAt.Time, post.PublishedAt.Time).UTC().Format(time.RFC3339),
			Content:   &atom.Text{Type: "html", Body: absolutize(string(Markdown(post.Body.In(l))), origin)},
		}
		if post.Byline != "" {
			e.Author = &atom.Person{Name: post.Byline}
		}
		if s := post.Summary.In(l); s != "" {
			e.Summary = &atom.Text{Type: "text", Body: s}
		}
		for _, t := range post.Tags {
			e.Categories = append(e.Categories, atom.Category{Term: t})
		}
		updated = latest(updated, latest(post.UpdatedAt.Time, post.PublishedAt.Time))
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a stable <updated>
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	sendXML(w, r, "application/atom+xml; charset=utf-8", f, h)
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// absolutize makes the root-relative links and images of rendered HTML
// absolute, since feed readers show it away from the site.
func absolutize(html, origin string) string {
	html = strings.ReplaceAll(html, `href="/`, `href="`+origin+`/`)
	return strings.ReplaceAll(html, `src="/`, `src="`+origin+`/`)
}

func sendXML(w http.ResponseWriter, r *http.Request, contentType string, v any, h *Handler) {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, contentType, append([]byte(xml.Header), body...))
}

// SitemapEntry is one public page for /sitemap.xml: a path of the site and
// when it last changed (zero when unknown).
type SitemapEntry struct {
	Path    string
	LastMod time.Time
}

// SitemapSource lists a feature's public pages of a site.
type SitemapSource func(ctx context.Context, q db.Querier, siteID int64, now time.Time) ([]SitemapEntry, error)

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// staticPages are the site's public pages that exist once.
var staticPages = []string{"/", "/plans", "/organisations", "/consultations", "/news", "/events", "/audit"}

// GET /sitemap.xml: every public page of the site.
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	now := h.Now()
	var entries []SitemapEntry
	for _, p := range staticPages {
		entries = append(entries, SitemapEntry{Path: p})
	}
	for _, src := range append([]SitemapSource{planPages, postPages}, h.Sitemap...) {
		more, err := src(ctx, h.DB.R(), siteID, now)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		entries = append(entries, more...)
	}
	origin := Origin(r)
	set := urlSet{URLs: make([]sitemapURL, 0, len(entries))}
	for _, e := range entries {
		u := sitemapURL{Loc: origin + e.Path}
		if !e.LastMod.IsZero() {
			u.LastMod = e.LastMod.UTC().Format(time.RFC3339)
		}
		set.URLs = append(set.URLs, u)
	}
	sendXML(w, r, "application/xml; charset=utf-8", set, h)
}

// planPages lists the plans, their commitments and the organisations.
func planPages(ctx context.Context, q db.Querier, siteID int64, _ time.Time) ([]SitemapEntry, error) {
	var out []SitemapEntry
	plans, err := plan.Plans(ctx, q, siteID, 0, 1000)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		out = append(out, SitemapEntry{Path: "/plans/" + url.PathEscape(p.Slug), LastMod: p.UpdatedAt.Time})
		cs, err := plan.Commitments(ctx, q, siteID, p.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out = append(out, SitemapEntry{Path: "/commitments/" + Itoa(c.ID), LastMod: c.UpdatedAt.Time})
		}
	}
	orgs, err := account.Organisations(ctx, q, siteID, 0, 10000)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		out = append(out, SitemapEntry{Path: "/organisations/" + Itoa(o.ID), LastMod: o.UpdatedAt.Time})
	}
	return out, nil
}

// postPages lists the published posts and the tags' pages.
func postPages(ctx context.Context, q db.Querier, siteID int64, now time.Time) ([]SitemapEntry, error) {
	var out []SitemapEntry
	var after int64
	for {
		posts, err := Posts(ctx, q, siteID, ListFilter{PublicAt: now, After: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, p := range posts {
			out = append(out, SitemapEntry{Path: "/news/" + url.PathEscape(p.Slug), LastMod: latest(p.UpdatedAt.Time, p.PublishedAt.Time)})
		}
		if len(posts) < 500 {
			return out, nil
		}
		after = posts[len(posts)-1].ID
	}
}
