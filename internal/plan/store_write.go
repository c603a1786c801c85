package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// ErrInvalid wraps every validation failure of the write functions.
var ErrInvalid = errors.New("invalid")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// UpsertPlan creates the plan or updates the one with the same slug, and
// replaces its co-creation timeline; it sets p.ID.
func UpsertPlan(ctx context.Context, tx *db.Tx, p *Plan) error {
	switch {
	case strings.TrimSpace(p.Slug) == "":
		return invalid("plan slug is required")
	case p.Title.In(i18n.Default) == "":
		return invalid("plan %s: title is required", p.Slug)
	case p.PeriodEnd < p.PeriodStart:
		return invalid("plan %s: period ends before it starts", p.Slug)
	}
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO plans (site_id, slug, title, summary, period_start, period_end, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id, slug) DO UPDATE SET title = excluded.title, summary = excluded.summary,
			period_start = excluded.period_start, period_end = excluded.period_end, status = excluded.status,
			updated_at = excluded.updated_at
		RETURNING id`,
		p.SiteID, p.Slug, p.Title, p.Summary, p.PeriodStart, p.PeriodEnd, p.Status, now, now).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("upsert plan %s: %w", p.Slug, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_stages WHERE plan_id = ?`, p.ID); err != nil {
		return fmt.Errorf("plan stages: %w", err)
	}
	for i, s := range p.Stages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_stages (plan_id, position, title, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)`,
			p.ID, i+1, s.Title, s.StartsOn, s.EndsOn); err != nil {
			return fmt.Errorf("plan stages: %w", err)
		}
	}
	p.UpdatedAt = now
	return indexPlan(ctx, tx, p)
}

// UpsertCommitment creates the commitment or updates the one with the same
// reference in the plan, and replaces its partners; it sets c.ID. The lead
// agency and partners must be organisations of the site.
func UpsertCommitment(ctx context.Context, tx *db.Tx, siteID int64, c *Commitment) error {
	switch {
	case strings.TrimSpace(c.Ref) == "":
		return invalid("commitment reference is required")
	case c.Title.In(i18n.Default) == "":
		return invalid("commitment %s: title is required", c.Ref)
	case !c.StartDate.IsZero() && !c.EndDate.IsZero() && c.EndDate.Before(c.StartDate.Time):
		return invalid("commitment %s: ends before it starts", c.Ref)
	}
	for _, v := range c.Values {
		if !v.Valid() {
			return invalid("commitment %s: unknown OGP value %q", c.Ref, v)
		}
	}
	for _, th := range c.Themes {
		if !slices.Contains(Themes, th) {
			return invalid("commitment %s: unknown theme %q", c.Ref, th)
		}
	}
	if c.Status == "" {
		c.Status = NotStarted
	}
	if !c.Status.Valid() {
		return invalid("commitment %s: unknown status %q", c.Ref, c.Status)
	}
	var lead any
	if c.Lead != nil {
		lead = c.Lead.ID
	}
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO commitments (site_id, plan_id, ref, position, title, problem, cause, status_quo, objective,
			expected_results, solution, ogp_values, themes, lead_org_id, contact_name, contact_role,
			start_date, end_date, status, progress, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, ref) DO UPDATE SET position = excluded.position, title = excluded.title,
			problem = excluded.problem, cause = excluded.cause, status_quo = excluded.status_quo,
			objective = excluded.objective, expected_results = excluded.expected_results,
			solution = excluded.solution, ogp_values = excluded.ogp_values, themes = excluded.themes,
			lead_org_id = excluded.lead_org_id, contact_name = excluded.contact_name,
			contact_role = excluded.contact_role, start_date = excluded.start_date,
			end_date = excluded.end_date, updated_at = excluded.updated_at
		RETURNING id`,
		siteID, c.PlanID, c.Ref, c.Position, c.Title, c.Problem, c.Cause, c.StatusQuo, c.Objective,
		c.ExpectedResults, c.Solution, joinList(c.Values), strings.Join(c.Themes, ","), lead, c.ContactName,
		c.ContactRole, c.StartDate, c.EndDate, c.Status, c.Progress, now, now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("upsert commitment %s: %w", c.Ref, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM commitment_partners WHERE commitment_id = ?`, c.ID); err != nil {
		return fmt.Errorf("partners: %w", err)
	}
	for _, p := range c.Partners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO commitment_partners (commitment_id, organisation_id, sector) VALUES (?, ?, ?)`,
			c.ID, p.ID, p.Sector); err != nil {
			return fmt.Errorf("partner %d: %w", p.ID, err)
		}
	}
	c.UpdatedAt = now
	return indexCommitment(ctx, tx, c.ID)
}

// UpsertMilestone creates the milestone or updates the one at the same
// position of the commitment, then rolls the commitment's progress up.
func UpsertMilestone(ctx context.Context, tx *db.Tx, m *Milestone) error {
	switch {
	case m.Title.In(i18n.Default) == "":
		return invalid("milestone title is required")
	case m.Progress < 0 || m.Progress > 100:
		return invalid("milestone progress %d is outside 0–100", m.Progress)
	case !m.StartDate.IsZero() && !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate.Time):
		return invalid("milestone ends before it starts")
	}
	if m.Status == "" {
		m.Status = NotStarted
	}
	if !m.Status.Valid() {
		return invalid("unknown milestone status %q", m.Status)
	}
	m.Weight = max(m.Weight, 1)
	var resp any
	if m.Responsible != nil {
		resp = m.Responsible.ID
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO milestones (commitment_id, position, title, deliverable, start_date, end_date,
			responsible_org_id, status, progress, weight, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (commitment_id, position) DO UPDATE SET title = excluded.title,
			deliverable = excluded.deliverable, start_date = excluded.start_date, end_date = excluded.end_date,
			responsible_org_id = excluded.responsible_org_id, status = excluded.status,
			progress = excluded.progress, weight = excluded.weight, updated_at = excluded.updated_at
		RETURNING id`,
		m.CommitmentID, m.Position, m.Title, m.Deliverable, m.StartDate, m.EndDate, resp, m.Status,
		m.Progress, m.Weight, db.Timestamp{Time: tx.Now()}).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("upsert milestone: %w", err)
	}
	return Recompute(ctx, tx, m.CommitmentID)
}

// AddUpdate appends a progress update. On a milestone it also sets the
// milestone's status and progress; either way the commitment's progress and
// status are recomputed. Updates are never edited: a correction is a new one.
func AddUpdate(ctx context.Context, tx *db.Tx, siteID int64, u *Update) error {
	switch {
	case u.Body.In(i18n.Default) == "":
		return invalid("update text is required")
	case u.Progress < 0 || u.Progress > 100:
		return invalid("update progress %d is outside 0–100", u.Progress)
	case !u.Status.Valid():
		return invalid("unknown update status %q", u.Status)
	case u.OccurredOn.IsZero():
		return invalid("update date is required")
	}
	var mid any
	if u.MilestoneID != nil {
		mid = *u.MilestoneID
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM milestones WHERE id = ? AND commitment_id = ?`,
			*u.MilestoneID, u.CommitmentID).Scan(&n); err != nil {
			return fmt.Errorf("add update: %w", err)
		}
		if n != 1 {
			return invalid("milestone %d is not part of commitment %d", *u.MilestoneID, u.CommitmentID)
		}
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO progress_updates (site_id, commitment_id, milestone_id, occurred_on, body, status, progress, author, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		siteID, u.CommitmentID, mid, u.OccurredOn, u.Body, u.Status, u.Progress, u.Author, db.Timestamp{Time: tx.Now()}).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("add update: %w", err)
	}
	for _, e := range u.Evidence {
		if e.Kind == "" {
			e.Kind = "link"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO evidence (update_id, title, url, kind) VALUES (?, ?, ?, ?)`,
			u.ID, e.Title, e.URL, e.Kind); err != nil {
			return fmt.Errorf("add evidence: %w", err)
		}
	}
	if u.MilestoneID != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE milestones SET status = ?, progress = ?, updated_at = ? WHERE id = ?`,
			u.Status, u.Progress, db.Timestamp{Time: tx.Now()}, *u.MilestoneID); err != nil {
			return fmt.Errorf("apply update: %w", err)
		}
		return Recompute(ctx, tx, u.CommitmentID)
	}
	// An update on the commitment itself sets its status; its progress stays
	// rolled up from milestones when it has any.
	if _, err := tx.ExecContext(ctx, `UPDATE commitments SET status = ?, updated_at = ? WHERE id = ?`,
		u.Status, db.Timestamp{Time: tx.Now()}, u.CommitmentID); err != nil {
		return fmt.Errorf("apply update: %w", err)
	}
	return Recompute(ctx, tx, u.CommitmentID)
}

// Recompute rolls a commitment's progress and status up from its
// milestones, and re-indexes it for search.
func Recompute(ctx context.Context, tx *db.Tx, commitmentID int64) error {
	ms, err := Milestones(ctx, tx, commitmentID)
	if err != nil {
		return err
	}
	var current Status
	var progress int
	if err := tx.QueryRowContext(ctx, `SELECT status, progress FROM commitments WHERE id = ?`, commitmentID).Scan(&current, &progress); err != nil {
		return fmt.Errorf("recompute: %w", db.NotFound(err))
	}
	if len(ms) > 0 {
		progress = RollUp(ms)
	}
	// The stored status reflects what officials recorded; lateness by date
	// is shown when a page is read, against that day's date.
	status := DeriveStatus(current, ms, time.Time{})
	if _, err = tx.ExecContext(ctx, `UPDATE commitments SET progress = ?, status = ? WHERE id = ?`, progress, status, commitmentID); err != nil {
		return err
	}
	return indexCommitment(ctx, tx, commitmentID)
}

// AddAssessment records an assessment of a plan or of one commitment.
func AddAssessment(ctx context.Context, tx *db.Tx, siteID int64, a *Assessment) error {
	if a.AssessedOn.IsZero() {
		return invalid("assessment date is required")
	}
	switch a.Kind {
	case SelfAssessment, InceptionReview, EndOfCommitment:
	default:
		return invalid("unknown assessment kind %q", a.Kind)
	}
	var cid, verifiable any
	if a.CommitmentID != nil {
		cid = *a.CommitmentID
	}
	if a.Verifiable != nil {
		verifiable = *a.Verifiable
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO assessments (site_id, plan_id, commitment_id, kind, assessor, assessed_on, verifiable,
			relevant_values, potential, completion, opened_government, early_results, summary, evidence_url, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		siteID, a.PlanID, cid, a.Kind, a.Assessor, a.AssessedOn, verifiable, joinList(a.RelevantValues),
		a.Potential, a.Completion, a.OpenedGovernment, a.EarlyResults, a.Summary, a.EvidenceURL,
		db.Timestamp{Time: tx.Now()}).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("add assessment: %w", err)
	}
	return nil
}
