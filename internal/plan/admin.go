package plan

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Admin serves the administration of plans: the dashboard at /admin, plans,
// commitments, milestones, progress updates with their evidence, and
// assessments. Administrators manage everything; an editor manages the
// commitments their organisations lead (all but who leads them) with their
// milestones, progress updates and self-assessments, and creates no plan or
// commitment. Progress updates and assessments are only ever added: there is
// no route to edit or delete one.
type Admin struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Files  *files.Store
	Now    func() time.Time
}

// Routes registers the administration's routes.
func (h *Admin) Routes(mux *http.ServeMux) {
	// The dashboard is the administration's home for every official.
	mux.HandleFunc("GET /admin", auth.Require(auth.Editor, h.Errors, h.dashboard))

	mux.HandleFunc("GET /admin/plans", h.staff(h.plans))
	mux.HandleFunc("GET /admin/plans/new", h.admin(h.newPlan))
	mux.HandleFunc("POST /admin/plans/new", h.admin(h.createPlan))
	mux.HandleFunc("GET /admin/plans/{id}", h.staff(h.planPage))
	mux.HandleFunc("GET /admin/plans/{id}/edit", h.admin(h.editPlan))
	mux.HandleFunc("POST /admin/plans/{id}/edit", h.admin(h.updatePlan))
	mux.HandleFunc("GET /admin/plans/{id}/commitments/new", h.admin(h.newCommitment))
	mux.HandleFunc("POST /admin/plans/{id}/commitments/new", h.admin(h.createCommitment))
	mux.HandleFunc("GET /admin/plans/{id}/assessments/new", h.admin(h.newPlanAssessment))
	mux.HandleFunc("POST /admin/plans/{id}/assessments/new", h.admin(h.createPlanAssessment))

	mux.HandleFunc("GET /admin/commitments/{id}", h.staff(h.commitmentPage))
	mux.HandleFunc("GET /admin/commitments/{id}/edit", h.staff(h.editCommitment))
	mux.HandleFunc("POST /admin/commitments/{id}/edit", h.staff(h.updateCommitment))
	mux.HandleFunc("GET /admin/commitments/{id}/milestones/new", h.staff(h.newMilestone))
	mux.HandleFunc("POST /admin/commitments/{id}/milestones/new", h.staff(h.createMilestone))
	mux.HandleFunc("GET /admin/commitments/{id}/updates/new", h.staff(h.newUpdate))
	mux.HandleFunc("POST /admin/commitments/{id}/updates/new", h.staff(h.createUpdate))
	mux.HandleFunc("GET /admin/commitments/{id}/assessments/new", h.staff(h.newAssessment))
	mux.HandleFunc("POST /admin/commitments/{id}/assessments/new", h.staff(h.createAssessment))
	mux.HandleFunc("GET /admin/milestones/{id}/edit", h.staff(h.editMilestone))
	mux.HandleFunc("POST /admin/milestones/{id}/edit", h.staff(h.updateMilestone))
}

// staff lets administrators and editors through: an anonymous visitor is
// sent to sign in, anyone else gets 403.
func (h *Admin) staff(next http.HandlerFunc) http.HandlerFunc {
	return auth.Require(auth.Editor, h.Errors, func(w http.ResponseWriter, r *http.Request) {
		if !CanAdministerPlans(auth.UserFrom(r.Context())) {
			h.Errors.Forbidden(w, r)
			return
		}
		next(w, r)
	})
}

// admin lets administrators only through.
func (h *Admin) admin(next http.HandlerFunc) http.HandlerFunc {
	return auth.Require(auth.Admin, h.Errors, next)
}

// commitment loads the {id} commitment of the site and checks that the user
// may manage it, answering 404 or 403 itself when not (ok is false then).
func (h *Admin) commitment(w http.ResponseWriter, r *http.Request) (*Commitment, bool) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	c, err := CommitmentByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	if !CanManageCommitment(auth.UserFrom(r.Context()), c) {
		h.Errors.Forbidden(w, r)
		return nil, false
	}
	return c, true
}

// plan loads the {id} plan of the site.
func (h *Admin) plan(w http.ResponseWriter, r *http.Request) (*Plan, bool) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	p, err := PlanByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	return p, true
}

// organisations returns the site's organisations as choices, and the set of
// their ids to check posted values against.
func (h *Admin) organisations(ctx context.Context) ([]webform.Option, map[int64]bool, error) {
	return account.OrganisationChoices(ctx, h.DB.R(), web.SiteOf(ctx).ID, web.Locale(ctx))
}

func (h *Admin) printer(r *http.Request) *i18n.Printer {
	return h.Errors.Catalog.Printer(web.Locale(r.Context()))
}

func (h *Admin) builder(r *http.Request, f *web.Form) *webform.Builder {
	return kit.Builder(h.printer(r), f)
}

// page renders an administration page. Nothing here may be kept by a cache:
// it is one person's view, often with what they have just typed.
func (h *Admin) page(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, name, "admin", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// form renders a form page; a form sent back for correction (status 422 or
// 409) lists its mistakes above the fields.
func (h *Admin) form(w http.ResponseWriter, r *http.Request, status int, v *webform.FormView) {
	kit.Summarize(v, h.printer(r))
	h.page(w, r, status, "adminplan_form", v)
}

// saved sends the browser to url after a successful change (303, so that a
// reload does not post again), with a notice to show.
func saved(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url+"?saved=1", http.StatusSeeOther)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
