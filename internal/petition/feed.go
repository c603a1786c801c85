package petition

import (
	"context"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Atom 1.0 (RFC 4287), the little of it the feed needs.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Summary   atomText   `xml:"summary"`
}

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
	f := atomFeed{Lang: string(l), ID: self + "#" + string(l), Title: name + " — " + pr.T("petition.title"),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: site.URL("/feeds/petitions.atom", "lang", string(l))},
			{Rel: "alternate", Type: "text/html", Href: site.URL("/petitions", "lang", string(l))}},
		Author: atomPerson{Name: name}}
	updated := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a stable <updated>
	for _, v := range views {
		published := v.CreatedAt.Time
		if !v.OpensAt.IsZero() {
			published = v.OpensAt.Time
		}
		summary := pr.T("petition.state."+string(v.State)) + " — " + pr.N("petition.signatures", v.Progress.Total) + " / " +
			pr.N("petition.signatures", v.Progress.Required)
		f.Entries = append(f.Entries, atomEntry{ID: site.URL("/api/v1/petitions/" + itoa(v.ID)), Title: atomText{Type: "text", Body: v.Title},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: site.URL(v.URL, "lang", string(l))}},
			Published: published.UTC().Format(time.RFC3339), Updated: v.UpdatedAt.UTC().Format(time.RFC3339),
			Summary: atomText{Type: "text", Body: summary}})
		if v.UpdatedAt.After(updated) {
			updated = v.UpdatedAt.Time
		}
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	body, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), body...))
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
