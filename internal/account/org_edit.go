package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// orgFormPage is what the organisation form shows.
type orgFormPage struct {
	Org      *Organisation // the stored organisation; nil on the new form
	Fields   orgFields
	Form     *web.Form
	Kinds    []Kind
	Notice   string // message key of the change just made
	Conflict bool   // someone else saved the organisation since the form was opened
	Verify   bool   // verifying failed: the registration is incomplete
}

// Action is where the form posts.
func (p orgFormPage) Action() string {
	if p.Org == nil {
		return "/admin/organisations/new"
	}
	return "/admin/organisations/" + strconv.FormatInt(p.Org.ID, 10) + "/edit"
}

func (h *OrgAdmin) showForm(w http.ResponseWriter, r *http.Request, status int, p orgFormPage) {
	p.Fields, p.Kinds = newOrgFields(p.Form), Kinds
	h.render(w, r, status, "org_form", p)
}

func (h *OrgAdmin) newForm(w http.ResponseWriter, r *http.Request) {
	h.showForm(w, r, http.StatusOK, orgFormPage{Form: web.NewForm(nil)})
}

func (h *OrgAdmin) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	o := &Organisation{SiteID: site.ID}
	readOrgForm(f, o)
	for k, v := range o.Check(today(h.Now(), site.Location)) {
		f.Fail(k, v)
	}
	if !f.Valid() {
		h.showForm(w, r, http.StatusUnprocessableEntity, orgFormPage{Form: f})
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error { return CreateOrganisation(ctx, tx, auth.UserFrom(ctx), o) })
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	seeOther(w, r, "/admin/organisations/"+strconv.FormatInt(o.ID, 10)+"/edit", "created")
}

func (h *OrgAdmin) edit(w http.ResponseWriter, r *http.Request) {
	o, ok := h.load(w, r)
	if !ok {
		return
	}
	h.showForm(w, r, http.StatusOK, orgFormPage{Org: o, Form: orgValues(o), Notice: notices[r.URL.Query().Get("done")]})
}

// load reads the organisation named by the path, answering 404 itself.
func (h *OrgAdmin) load(w http.ResponseWriter, r *http.Request) (*Organisation, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	o, err := orgByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	return o, true
}

func (h *OrgAdmin) update(w http.ResponseWriter, r *http.Request) { h.save(w, r, false) }

// verify saves the form and verifies the organisation (action=verify) or
// withdraws its verification (action=withdraw): the form's verify button
// posts here with every field, so nothing typed is lost.
func (h *OrgAdmin) verify(w http.ResponseWriter, r *http.Request) { h.save(w, r, true) }

// save updates the organisation from the posted form, and its verification
// too when verifying (the form's "action" says which way). A stale form (the
// organisation changed since it was opened) is refused with 409 and the
// typed values kept; invalid values give 422 with a message per field.
func (h *OrgAdmin) save(w http.ResponseWriter, r *http.Request, verifying bool) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	stored, ok := h.load(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	verify := ""
	if verifying {
		verify = f.Get("action")
		if verify != "verify" && verify != "withdraw" {
			h.Errors.BadRequest(w, r, "error.bad_form")
			return
		}
	}
	o := *stored
	readOrgForm(f, &o)
	o.Verified = verify == "verify" || (verify == "" && stored.Verified)
	day := today(h.Now(), site.Location)
	for k, v := range o.Check(day) {
		f.Fail(k, v)
	}
	page := orgFormPage{Org: stored, Form: f}
	if o.Version != stored.Version {
		page.Conflict = true
		h.showForm(w, r, http.StatusConflict, page)
		return
	}
	if !f.Valid() {
		page.Verify = verify == "verify" && len(o.CheckVerifiable(day)) > 0
		h.showForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error { return UpdateOrganisation(ctx, tx, auth.UserFrom(ctx), &o) })
	switch {
	case errors.Is(err, ErrVersionConflict):
		page.Conflict = true
		h.showForm(w, r, http.StatusConflict, page)
		return
	case err != nil:
		h.Errors.Error(w, r, err)
		return
	}
	done := "saved"
	switch {
	case o.Verified && !stored.Verified:
		done = "verified"
	case !o.Verified && stored.Verified:
		done = "withdrawn"
	}
	seeOther(w, r, "/admin/organisations/"+strconv.FormatInt(o.ID, 10)+"/edit", done)
}
