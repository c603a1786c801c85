package plan

import (
	"net/http"
	"slices"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/web"
)

// The administration's read-only pages: the dashboard, the plans, a plan's
// commitments and a commitment's milestones, updates and assessments, each
// with the actions the signed-in person may take.

type statusCount struct {
	Status Status
	Count  int
}

type adminPlanRow struct {
	Plan     Plan
	Count    int
	ByStatus []statusCount
	Progress int
}

// plansWithCounts lists the site's plans with their commitments counted by status.
func (h *Admin) plansWithCounts(r *http.Request) ([]adminPlanRow, error) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	plans, err := Plans(ctx, h.DB.R(), site.ID, 0, 1000)
	if err != nil {
		return nil, err
	}
	out := make([]adminPlanRow, 0, len(plans))
	for _, p := range plans {
		cs, err := Commitments(ctx, h.DB.R(), site.ID, p.ID)
		if err != nil {
			return nil, err
		}
		counts := CountByStatus(cs)
		row := adminPlanRow{Plan: p, Count: len(cs), Progress: OverallProgress(cs)}
		for _, s := range Statuses {
			if counts[s] > 0 {
				row.ByStatus = append(row.ByStatus, statusCount{s, counts[s]})
			}
		}
		out = append(out, row)
	}
	return out, nil
}

type dashboardView struct {
	Plans    []adminPlanRow
	Stale    []staleRow
	Overdue  []overdueRow
	IsAdmin  bool
	OwnOnly  bool // an editor sees the commitments of their organisations
	Months   int
	Unmanned bool // an editor who belongs to no organisation yet
}

type staleRow struct {
	commitmentActivity
	Manage bool
}

type overdueRow struct {
	openMilestone
	Manage bool
}

func (h *Admin) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	u := auth.UserFrom(ctx)
	plans, err := h.plansWithCounts(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	activity, err := adminActivity(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	open, err := adminOpenMilestones(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := dashboardView{Plans: plans, IsAdmin: u.Role == auth.Admin, OwnOnly: u.Role == auth.Editor,
		Months: StaleAfterMonths, Unmanned: u.Role == auth.Editor && len(u.OrgIDs) == 0}
	// Officials other than editors (moderators) see the whole picture
	// read-only; editors see their organisations' commitments.
	shown := func(lead int64) bool { return !v.OwnOnly || (lead != 0 && u.MemberOf(lead)) }
	manage := func(lead int64) bool {
		return u.Role == auth.Admin || (u.Role == auth.Editor && lead != 0 && u.MemberOf(lead))
	}
	today := h.Now().In(site.Location)
	for _, a := range activity {
		if shown(a.LeadID) && NeedsUpdate(a.Status, a.StartDate, a.LastUpdate, today) {
			v.Stale = append(v.Stale, staleRow{a, manage(a.LeadID)})
		}
	}
	for _, m := range open {
		if shown(m.LeadID) && Overdue(m.Milestone, today) {
			v.Overdue = append(v.Overdue, overdueRow{m, manage(m.LeadID)})
		}
	}
	h.page(w, r, http.StatusOK, "adminplan_dashboard", v)
}

func (h *Admin) plans(w http.ResponseWriter, r *http.Request) {
	plans, err := h.plansWithCounts(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(r.Context())
	h.page(w, r, http.StatusOK, "adminplan_plans", struct {
		Plans   []adminPlanRow
		IsAdmin bool
		Saved   bool
	}{plans, u.Role == auth.Admin, r.URL.Query().Has("saved")})
}

type adminCommitmentRow struct {
	Commitment
	Manage bool
}

func (h *Admin) planPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	cs, err := Commitments(ctx, h.DB.R(), web.SiteOf(ctx).ID, p.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	as, err := AssessmentsOf(ctx, h.DB.R(), p.ID, nil)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	as = slices.DeleteFunc(as, func(a Assessment) bool { return a.CommitmentID != nil })
	u := auth.UserFrom(ctx)
	rows := make([]adminCommitmentRow, len(cs))
	for i, c := range cs {
		rows[i] = adminCommitmentRow{c, CanManageCommitment(u, &cs[i])}
	}
	h.page(w, r, http.StatusOK, "adminplan_plan", struct {
		Plan        *Plan
		Commitments []adminCommitmentRow
		Assessments []Assessment
		IsAdmin     bool
		Saved       bool
	}{p, rows, as, u.Role == auth.Admin, r.URL.Query().Has("saved")})
}

func (h *Admin) commitmentPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	p, err := PlanByID(ctx, h.DB.R(), web.SiteOf(ctx).ID, c.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	today := h.Now().In(web.SiteOf(ctx).Location)
	views := make([]MilestoneView, len(c.Milestones))
	for i, m := range c.Milestones {
		views[i] = MilestoneView{Milestone: m, Shown: MilestoneStatus(m, time.Time{}), Overdue: Overdue(m, today)}
	}
	h.page(w, r, http.StatusOK, "adminplan_commitment", struct {
		C          *Commitment
		Plan       *Plan
		Milestones []MilestoneView
		IsAdmin    bool
		Saved      bool
	}{c, p, views, auth.UserFrom(ctx).Role == auth.Admin, r.URL.Query().Has("saved")})
}

// Never reports whether the commitment has had no progress update at all.
func (a commitmentActivity) Never() bool { return a.LastUpdate.IsZero() }
