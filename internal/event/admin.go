package event

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Admin serves the administration of events at /admin/events, for editors
// and administrators. Every change is recorded in the public ledger. When
// an edit adds places, the waiting list gets them and is told by email.
type Admin struct {
	Public *Handler // for the emails to people given a place
	Files  *files.Store
}

// Routes registers the administration's routes.
func (a *Admin) Routes(mux *http.ServeMux) {
	errs := a.Public.Errors
	mux.HandleFunc("GET /admin/events", news.Staff(errs, a.list))
	mux.HandleFunc("GET /admin/events/new", news.Staff(errs, a.newEvent))
	mux.HandleFunc("POST /admin/events/new", news.Staff(errs, a.create))
	mux.HandleFunc("GET /admin/events/{id}/edit", news.Staff(errs, a.edit))
	mux.HandleFunc("POST /admin/events/{id}/edit", news.Staff(errs, a.update))
	mux.HandleFunc("GET /admin/events/{id}/registrations", news.Staff(errs, a.registrations))
}

// RegistrationsPage is what the organisers see of an event's registrations:
// names, addresses and states, on this administration page only.
type RegistrationsPage struct {
	Event         View
	Registrations []Registration
}

func (a *Admin) registrations(w http.ResponseWriter, r *http.Request) {
	e, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	regs, err := Registrations(r.Context(), a.Public.DB.R(), e.ID)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "eventadmin_registrations",
		RegistrationsPage{Event: a.Public.view(e, web.SiteOf(r.Context())), Registrations: regs})
}

// AdminList is what /admin/events shows.
type AdminList struct {
	Events []View
	Saved  bool
}

func (a *Admin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	events, err := List(ctx, a.Public.DB.R(), site.ID, Filter{Limit: 1000})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	page := AdminList{Saved: r.URL.Query().Get("saved") != ""}
	for i := len(events) - 1; i >= 0; i-- {
		page.Events = append(page.Events, a.Public.view(&events[i], site))
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "eventadmin_list", page)
}

// choices returns the site's organisations as options and their ids.
func (a *Admin) choices(ctx context.Context) ([]webform.Option, map[int64]bool, error) {
	return account.OrganisationChoices(ctx, a.Public.DB.R(), web.SiteOf(ctx).ID, web.Locale(ctx))
}

func (a *Admin) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, ups, err := news.ReadUpload(w, r, a.Files, "photos", "documents")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.choices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	e := readEvent(f, site.Location, known)
	e.SiteID = site.ID
	readFiles(f, ups, e)
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := recordFiles(ctx, tx, site.ID, ups); err != nil {
				return err
			}
			if err := Create(ctx, tx, e); err != nil {
				return err
			}
			return news.Record(ctx, tx, "create", "event", e.ID, "event "+e.Slug, nil, eventState(e))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/events?saved=1", http.StatusSeeOther)
			return
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.form(r, f, nil, ups)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusUnprocessableEntity, v)
}

func (a *Admin) edit(w http.ResponseWriter, r *http.Request) {
	e, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	v, err := a.form(r, web.NewForm(eventValues(e, web.SiteOf(r.Context()).Location)), e, nil)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version = e.Version
	a.render(w, r, http.StatusOK, v)
}

func (a *Admin) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	cur, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	f, ups, err := news.ReadUpload(w, r, a.Files, "photos", "documents")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.choices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	e := readEvent(f, site.Location, known)
	e.ID, e.SiteID = cur.ID, site.ID
	keep := map[string]bool{}
	for _, h := range f.Values["keep_file"] {
		keep[h] = true
	}
	for _, p := range cur.Photos {
		if keep[p.Hash] {
			e.Photos = append(e.Photos, p)
		}
	}
	for _, d := range cur.Documents {
		if keep[d.Hash] {
			e.Documents = append(e.Documents, d)
		}
	}
	readFiles(f, ups, e)
	status := http.StatusUnprocessableEntity
	stale := false
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := recordFiles(ctx, tx, site.ID, ups); err != nil {
				return err
			}
			before, err := ByID(ctx, tx, site.ID, e.ID)
			if err != nil {
				return err
			}
			if err := Update(ctx, tx, e, version); err != nil {
				return err
			}
			after, err := ByID(ctx, tx, site.ID, e.ID)
			if err != nil {
				return err
			}
			if err := news.Record(ctx, tx, "update", "event", e.ID, "event "+e.Slug, eventState(before), eventState(after)); err != nil {
				return err
			}
			// More places (or none any more): the waiting list moves up.
			promoted, err := promote(ctx, tx, after)
			if err != nil {
				return err
			}
			return a.Public.mailPromoted(ctx, tx, r, after, promoted)
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/events?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.form(r, f, cur, ups)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version, v.Stale = version, stale
	a.render(w, r, status, v)
}

// eventState is what the public ledger records of an event (never a
// registration: they are private).
func eventState(e *Event) map[string]any {
	ids := func(os []OrgRef) []int64 {
		out := make([]int64, len(os))
		for i, o := range os {
			out[i] = o.ID
		}
		return out
	}
	hashes := func(fs []File) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = f.Hash
		}
		return out
	}
	ts := func(t db.Timestamp) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format(time.RFC3339)
	}
	return map[string]any{"slug": e.Slug, "kind": e.Kind, "title": e.Title, "description": e.Description,
		"starts_at": ts(e.StartsAt), "ends_at": ts(e.EndsAt), "timezone": e.Timezone, "online_url": e.OnlineURL,
		"place": e.Place, "agenda": e.Agenda, "minutes": e.Minutes, "registration": e.Registration, "capacity": e.Capacity,
		"registration_deadline": ts(e.Deadline), "organiser_ids": ids(e.Organisers), "partner_ids": ids(e.Partners),
		"speakers": e.Speakers, "photos": hashes(e.Photos), "documents": hashes(e.Documents)}
}
