package petition

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Admin serves the bureau's screens: filing, the reasoned decision on
// admissibility, the agenda and the council's deliberation. Each step is a
// ledger entry. Editors and administrators record them.
type Admin struct{ *Handler }

// MaxDecisionLen bounds the decision's reasons and the deliberation.
const MaxDecisionLen = 10_000

// Routes registers the administration routes.
func (a Admin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/petitions", auth.Require(auth.Editor, a.Errors, a.list))
	mux.HandleFunc("GET /admin/petitions/{id}", auth.Require(auth.Editor, a.Errors, a.page))
	mux.HandleFunc("GET /admin/petitions/settings", auth.Require(auth.Admin, a.Errors, a.settings))
	mux.HandleFunc("POST /admin/petitions/settings", auth.Require(auth.Admin, a.Errors, a.saveSettings))
	mux.HandleFunc("POST /admin/petitions/{id}/{step}", auth.Require(auth.Editor, a.Errors, a.step))
	mux.HandleFunc("POST /admin/petitions/{id}/paper", auth.Require(auth.Editor, a.Errors, a.paper))
	mux.HandleFunc("POST /admin/petitions/{id}/export", auth.Require(auth.Admin, a.Errors, a.export))
	mux.HandleFunc("GET /admin/petitions/{id}/signatures", auth.Require(auth.Moderator, a.Errors, a.fraud))
	mux.HandleFunc("POST /admin/petitions/{id}/invalidate", auth.Require(auth.Moderator, a.Errors, a.invalidate))
}

// AdminList is what /admin/petitions shows.
type AdminList struct{ Petitions []View }

func (a Admin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ps, err := List(ctx, a.DB.R(), web.SiteOf(ctx).ID, Filter{Limit: 500})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	views, _, err := a.views(ctx, ps)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	if err := a.Pages.Page(w, r, http.StatusOK, "petition_admin_list", "admin", AdminList{Petitions: views}); err != nil {
		a.Errors.Error(w, r, err)
	}
}

// AdminPage is one petition's screen: the form of its next step.
type AdminPage struct {
	View
	Form   *web.Form
	Errors map[string]string
	// After a bulk entry of paper signatures: how many were added, and
	// how many skipped as already signed.
	Added, Skipped int
	Entered        bool
	CanExport      bool // administrators: the verifier's export
}

func (a Admin) page(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadPublic(w, r)
	if ok {
		a.show(w, r, http.StatusOK, p, web.NewForm(nil))
	}
}

func (a Admin) loadPublic(w http.ResponseWriter, r *http.Request) (*Petition, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.Errors.NotFound(w, r)
		return nil, false
	}
	p, err := ByID(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err == nil && !p.State.Public() {
		err = db.ErrNotFound // a draft is its agent's alone
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return nil, false
	}
	return p, true
}

func (a Admin) show(w http.ResponseWriter, r *http.Request, status int, p *Petition, f *web.Form) {
	ctx := r.Context()
	views, _, err := a.views(ctx, []Petition{*p})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	pr := a.Errors.Catalog.Printer(web.Locale(ctx))
	page := AdminPage{View: views[0], Form: f, Errors: map[string]string{}, CanExport: auth.UserFrom(ctx).AtLeast(auth.Admin)}
	if q := r.URL.Query(); r.Method == http.MethodGet && q.Has("added") {
		page.Added, _ = strconv.Atoi(q.Get("added"))
		page.Skipped, _ = strconv.Atoi(q.Get("skipped"))
		page.Entered = true
	}
	for field, key := range f.Errors {
		page.Errors[field] = pr.T(key, f.ErrorArgs(field)...)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	if err := a.Pages.Page(w, r, status, "petition_admin_page", "admin", page); err != nil {
		a.Errors.Error(w, r, err)
	}
}

// text reads a required text field of at most max characters.
func text(f *web.Form, field string, max int) string {
	v := f.Get(field)
	switch {
	case v == "":
		f.Fail(field, "form.required")
	case utf8.RuneCountInString(v) > max:
		f.Fail(field, "petition.error.too_long", "Max", max)
	}
	return v
}

// step: POST /admin/petitions/{id}/{file,judge,schedule,deliberate}.
func (a Admin) step(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := a.loadPublic(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	now := a.Now()
	before := map[string]any{"state": p.State}
	var apply func(tx *db.Tx) error
	switch r.PathValue("step") {
	case "file":
		receipt := text(f, "receipt_number", MaxReceiptLen)
		apply = func(tx *db.Tx) error { return File(ctx, tx, p, receipt, now) }
	case "judge":
		outcome := f.Get("outcome")
		if outcome != string(Admissible) && outcome != string(Inadmissible) {
			f.Fail("outcome", "petition.error.outcome")
		}
		reason := text(f, "decision", MaxDecisionLen)
		apply = func(tx *db.Tx) error { return Judge(ctx, tx, p, outcome == string(Admissible), reason, now) }
	case "schedule":
		day, err := db.ParseDate(f.Get("session_date"))
		if err != nil {
			f.Fail("session_date", "petition.error.date")
		}
		committee := text(f, "committee", MaxTitleLen)
		apply = func(tx *db.Tx) error { return Schedule(ctx, tx, p, day, committee, now) }
	case "deliberate":
		text := text(f, "deliberation", MaxDecisionLen)
		apply = func(tx *db.Tx) error { return Deliberate(ctx, tx, p, text, now) }
	default:
		a.Errors.NotFound(w, r)
		return
	}
	if !f.Valid() {
		a.show(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	u := auth.UserFrom(ctx)
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := apply(tx); err != nil {
			return err
		}
		if err := a.tellProgress(ctx, tx, p); err != nil {
			return err
		}
		after := map[string]any{"state": p.State, "receipt_number": p.ReceiptNumber, "decision": p.Decision,
			"session_date": p.SessionDate.String(), "committee": p.Committee, "deliberation": p.Deliberation}
		return audit.Record(ctx, tx, p.SiteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate,
			Entity: "petition", EntityID: p.ID, Summary: "Petition " + itoa(p.ID) + ": " + string(p.State), Before: before, After: after})
	})
	if errors.Is(err, ErrState) {
		f.Fail("form", "petition.error.state")
		a.show(w, r, http.StatusConflict, p, f)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/petitions/"+itoa(p.ID), http.StatusSeeOther)
}
