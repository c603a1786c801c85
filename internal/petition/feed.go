package petition

import (
	"context"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/atom"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// FeedSize is how many petitions the feed carries.
const FeedSize = 30

// GET /feeds/petitions.atom: the latest public petitions, with their state
// and counts.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	l := web.Locale(ctx)
	pr := h.Errors.Catalog.Printer(l)
	ps, err := List(ctx, h.DB.R(), site.ID, Filter{Limit: FeedSize})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	views, _, err := h.views(ctx, ps)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	name := siteName(site, pr, l)
	self := site.URL("/feeds/petitions.atom")
	f := atom.Feed{Lang: string(l), ID: self + "#" + string(l), Title: atom.Text{Body: name + " — " + pr.T("petition.title")},
		Links: []atom.Link{{Rel: "self", Type: "application/atom+xml", Href: site.URL("/feeds/petitions.atom", "lang", string(l))},
			{Rel: "alternate", Type: "text/html", Href: site.URL("/petitions", "lang", string(l))}},
		Author: atom.Person{Name: name}}
	updated := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a stable <updated>
	for _, v := range views {
		published := v.CreatedAt.Time
		if !v.OpensAt.IsZero() {
			published = v.OpensAt.Time
		}
		summary := pr.T("petition.state."+string(v.State)) + " — " + pr.N("petition.signatures", v.Progress.Total) + " / " +
			pr.N("petition.signatures", v.Progress.Required)
		f.Entries = append(f.Entries, atom.Entry{ID: site.URL("/api/v1/petitions/" + itoa(v.ID)), Title: atom.Text{Type: "text", Body: v.Title},
			Links:     []atom.Link{{Rel: "alternate", Type: "text/html", Href: site.URL(v.URL, "lang", string(l))}},
			Published: atom.Time(published), Updated: atom.Time(v.UpdatedAt.Time),
			Summary: &atom.Text{Type: "text", Body: summary}})
		if v.UpdatedAt.After(updated) {
			updated = v.UpdatedAt.Time
		}
	}
	f.Updated = atom.Time(updated)
	body, err := atom.Marshal(f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "application/atom+xml; charset=utf-8", body)
}

// SitemapPages lists the site's public petitions and their dossiers for
// /sitemap.xml.
func SitemapPages(ctx context.Context, q db.Querier, siteID int64, _ time.Time) ([]news.SitemapEntry, error) {
	out := []news.SitemapEntry{{Path: "/petitions"}}
	var after int64
	for {
		ps, err := List(ctx, q, siteID, Filter{After: after, Limit: 500, Oldest: true})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out = append(out, news.SitemapEntry{Path: "/petitions/" + itoa(p.ID), LastMod: p.UpdatedAt.Time},
				news.SitemapEntry{Path: "/petitions/" + itoa(p.ID) + "/dossier", LastMod: p.UpdatedAt.Time})
		}
		if len(ps) < 500 {
			return out, nil
		}
		after = ps[len(ps)-1].ID
	}
}
