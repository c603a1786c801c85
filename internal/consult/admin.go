package consult

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// The administration of consultations. Administrators create consultations
// and manage all of them; an editor manages (edits, opens, closes, answers)
// the consultations on a commitment one of their organisations leads.
// Moderators and citizens get 403; visitors are sent to sign in. Every change
// is recorded in the public ledger.

func (h *Handler) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/consultations", h.staff(h.adminList))
	mux.HandleFunc("GET /admin/consultations/new", h.adminOnly(h.newConsultation))
	mux.HandleFunc("POST /admin/consultations/new", h.adminOnly(h.createConsultation))
	mux.HandleFunc("GET /admin/consultations/{id}", h.staff(h.adminConsultation))
	mux.HandleFunc("GET /admin/consultations/{id}/edit", h.staff(h.editConsultation))
	mux.HandleFunc("POST /admin/consultations/{id}/edit", h.staff(h.updateConsultation))
	mux.HandleFunc("POST /admin/consultations/{id}/publish", h.staff(h.publish))
	mux.HandleFunc("POST /admin/consultations/{id}/close", h.staff(h.closeConsultation))
	mux.HandleFunc("GET /admin/proposals/{id}/response", h.staff(h.responseForm))
	mux.HandleFunc("POST /admin/proposals/{id}/response", h.staff(h.respond))
}

// staff lets administrators and editors through.
func (h *Handler) staff(next http.HandlerFunc) http.HandlerFunc {
	return auth.Require(auth.Editor, h.Errors, func(w http.ResponseWriter, r *http.Request) {
		if u := auth.UserFrom(r.Context()); u.Role != auth.Admin && u.Role != auth.Editor {
			h.Errors.Forbidden(w, r)
			return
		}
		next(w, r)
	})
}

func (h *Handler) adminOnly(next http.HandlerFunc) http.HandlerFunc {
	return auth.Require(auth.Admin, h.Errors, next)
}

// managed loads the {id} consultation and checks the user may manage it.
func (h *Handler) managed(w http.ResponseWriter, r *http.Request) (*Consultation, bool) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	c, err := ConsultationByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	if !CanManage(auth.UserFrom(r.Context()), c) {
		h.Errors.Forbidden(w, r)
		return nil, false
	}
	return c, true
}

func (h *Handler) adminPage(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, name, "admin", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// record writes a change to the public ledger as the signed-in official.
func record(ctx context.Context, tx *db.Tx, c audit.Change) error {
	if u := auth.UserFrom(ctx); u != nil {
		c.ActorID, c.ActorName = u.ID, u.Name
	}
	return audit.Record(ctx, tx, web.SiteOf(ctx).ID, c)
}

func consultationState(c *Consultation) map[string]any {
	docs := make([]map[string]any, len(c.Documents))
	for i, d := range c.Documents {
		docs[i] = map[string]any{"title": d.Title, "url": d.URL, "file": d.FileHash}
	}
	return map[string]any{"plan_id": c.PlanID, "commitment_id": c.CommitmentID, "title": c.Title,
		"description": c.Description, "accepts": c.Kinds, "opens_at": c.OpensAt, "closes_at": c.ClosesAt, "documents": docs}
}

// AdminListPage is what /admin/consultations shows.
type AdminListPage struct {
	Rows     []ConsultationView
	CanAdd   bool
	Saved    bool
	Timezone string
}

func (h *Handler) adminList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	u := auth.UserFrom(ctx)
	cs, err := Consultations(ctx, h.DB.R(), site.ID, true, 0, 1000, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := AdminListPage{CanAdd: u.Role == auth.Admin}
	for i := len(cs) - 1; i >= 0; i-- {
		if CanManage(u, &cs[i]) {
			page.Rows = append(page.Rows, view(&cs[i], site.Location))
		}
	}
	h.adminPage(w, r, http.StatusOK, "consult_admin_list", page)
}

// AdminConsultationPage is the administration's view of one consultation.
type AdminConsultationPage struct {
	C         ConsultationView
	Proposals []ProposalView
	Figures   Figures
	Saved     bool
	Alert     string
	CanClose  bool
}

func (h *Handler) adminConsultationPage(w http.ResponseWriter, r *http.Request, c *Consultation, status int, alert string) {
	ps, err := AllProposalsOf(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, c.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := AdminConsultationPage{C: view(c, web.SiteOf(r.Context()).Location), Figures: Count(publicOnly(ps)),
		Saved: r.URL.Query().Get("saved") == "1", Alert: alert, CanClose: CanClose(c.Phase, c.UnansweredLeft) == nil}
	for _, p := range ps {
		page.Proposals = append(page.Proposals, proposalView(p))
	}
	h.adminPage(w, r, status, "consult_admin_consultation", page)
}

func (h *Handler) adminConsultation(w http.ResponseWriter, r *http.Request) {
	c, ok := h.managed(w, r)
	if !ok {
		return
	}
	h.adminConsultationPage(w, r, c, http.StatusOK, "")
}

func (h *Handler) publish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := h.managed(w, r)
	if !ok {
		return
	}
	if _, err := web.ParseForm(w, r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if c.Phase != Draft {
		h.adminConsultationPage(w, r, c, http.StatusConflict, h.printer(r).T("consult.error.already_published"))
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := SetPublished(ctx, tx, c.SiteID, c.ID, h.now()); err != nil {
			return err
		}
		return record(ctx, tx, audit.Change{Action: audit.ActionUpdate, Entity: "consultation", EntityID: c.ID,
			CommitmentID: c.CommitmentID, Summary: fmt.Sprintf("Consultation %d published", c.ID),
			Before: map[string]any{"status": Draft}, After: map[string]any{"status": "published"}})
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/consultations/%d?saved=1", c.ID), http.StatusSeeOther)
}

func (h *Handler) closeConsultation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := h.managed(w, r)
	if !ok {
		return
	}
	if _, err := web.ParseForm(w, r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		// Read again in the transaction: a proposal may have come in since.
		cur, err := ConsultationByID(ctx, tx, c.SiteID, c.ID, h.now())
		if err != nil {
			return err
		}
		if err := CanClose(cur.Phase, cur.UnansweredLeft); err != nil {
			return err
		}
		if err := SetClosed(ctx, tx, c.SiteID, c.ID, h.now()); err != nil {
			return err
		}
		return record(ctx, tx, audit.Change{Action: audit.ActionUpdate, Entity: "consultation", EntityID: c.ID,
			CommitmentID: c.CommitmentID, Summary: fmt.Sprintf("Consultation %d closed", c.ID),
			Before: map[string]any{"status": cur.Phase}, After: map[string]any{"status": Closed}})
	})
	var re *RuleError
	switch {
	case errors.As(err, &re):
		msg := h.printer(r).T(re.Key)
		if re == ErrUnanswered {
			msg = h.printer(r).N("consult.error.unanswered", c.UnansweredLeft)
		}
		h.adminConsultationPage(w, r, c, http.StatusConflict, msg)
	case err != nil:
		h.Errors.Error(w, r, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/admin/consultations/%d?saved=1", c.ID), http.StatusSeeOther)
	}
}
