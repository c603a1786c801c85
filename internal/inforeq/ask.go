package inforeq

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// AskPage is the request form.
type AskPage struct {
	Form     *web.Form
	Errors   map[string]string // field -> message
	Bodies   []Body
	Forms    []Form
	SignedIn bool
	Identity []FieldView // name, identity number, address, email
	Subject  FieldView
}

// FieldView is one text input of the form.
type FieldView struct {
	Name, Label, Hint, Type, Auto, Dir string
	Value, Error                       string
}

// Describedby lists the ids that describe the input.
func (v FieldView) Describedby() string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, "q-"+v.Name+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, "q-"+v.Name+"-error")
	}
	return strings.Join(ids, " ")
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := web.NewForm(nil)
	if b := r.URL.Query().Get("body"); b != "" {
		f.Values.Set("body", b)
	}
	f.Values.Set("form", string(FormElectronic))
	u := auth.UserFrom(ctx)
	if u != nil {
		// A signed-in person asks without typing their details again: those
		// of their last request, else their account's name and email.
		id, err := lastIdentity(ctx, h.DB.R(), web.SiteOf(ctx).ID, u.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		if id.Name == "" {
			id.Name, id.Email = u.Name, u.Email
		}
		f.Values.Set("name", id.Name)
		f.Values.Set("id_number", id.IDNumber)
		f.Values.Set("address", id.Address)
		f.Values.Set("email", id.Email)
	}
	h.askPage(w, r, http.StatusOK, f)
}

func (h *Handler) askPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	ctx := r.Context()
	bodies, err := Bodies(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := h.Errors.Catalog.Printer(web.Locale(ctx))
	page := AskPage{Form: f, Errors: map[string]string{}, Bodies: bodies, Forms: Forms, SignedIn: auth.UserFrom(ctx) != nil}
	for field, key := range f.Errors {
		page.Errors[field] = p.T(key, f.ErrorArgs(field)...)
	}
	field := func(name, auto, dir, typ, hint string) FieldView {
		return FieldView{Name: name, Label: "inforeq." + name, Hint: hint, Type: typ, Auto: auto, Dir: dir,
			Value: f.Values.Get(name), Error: page.Errors[name]}
	}
	page.Identity = []FieldView{field("name", "name", "", "text", ""), field("id_number", "off", "ltr", "text", "inforeq.id_number_hint"),
		field("address", "street-address", "", "text", ""), field("email", "email", "ltr", "email", "inforeq.email_hint")}
	page.Subject = field("subject", "off", "", "text", "")
	// The form holds personal data: never kept by a cache.
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "inforeq_new", page)
}

// inputOf reads the request form.
func inputOf(f *web.Form) Input {
	body, _ := strconv.ParseInt(f.Get("body"), 10, 64)
	return Input{
		Identity: Identity{Name: f.Get("name"), IDNumber: strings.ToUpper(strings.ReplaceAll(f.Get("id_number"), " ", "")),
			Address: f.Get("address"), Email: strings.ToLower(f.Get("email"))},
		ShowName: f.Get("show_name") == "1", BodyID: body, Subject: f.Get("subject"), Body: f.Get("information"),
		Form: Form(f.Get("form")), Urgent: f.Get("urgent") == "1", UrgencyReason: f.Get("urgency_reason"),
	}
}

// submit: POST /information-requests/new.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	bodies, err := Bodies(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	in := inputOf(f)
	for field, key := range in.Validate(func(id int64) bool {
		for _, b := range bodies {
			if b.OrganisationID == id {
				return true
			}
		}
		return false
	}) {
		f.Fail(field, key, "Max", maxOf(field))
	}
	if f.Valid() && !h.limit.Allow("inforeq|"+ratelimit.ClientIP(r), time.Now()) {
		f.Fail("submit", "inforeq.error.rate_limited")
	}
	if !f.Valid() {
		h.askPage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	req := &Request{SiteID: site.ID, OrganisationID: in.BodyID, Locale: string(web.Locale(ctx)), Subject: in.Subject,
		Body: in.Body, Form: in.Form, Urgent: in.Urgent, UrgencyReason: in.UrgencyReason}
	if !in.Urgent {
		req.UrgencyReason = ""
	}
	if in.ShowName {
		req.PublicName = in.Name
	}
	if u := auth.UserFrom(ctx); u != nil {
		req.UserID = u.ID
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := Submit(ctx, tx, req, in.Identity, h.Now(), site.Location); err != nil {
			return err
		}
		return h.notify(ctx, tx, r, req, in.Identity.Email, "receive", nil)
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/information-requests/"+itoa(req.ID)+"/receipt", http.StatusSeeOther)
}

// maxOf is the bound named in a field's "too long" message.
func maxOf(field string) int {
	switch field {
	case "name":
		return MaxNameLen
	case "id_number":
		return MaxIDNumberLen
	case "address":
		return MaxAddressLen
	case "email":
		return MaxEmailLen
	case "subject":
		return MaxSubjectLen
	case "information":
		return MaxBodyLen
	case "urgency_reason":
		return MaxUrgencyLen
	}
	return 0
}

// lastIdentity is the identity a user gave on their last request, or a
// zero Identity.
func lastIdentity(ctx context.Context, q db.Querier, siteID, userID int64) (Identity, error) {
	var id Identity
	err := q.QueryRowContext(ctx, `SELECT i.name, i.id_number, i.address, i.email FROM info_request_identities i
		JOIN info_requests r ON r.id = i.request_id WHERE r.site_id = ? AND r.user_id = ? ORDER BY r.id DESC LIMIT 1`,
		siteID, userID).Scan(&id.Name, &id.IDNumber, &id.Address, &id.Email)
	if err != nil && db.NotFound(err) == db.ErrNotFound {
		return Identity{}, nil
	}
	return id, err
}
