package inforeq

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// HandlePage is the person in charge's screen for one request: the request,
// the requester's identity (which only they see) and a form per action the
// state allows.
type HandlePage struct {
	*Request
	Identity   Identity
	Events     []Event
	Actions    []Action
	Grounds    []Ground
	Exceptions []Exception
	Bodies     []Body
	Input      *web.Form
	Errors     map[string]string
	CanExtend  bool
}

// actionsIn lists what the person in charge may do in state s.
func actionsIn(s State) []Action {
	switch s {
	case Received:
		return []Action{ActAnswer, ActPartial, ActPublished, ActNotHeld, ActTransfer, ActRefuse, ActAsk, ActExtend}
	case Clarification:
		return []Action{ActClarify, ActAnswer, ActPartial, ActPublished, ActNotHeld, ActTransfer, ActRefuse}
	}
	return nil
}

// authorize answers for a person who may not handle the request and
// reports whether the handler goes on.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request, req *Request) bool {
	u := auth.UserFrom(r.Context())
	if u == nil {
		http.Redirect(w, r, "/login?next="+r.URL.Path, http.StatusSeeOther)
		return false
	}
	body, err := h.bodyOf(r.Context(), req.SiteID, req.OrganisationID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return false
	}
	if !mayHandle(u, body) {
		h.Errors.Forbidden(w, r)
		return false
	}
	return true
}

func (h *Handler) handleForm(w http.ResponseWriter, r *http.Request) {
	req, ok := h.load(w, r)
	if !ok || !h.authorize(w, r, req) {
		return
	}
	h.handlePage(w, r, http.StatusOK, req, web.NewForm(nil))
}

func (h *Handler) handlePage(w http.ResponseWriter, r *http.Request, status int, req *Request, f *web.Form) {
	ctx := r.Context()
	page := HandlePage{Request: req, Actions: actionsIn(req.State), Grounds: Grounds, Exceptions: Exceptions, Input: f,
		Errors: map[string]string{}}
	var err error
	if page.Identity, err = IdentityOf(ctx, h.DB.R(), req.ID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if page.Events, err = Events(ctx, h.DB.R(), req.ID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if page.Bodies, err = Bodies(ctx, h.DB.R(), req.SiteID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cal, err := CalendarOf(ctx, h.DB.R(), req.SiteID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.CanExtend = req.State == Received && cal.CanExtend(clockOf(req, page.Events), h.today(r)) == nil
	p := h.Errors.Catalog.Printer(web.Locale(ctx))
	for field, key := range f.Errors {
		page.Errors[field] = p.T(key, f.ErrorArgs(field)...)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "inforeq_handle", page)
}

// decisionOf reads the person in charge's form.
func decisionOf(f *web.Form) Decision {
	d := Decision{Action: Action(f.Get("action")), Reason: f.Get("reason"), Answer: f.Get("answer"),
		Ground: Ground(f.Get("ground")), Exception: Exception(f.Get("exception")), Costs: f.Get("costs")}
	for _, l := range strings.Split(f.Values.Get("links"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			d.Links = append(d.Links, l)
		}
	}
	d.Transfer, _ = strconv.ParseInt(f.Get("transfer"), 10, 64)
	if d.Action != ActRefuse {
		d.Ground, d.Exception = "", ""
	} else if d.Ground != GroundException {
		d.Exception = ""
	}
	return d
}

// act: POST /information-requests/{id}/handle.
func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	req, ok := h.load(w, r)
	if !ok || !h.authorize(w, r, req) {
		return
	}
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	d := decisionOf(f)
	if d.Action == ActTransfer && d.Transfer > 0 {
		bodies, err := Bodies(ctx, h.DB.R(), req.SiteID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		known := false
		for _, b := range bodies {
			known = known || b.OrganisationID == d.Transfer && b.OrganisationID != req.OrganisationID
		}
		if !known {
			f.Fail("transfer", "inforeq.error.transfer")
			h.handlePage(w, r, http.StatusUnprocessableEntity, req, f)
			return
		}
	}
	u := auth.UserFrom(ctx)
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := Act(ctx, tx, req, d, u.ID, h.Now(), web.SiteOf(ctx).Location)
		if err != nil {
			return err
		}
		id, err := IdentityOf(ctx, tx, req.ID)
		if err != nil {
			return err
		}
		return h.notify(ctx, tx, r, req, id.Email, string(d.Action), e)
	})
	if err != nil {
		if field, key := FieldOf(err); key != "inforeq.error.not_allowed" || err == ErrNotAllowed {
			f.Fail(field, key, "Max", MaxReasonLen)
			h.handlePage(w, r, http.StatusUnprocessableEntity, req, f)
			return
		}
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/information-requests/"+itoa(req.ID), http.StatusSeeOther)
}
