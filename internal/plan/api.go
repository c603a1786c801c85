package plan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// API serves the read-only JSON API of the action plans, their commitments
// and the organisations behind them (under /api/v1, documented in
// internal/server/openapi.json), and the plans' CSV exports (csv.go).
// Every query is scoped by the request's site. Lists are cursor-paginated
// ({"data": [...], "next": cursor|null}); single resources are {"data": {...}}.
// Errors are RFC 9457 problem documents answered by Errors.
type API struct {
	DB     *db.DB
	Errors *web.Errors
}

// Routes registers the API and the CSV exports. Every /api/v1 pattern here
// must be described in the OpenAPI document; a test in internal/server
// checks it.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/plans", a.plans)
	mux.HandleFunc("GET /api/v1/plans/{id}", a.plan)
	mux.HandleFunc("GET /api/v1/commitments", a.commitments)
	mux.HandleFunc("GET /api/v1/commitments/{id}", a.commitment)
	mux.HandleFunc("GET /api/v1/organisations", a.organisations)
	mux.HandleFunc("GET /api/v1/organisations/{id}", a.organisation)
	mux.HandleFunc("GET /plans/{slug}/commitments.csv", a.commitmentsCSV)
	mux.HandleFunc("GET /plans/{slug}/milestones.csv", a.milestonesCSV)
}

// PlanDetail is a plan as GET /api/v1/plans/{id} shows it: the plan with its
// co-creation timeline, its overall progress, a summary of each commitment
// and the assessments of the plan as a whole.
type PlanDetail struct {
	*Plan
	Progress    int                 `json:"progress"`
	Commitments []CommitmentSummary `json:"commitments"`
	Assessments []Assessment        `json:"assessments"`
}

// CommitmentSummary is the short form of a commitment inside a plan.
type CommitmentSummary struct {
	ID        int64     `json:"id"`
	Ref       string    `json:"ref"`
	Position  int       `json:"position"`
	Title     i18n.Text `json:"title"`
	Status    Status    `json:"status"`
	Progress  int       `json:"progress"`
	Lead      *OrgRef   `json:"lead_agency"`
	Values    []Value   `json:"ogp_values"`
	Themes    []string  `json:"themes"`
	StartDate db.Date   `json:"start_date"`
	EndDate   db.Date   `json:"end_date"`
}

// CommitmentDetail is a commitment as GET /api/v1/commitments/{id} shows it.
// Its lists are always present, empty rather than missing.
type CommitmentDetail struct {
	*Commitment
	Milestones  []Milestone  `json:"milestones"`
	Updates     []Update     `json:"updates"`
	Assessments []Assessment `json:"assessments"`
}

// OrganisationDetail is an organisation as GET /api/v1/organisations/{id}
// shows it: its public profile and the commitments it leads, supports as a
// partner, or is responsible for a milestone of.
type OrganisationDetail struct {
	*account.Organisation
	Leads       []CommitmentRef `json:"leads"`
	Supports    []CommitmentRef `json:"supports"`
	Responsible []CommitmentRef `json:"responsible_for_milestones"`
}

// CommitmentRef points at a commitment from elsewhere.
type CommitmentRef struct {
	ID     int64     `json:"id"`
	PlanID int64     `json:"plan_id"`
	Ref    string    `json:"ref"`
	Title  i18n.Text `json:"title"`
}

func (a *API) plans(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	ps, err := Plans(ctx, a.DB.R(), web.SiteOf(ctx).ID, after, limit)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if err := loadStagesOf(ctx, a.DB.R(), ps); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var last int64
	for i := range ps {
		ps[i].Stages = nonNil(ps[i].Stages)
		last = ps[i].ID
	}
	a.send(w, r, web.List{Data: nonNil(ps), Next: web.NextCursor(len(ps), limit, last)})
}

func (a *API) plan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	id, ok := pathID(r)
	if !ok {
		a.Errors.NotFound(w, r)
		return
	}
	p, err := PlanByID(ctx, a.DB.R(), siteID, id)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	cs, err := Commitments(ctx, a.DB.R(), siteID, p.ID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	all, err := AssessmentsOf(ctx, a.DB.R(), p.ID, nil)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	p.Stages = nonNil(p.Stages)
	d := PlanDetail{Plan: p, Progress: OverallProgress(cs),
		Commitments: make([]CommitmentSummary, 0, len(cs)), Assessments: []Assessment{}}
	for _, c := range cs {
		d.Commitments = append(d.Commitments, CommitmentSummary{
			ID: c.ID, Ref: c.Ref, Position: c.Position, Title: c.Title, Status: c.Status, Progress: c.Progress,
			Lead: c.Lead, Values: nonNil(c.Values), Themes: nonNil(c.Themes), StartDate: c.StartDate, EndDate: c.EndDate,
		})
	}
	for _, x := range all {
		if x.CommitmentID == nil { // plan-wide only; a commitment's own are on its page
			d.Assessments = append(d.Assessments, tidyAssessment(x))
		}
	}
	a.send(w, r, web.One{Data: d})
}

func (a *API) commitments(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	after, limit, err := web.PageParams(r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var cs []Commitment
	if s, ok := r.URL.Query()["plan"]; ok {
		planID, err := a.planFilter(ctx, siteID, s)
		if err != nil {
			a.Errors.Error(w, r, err)
			return
		}
		cs, err = commitmentsPageOfPlan(ctx, a.DB.R(), siteID, planID, after, limit)
		if err != nil {
			a.Errors.Error(w, r, err)
			return
		}
	} else if cs, err = CommitmentsPage(ctx, a.DB.R(), siteID, after, limit); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var last int64
	for i := range cs {
		tidyCommitment(&cs[i])
		last = cs[i].ID
	}
	a.send(w, r, web.List{Data: nonNil(cs), Next: web.NextCursor(len(cs), limit, last)})
}

// planFilter reads ?plan=: the id of one of the site's plans. Anything else,
// a plan of another site included, is bad input.
func (a *API) planFilter(ctx context.Context, siteID int64, values []string) (int64, error) {
	bad := web.Invalid("error.invalid_filter", "Name", "plan")
	if len(values) != 1 {
		return 0, bad
	}
	id, err := strconv.ParseInt(values[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, bad
	}
	if _, err := PlanByID(ctx, a.DB.R(), siteID, id); err != nil {
		if errors.Is(err, db.ErrNotFound) {
			return 0, bad
		}
		return 0, err
	}
	return id, nil
}

func (a *API) commitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		a.Errors.NotFound(w, r)
		return
	}
	c, err := CommitmentByID(ctx, a.DB.R(), web.SiteOf(ctx).ID, id)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	tidyCommitment(c)
	d := CommitmentDetail{Commitment: c, Milestones: nonNil(c.Milestones), Updates: nonNil(c.Updates),
		Assessments: make([]Assessment, 0, len(c.Assessments))}
	for i := range d.Updates {
		d.Updates[i].Evidence = nonNil(d.Updates[i].Evidence)
	}
	for _, x := range c.Assessments {
		d.Assessments = append(d.Assessments, tidyAssessment(x))
	}
	a.send(w, r, web.One{Data: d})
}

func (a *API) organisations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	orgs, err := account.Organisations(ctx, a.DB.R(), web.SiteOf(ctx).ID, after, limit)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var last int64
	if len(orgs) > 0 {
		last = orgs[len(orgs)-1].ID
	}
	a.send(w, r, web.List{Data: nonNil(orgs), Next: web.NextCursor(len(orgs), limit, last)})
}

func (a *API) organisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	id, ok := pathID(r)
	if !ok {
		a.Errors.NotFound(w, r)
		return
	}
	org, err := account.OrganisationByID(ctx, a.DB.R(), siteID, id)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	cs, err := CommitmentsOfOrganisation(ctx, a.DB.R(), siteID, id)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	d := OrganisationDetail{Organisation: org, Leads: []CommitmentRef{}, Supports: []CommitmentRef{},
		Responsible: []CommitmentRef{}}
	for _, c := range cs {
		ref := CommitmentRef{ID: c.ID, PlanID: c.PlanID, Ref: c.Ref, Title: c.Title}
		// The same split as the organisation page: lead first, then partner,
		// else responsible for one of its milestones.
		switch {
		case c.Lead != nil && c.Lead.ID == id:
			d.Leads = append(d.Leads, ref)
		case hasPartner(c, id):
			d.Supports = append(d.Supports, ref)
		default:
			d.Responsible = append(d.Responsible, ref)
		}
	}
	a.send(w, r, web.One{Data: d})
}

func (a *API) send(w http.ResponseWriter, r *http.Request, v any) {
	if err := web.JSON(w, r, http.StatusOK, v); err != nil {
		a.Errors.Error(w, r, err)
	}
}

// commitmentsPageOfPlan is CommitmentsPage narrowed to one plan: by id,
// after the cursor id, at most limit.
func commitmentsPageOfPlan(ctx context.Context, q db.Querier, siteID, planID, after int64, limit int) ([]Commitment, error) {
	rows, err := q.QueryContext(ctx, commitmentSelect+` WHERE c.site_id = ? AND c.plan_id = ? AND c.id > ?
		ORDER BY c.id LIMIT ?`, siteID, planID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list commitments: %w", err)
	}
	out, err := collectCommitments(rows)
	if err != nil {
		return nil, err
	}
	return out, loadPartners(ctx, q, out)
}

// loadStagesOf fills the co-creation timelines of a page of plans in one query.
func loadStagesOf(ctx context.Context, q db.Querier, ps []Plan) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]any, len(ps))
	index := make(map[int64]int, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
		index[p.ID] = i
		ps[i].Stages = nil
	}
	rows, err := q.QueryContext(ctx, `SELECT plan_id, title, starts_on, ends_on FROM plan_stages
		WHERE plan_id IN (`+db.Placeholders(len(ids))+`) ORDER BY plan_id, position`, ids...)
	if err != nil {
		return fmt.Errorf("plan stages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var s Stage
		if err := rows.Scan(&pid, &s.Title, &s.StartsOn, &s.EndsOn); err != nil {
			return err
		}
		ps[index[pid]].Stages = append(ps[index[pid]].Stages, s)
	}
	return rows.Err()
}

// tidyCommitment turns the commitment's nil lists into empty ones, so that
// API clients always receive arrays.
func tidyCommitment(c *Commitment) {
	c.Values, c.Themes, c.Partners = nonNil(c.Values), nonNil(c.Themes), nonNil(c.Partners)
}

func tidyAssessment(x Assessment) Assessment {
	x.RelevantValues = nonNil(x.RelevantValues)
	return x
}

// nonNil returns s, or an empty slice when s is nil (JSON [] rather than null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
