package inforeq

import (
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/atom"
	"github.com/infitah/infitah/internal/platform/web"
)

// feedSize is how many requests the feed carries.
const feedSize = 50

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
	f := atom.Feed{Lang: string(l), ID: site.URL("/feeds/information-requests.atom") + "#" + string(l),
		Title: atom.Text{Body: name + " — " + p.T("inforeq.title")}, Author: atom.Person{Name: name},
		Links: []atom.Link{{Rel: "self", Type: "application/atom+xml", Href: site.URL("/feeds/information-requests.atom", "lang", string(l))},
			{Rel: "alternate", Type: "text/html", Href: site.URL("/information-requests", "lang", string(l))}}}
	updated := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a stable <updated>
	for _, req := range reqs {
		state := p.T("inforeq.state." + string(req.State))
		if req.Overdue {
			state += " — " + p.T("inforeq.overdue")
		}
		e := atom.Entry{ID: site.URL("/api/v1/information-requests/" + itoa(req.ID)), Title: atom.Text{Body: req.Number + " — " + req.Subject},
			Links:      []atom.Link{{Rel: "alternate", Type: "text/html", Href: site.URL("/information-requests/"+itoa(req.ID), "lang", string(l))}},
			Updated:    atom.Time(req.UpdatedAt.Time),
			Categories: []atom.Category{{Term: string(req.State), Label: state}},
			Summary:    &atom.Text{Body: req.BodyName.In(l) + " — " + state + "\n\n" + req.Body}}
		if req.UpdatedAt.After(updated) {
			updated = req.UpdatedAt.Time
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atom.Time(updated)
	body, err := atom.Marshal(f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "application/atom+xml; charset=utf-8", body)
}
