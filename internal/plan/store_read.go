package plan

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
)

const planColumns = `id, site_id, slug, title, summary, period_start, period_end, status, updated_at, version`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	err := row.Scan(&p.ID, &p.SiteID, &p.Slug, &p.Title, &p.Summary, &p.PeriodStart, &p.PeriodEnd, &p.Status, &p.UpdatedAt, &p.Version)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &p, nil
}

// Plans lists the site's plans, newest period first, after the cursor id
// (0 for the first page), at most limit of them.
func Plans(ctx context.Context, q db.Querier, siteID, after int64, limit int) ([]Plan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planColumns+` FROM plans
		WHERE site_id = ? AND id > ? ORDER BY id LIMIT ?`, siteID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// PlanBySlug returns a plan with its co-creation timeline, or db.ErrNotFound.
func PlanBySlug(ctx context.Context, q db.Querier, siteID int64, slug string) (*Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE site_id = ? AND slug = ?`, siteID, slug))
	if err != nil {
		return nil, err
	}
	return p, loadStages(ctx, q, p)
}

// PlanByID returns a plan with its co-creation timeline, or db.ErrNotFound.
func PlanByID(ctx context.Context, q db.Querier, siteID, id int64) (*Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return nil, err
	}
	return p, loadStages(ctx, q, p)
}

func loadStages(ctx context.Context, q db.Querier, p *Plan) error {
	rows, err := q.QueryContext(ctx, `SELECT title, starts_on, ends_on FROM plan_stages WHERE plan_id = ? ORDER BY position`, p.ID)
	if err != nil {
		return fmt.Errorf("plan stages: %w", err)
	}
	defer rows.Close()
	p.Stages = nil
	for rows.Next() {
		var s Stage
		if err := rows.Scan(&s.Title, &s.StartsOn, &s.EndsOn); err != nil {
			return err
		}
		p.Stages = append(p.Stages, s)
	}
	return rows.Err()
}

// The commitment list joins the lead organisation so a plan page is one query
// for the commitments and one for all their partners.
const commitmentSelect = `SELECT c.id, c.plan_id, c.ref, c.position, c.title, c.problem, c.cause, c.status_quo,
	c.objective, c.expected_results, c.solution, c.ogp_values, c.themes, c.contact_name, c.contact_role,
	c.start_date, c.end_date, c.status, c.progress, c.updated_at, c.version,
	o.id, o.slug, o.name, o.acronym
	FROM commitments c LEFT JOIN organisations o ON o.id = c.lead_org_id`

func scanCommitment(row interface{ Scan(...any) error }) (*Commitment, error) {
	var c Commitment
	var values, themes string
	var leadID sql.NullInt64
	var leadSlug, leadAcronym sql.NullString
	var lead OrgRef
	err := row.Scan(&c.ID, &c.PlanID, &c.Ref, &c.Position, &c.Title, &c.Problem, &c.Cause, &c.StatusQuo,
		&c.Objective, &c.ExpectedResults, &c.Solution, &values, &themes, &c.ContactName, &c.ContactRole,
		&c.StartDate, &c.EndDate, &c.Status, &c.Progress, &c.UpdatedAt, &c.Version,
		&leadID, &leadSlug, &lead.Name, &leadAcronym)
	if err != nil {
		return nil, db.NotFound(err)
	}
	for _, v := range splitList(values) {
		c.Values = append(c.Values, Value(v))
	}
	c.Themes = splitList(themes)
	if leadID.Valid {
		lead.ID, lead.Slug, lead.Acronym = leadID.Int64, leadSlug.String, leadAcronym.String
		c.Lead = &lead
	}
	return &c, nil
}

// Commitments lists a plan's commitments in order, with lead agency and partners.
func Commitments(ctx context.Context, q db.Querier, siteID, planID int64) ([]Commitment, error) {
	rows, err := q.QueryContext(ctx, commitmentSelect+` WHERE c.site_id = ? AND c.plan_id = ? ORDER BY c.position, c.id`, siteID, planID)
	if err != nil {
		return nil, fmt.Errorf("list commitments: %w", err)
	}
	out, err := collectCommitments(rows)
	if err != nil {
		return nil, err
	}
	return out, loadPartners(ctx, q, out)
}

// CommitmentsPage lists the site's commitments of every plan by id, after the
// cursor id, at most limit of them; the API pages through it.
func CommitmentsPage(ctx context.Context, q db.Querier, siteID, after int64, limit int) ([]Commitment, error) {
	rows, err := q.QueryContext(ctx, commitmentSelect+` WHERE c.site_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`, siteID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list commitments: %w", err)
	}
	out, err := collectCommitments(rows)
	if err != nil {
		return nil, err
	}
	return out, loadPartners(ctx, q, out)
}

// CommitmentsOfOrganisation lists the commitments an organisation leads or
// supports, across the site's plans.
func CommitmentsOfOrganisation(ctx context.Context, q db.Querier, siteID, orgID int64) ([]Commitment, error) {
	rows, err := q.QueryContext(ctx, commitmentSelect+` WHERE c.site_id = ? AND (c.lead_org_id = ?
		OR c.id IN (SELECT commitment_id FROM commitment_partners WHERE organisation_id = ?)
		OR c.id IN (SELECT commitment_id FROM milestones WHERE responsible_org_id = ?))
		ORDER BY c.plan_id, c.position, c.id`, siteID, orgID, orgID, orgID)
	if err != nil {
		return nil, fmt.Errorf("organisation commitments: %w", err)
	}
	out, err := collectCommitments(rows)
	if err != nil {
		return nil, err
	}
	return out, loadPartners(ctx, q, out)
}

func collectCommitments(rows *sql.Rows) ([]Commitment, error) {
	defer rows.Close()
	var out []Commitment
	for rows.Next() {
		c, err := scanCommitment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

func loadPartners(ctx context.Context, q db.Querier, cs []Commitment) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]any, len(cs))
	index := make(map[int64]int, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		index[c.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT p.commitment_id, p.sector, o.id, o.slug, o.name, o.acronym
		FROM commitment_partners p JOIN organisations o ON o.id = p.organisation_id
		WHERE p.commitment_id IN (`+db.Placeholders(len(ids))+`) ORDER BY p.commitment_id, o.id`, ids...)
	if err != nil {
		return fmt.Errorf("partners: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var p Partner
		if err := rows.Scan(&cid, &p.Sector, &p.ID, &p.Slug, &p.Name, &p.Acronym); err != nil {
			return err
		}
		cs[index[cid]].Partners = append(cs[index[cid]].Partners, p)
	}
	return rows.Err()
}

// CommitmentByID returns one commitment with everything its page shows:
// partners, milestones, progress timeline with evidence, and assessments.
func CommitmentByID(ctx context.Context, q db.Querier, siteID, id int64) (*Commitment, error) {
	c, err := scanCommitment(q.QueryRowContext(ctx, commitmentSelect+` WHERE c.site_id = ? AND c.id = ?`, siteID, id))
	if err != nil {
		return nil, err
	}
	one := []Commitment{*c}
	if err := loadPartners(ctx, q, one); err != nil {
		return nil, err
	}
	c = &one[0]
	if c.Milestones, err = Milestones(ctx, q, c.ID); err != nil {
		return nil, err
	}
	if c.Updates, err = UpdatesOfCommitment(ctx, q, c.ID); err != nil {
		return nil, err
	}
	if c.Assessments, err = AssessmentsOf(ctx, q, c.PlanID, &c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// Milestones lists a commitment's milestones in order.
func Milestones(ctx context.Context, q db.Querier, commitmentID int64) ([]Milestone, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.commitment_id, m.position, m.title, m.deliverable, m.start_date,
		m.end_date, m.status, m.progress, m.weight, m.version, o.id, o.slug, o.name, o.acronym
		FROM milestones m LEFT JOIN organisations o ON o.id = m.responsible_org_id
		WHERE m.commitment_id = ? ORDER BY m.position`, commitmentID)
	if err != nil {
		return nil, fmt.Errorf("milestones: %w", err)
	}
	defer rows.Close()
	var out []Milestone
	for rows.Next() {
		var m Milestone
		var oid sql.NullInt64
		var oslug, oacr sql.NullString
		var ref OrgRef
		if err := rows.Scan(&m.ID, &m.CommitmentID, &m.Position, &m.Title, &m.Deliverable, &m.StartDate,
			&m.EndDate, &m.Status, &m.Progress, &m.Weight, &m.Version, &oid, &oslug, &ref.Name, &oacr); err != nil {
			return nil, err
		}
		if oid.Valid {
			ref.ID, ref.Slug, ref.Acronym = oid.Int64, oslug.String, oacr.String
			m.Responsible = &ref
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdatesOfCommitment lists a commitment's progress timeline, newest first,
// each with its evidence.
func UpdatesOfCommitment(ctx context.Context, q db.Querier, commitmentID int64) ([]Update, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, commitment_id, milestone_id, occurred_on, body, status, progress, author
		FROM progress_updates WHERE commitment_id = ? ORDER BY occurred_on DESC, id DESC`, commitmentID)
	if err != nil {
		return nil, fmt.Errorf("updates: %w", err)
	}
	ups, err := collectUpdates(rows)
	if err != nil {
		return nil, err
	}
	return ups, loadEvidence(ctx, q, ups)
}

// LatestUpdates lists the site's most recent progress updates, without
// their evidence (Evidence stays empty): the home page, which lists them,
// shows none.
func LatestUpdates(ctx context.Context, q db.Querier, siteID int64, limit int) ([]Update, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, commitment_id, milestone_id, occurred_on, body, status, progress, author
		FROM progress_updates WHERE site_id = ? ORDER BY occurred_on DESC, id DESC LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, fmt.Errorf("latest updates: %w", err)
	}
	return collectUpdates(rows)
}

func collectUpdates(rows *sql.Rows) ([]Update, error) {
	defer rows.Close()
	var out []Update
	for rows.Next() {
		var u Update
		var mid sql.NullInt64
		if err := rows.Scan(&u.ID, &u.CommitmentID, &mid, &u.OccurredOn, &u.Body, &u.Status, &u.Progress, &u.Author); err != nil {
			return nil, err
		}
		if mid.Valid {
			u.MilestoneID = &mid.Int64
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func loadEvidence(ctx context.Context, q db.Querier, ups []Update) error {
	if len(ups) == 0 {
		return nil
	}
	ids := make([]any, len(ups))
	index := make(map[int64]int, len(ups))
	for i, u := range ups {
		ids[i] = u.ID
		index[u.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT update_id, title, url, kind FROM evidence
		WHERE update_id IN (`+db.Placeholders(len(ids))+`) ORDER BY id`, ids...)
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var e Evidence
		if err := rows.Scan(&uid, &e.Title, &e.URL, &e.Kind); err != nil {
			return err
		}
		ups[index[uid]].Evidence = append(ups[index[uid]].Evidence, e)
	}
	return rows.Err()
}

// AssessmentsOf lists a plan's assessments; with commitmentID, only that
// commitment's (plan-wide assessments included when commitmentID is nil).
func AssessmentsOf(ctx context.Context, q db.Querier, planID int64, commitmentID *int64) ([]Assessment, error) {
	query := `SELECT id, plan_id, commitment_id, kind, assessor, assessed_on, verifiable, relevant_values,
		potential, completion, opened_government, early_results, summary, evidence_url
		FROM assessments WHERE plan_id = ?`
	args := []any{planID}
	if commitmentID != nil {
		query += ` AND commitment_id = ?`
		args = append(args, *commitmentID)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY assessed_on, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("assessments: %w", err)
	}
	defer rows.Close()
	var out []Assessment
	for rows.Next() {
		var a Assessment
		var cid sql.NullInt64
		var verifiable sql.NullBool
		var values string
		if err := rows.Scan(&a.ID, &a.PlanID, &cid, &a.Kind, &a.Assessor, &a.AssessedOn, &verifiable, &values,
			&a.Potential, &a.Completion, &a.OpenedGovernment, &a.EarlyResults, &a.Summary, &a.EvidenceURL); err != nil {
			return nil, err
		}
		if cid.Valid {
			a.CommitmentID = &cid.Int64
		}
		if verifiable.Valid {
			a.Verifiable = &verifiable.Bool
		}
		for _, v := range splitList(values) {
			a.RelevantValues = append(a.RelevantValues, Value(v))
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func joinList[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}
