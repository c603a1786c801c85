package plan

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the action-plan pages, their API and CSV exports.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
	// Threads shows comments on commitments and milestones; none when unset.
	Threads Threads
}

// Routes registers every route of the feature.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /plans", h.plans)
	mux.HandleFunc("GET /plans/{slug}", h.plan)
	mux.HandleFunc("GET /commitments/{id}", h.commitment)
	mux.HandleFunc("GET /organisations", h.organisations)
	mux.HandleFunc("GET /organisations/{id}", h.organisation)
}

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	site := web.SiteOf(r.Context())
	plans, err := Plans(r.Context(), h.DB.R(), site.ID, 0, 100)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	type row struct {
		Plan     Plan
		Count    int
		Progress int
	}
	rows := make([]row, 0, len(plans))
	for _, p := range plans {
		cs, err := CommitmentCards(r.Context(), h.DB.R(), site.ID, p.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		rows = append(rows, row{Plan: p, Count: len(cs), Progress: OverallProgress(cs)})
	}
	h.render(w, r, "plans", rows)
}

// PlanPage is what the plan page shows.
type PlanPage struct {
	Plan        *Plan
	All         []Commitment
	Shown       []Commitment
	Filter      Filter
	Segments    []Segment
	Progress    int
	Themes      []string
	Leads       []OrgRef
	Values      []Value
	Statuses    []Status
	Assessments []Assessment
}

func (h *Handler) plan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	p, err := PlanBySlug(ctx, h.DB.R(), site.ID, r.PathValue("slug"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page, err := h.planPage(ctx, site.ID, p, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, "plan", page)
}

func (h *Handler) planPage(ctx context.Context, siteID int64, p *Plan, r *http.Request) (*PlanPage, error) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	all, err := CommitmentCards(ctx, h.DB.R(), siteID, p.ID)
	if err != nil {
		return nil, err
	}
	themes, leads := Options(all)
	if err := f.Check(themes, leads); err != nil {
		return nil, err
	}
	planWide, err := AssessmentsOf(ctx, h.DB.R(), p.ID, nil)
	if err != nil {
		return nil, err
	}
	var onlyPlan []Assessment
	for _, a := range planWide {
		if a.CommitmentID == nil {
			onlyPlan = append(onlyPlan, a)
		}
	}
	return &PlanPage{
		Plan: p, All: all, Shown: f.Apply(all), Filter: f, Segments: Segments(all),
		Progress: OverallProgress(all), Themes: themes, Leads: leads, Values: Values, Statuses: Statuses,
		Assessments: onlyPlan,
	}, nil
}

// CommitmentPage is what a commitment page shows.
type CommitmentPage struct {
	C          *Commitment
	Plan       *Plan
	Milestones []MilestoneView
	Thread     any // the comment thread, for the "comment_thread" partial; nil without comments
	Follow     notify.Button
}

// MilestoneView is a milestone with its recorded status and whether it is
// past its end date today.
type MilestoneView struct {
	Milestone
	Shown      Status
	Overdue    bool
	Comments   int  // comments on the milestone
	CommentsOn bool // the milestone links to its comments
}

func (h *Handler) commitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	c, err := CommitmentByID(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p, err := PlanByID(ctx, h.DB.R(), site.ID, c.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	today := h.Now().In(site.Location)
	views := make([]MilestoneView, len(c.Milestones))
	for i, m := range c.Milestones {
		views[i] = MilestoneView{Milestone: m, Shown: MilestoneStatus(m, time.Time{}), Overdue: Overdue(m, today)}
	}
	page := CommitmentPage{C: c, Plan: p, Milestones: views}
	if err := h.commentsOf(r, &page); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if page.Follow, err = notify.ButtonFor(ctx, h.DB.R(), notify.Target{Kind: FollowKind, ID: c.ID}, r.URL.Path); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, "commitment", page)
}

// OrganisationPage is what an organisation page shows.
type OrganisationPage struct {
	Org         *account.Organisation
	Leads       []Commitment
	Supports    []Commitment
	Responsible []Commitment
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	org, err := account.OrganisationByID(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cs, err := CommitmentsOfOrganisation(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := OrganisationPage{Org: org}
	for _, c := range cs {
		switch {
		case c.Lead != nil && c.Lead.ID == id:
			page.Leads = append(page.Leads, c)
		case hasPartner(c, id):
			page.Supports = append(page.Supports, c)
		default:
			page.Responsible = append(page.Responsible, c)
		}
	}
	h.render(w, r, "organisation", page)
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) {
	site := web.SiteOf(r.Context())
	orgs, err := account.Organisations(r.Context(), h.DB.R(), site.ID, 0, 500)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, "organisations", orgs)
}

func hasPartner(c Commitment, orgID int64) bool {
	for _, p := range c.Partners {
		if p.ID == orgID {
			return true
		}
	}
	return false
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	section := "plans"
	if page == "organisation" || page == "organisations" {
		section = "organisations"
	}
	if err := h.Pages.Page(w, r, http.StatusOK, page, section, data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// pathID reads a positive integer {id} from the path.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
