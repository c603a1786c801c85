package inforeq

import (
	"encoding/xml"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// feedSize is how many requests the feed carries.
const feedSize = 50

// Atom 1.0 (RFC 4287).
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

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	ID       string         `xml:"id"`
	Title    string         `xml:"title"`
	Link     atomLink       `xml:"link"`
	Updated  string         `xml:"updated"`
	Category []atomCategory `xml:"category"`
	Summary  string         `xml:"summary"`
}

// feed: GET /feeds/information-requests.atom, the latest requests and where
// each stands. Like the register, it names no requester who did not choose
// to be named and never shows a hidden request.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	l := web.Locale(ctx)
	p := h.Errors.Catalog.Printer(l)
	reqs, err := List(ctx, h.DB.R(), site.ID, Filter{Limit: feedSize})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	MarkOverdue(reqs, h.today(r))
	name := site.Name.In(l)
	if name == "" {
		name = p.T("site.name")
	}
	f := atomFeed{Lang: string(l), ID: site.URL("/feeds/information-requests.atom") + "#" + string(l),
		Title: name + " — " + p.T("inforeq.title"), Author: atomPerson{Name: name},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: site.URL("/feeds/information-requests.atom", "lang", string(l))},
			{Rel: "alternate", Type: "text/html", Href: site.URL("/information-requests", "lang", string(l))}}}
	updated := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a stable <updated>
	for _, req := range reqs {
		state := p.T("inforeq.state." + string(req.State))
		if req.Overdue {
			state += " — " + p.T("inforeq.overdue")
		}
		e := atomEntry{ID: site.URL("/api/v1/information-requests/" + itoa(req.ID)), Title: req.Number + " — " + req.Subject,
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: site.URL("/information-requests/"+itoa(req.ID), "lang", string(l))},
			Updated:  req.UpdatedAt.UTC().Format(time.RFC3339),
			Category: []atomCategory{{Term: string(req.State), Label: state}},
			Summary:  req.BodyName.In(l) + " — " + state + "\n\n" + req.Body}
		if req.UpdatedAt.After(updated) {
			updated = req.UpdatedAt.Time
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	body, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), body...))
}
