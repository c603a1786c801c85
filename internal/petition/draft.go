package petition

import (
	"errors"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// NewPage is the form of a new petition.
type NewPage struct {
	Form   *web.Form
	Errors map[string]string
	Ref    LegalRef
	Limits map[string]int
	Fields []string // the text fields, in order
}

var draftLimits = map[string]int{"title": MaxTitleLen, "object": MaxTextLen, "reasons": MaxTextLen, "agenda_item": MaxAgendaLen}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	ctx := r.Context()
	s, err := LoadSettings(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	page := NewPage{Form: f, Errors: map[string]string{}, Ref: s.Level.Reference(), Limits: draftLimits, Fields: []string{"title", "object", "reasons", "agenda_item"}}
	for field, key := range f.Errors {
		page.Errors[field] = pr.T(key, f.ErrorArgs(field)...)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "petition_new", page)
}

// newPage: GET /petitions/new, for a signed-in person.
func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	h.newForm(w, r, http.StatusOK, web.NewForm(nil))
}

// create: POST /petitions/new stores a private draft whose agent is the
// signed-in person.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(ctx)
	p := &Petition{SiteID: web.SiteOf(ctx).ID, AgentID: u.ID, Title: f.Get("title"), Object: f.Get("object"), Reasons: f.Get("reasons"),
		AgendaItem: f.Get("agenda_item"), WithinPowers: f.Get("within_powers") == "1", RespectsConstants: f.Get("respects_constants") == "1"}
	for field, key := range CheckDraft(p) {
		f.Fail(field, key, "Max", draftLimits[field])
	}
	if f.Valid() && !h.byAddress.Allow("petition-draft|"+ratelimit.ClientIP(r), time.Now()) {
		f.Fail("form", "petition.error.rate_limited")
	}
	if !f.Valid() {
		h.newForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	s, err := LoadSettings(ctx, h.DB.R(), p.SiteID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p.Level = s.Level
	if err := h.DB.InTx(ctx, func(tx *db.Tx) error { return Create(ctx, tx, p, h.Now()) }); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/petitions/"+itoa(p.ID), http.StatusSeeOther)
}

// publish: POST /petitions/{id}/publish, by the agent: collection opens
// under the site's rule of the day.
func (h *Handler) publish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	if u := auth.UserFrom(ctx); u.ID != p.AgentID {
		h.Errors.Forbidden(w, r)
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		s, err := LoadSettings(ctx, tx, p.SiteID)
		if err != nil {
			return err
		}
		return Publish(ctx, tx, p, s, h.Now())
	})
	if errors.Is(err, ErrState) {
		http.Redirect(w, r, "/petitions/"+itoa(p.ID), http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/petitions/"+itoa(p.ID), http.StatusSeeOther)
}
