package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The administration's writes. Creation is a plain INSERT (a taken slug or
// reference is an error for the form, never an overwrite), and every edit is
// guarded by the row's version: the UPDATE matches the version the form was
// read at and bumps it, so a form read before someone else's change cannot
// silently undo it.

// errStale reports that the row changed since the form was read.
var errStale = errors.New("changed meanwhile")

// adminInsertPlan creates p and its co-creation timeline; it sets p.ID.
func adminInsertPlan(ctx context.Context, tx *db.Tx, p *Plan) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO plans (site_id, slug, title, summary, period_start, period_end, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.SiteID, p.Slug, p.Title, p.Summary, p.PeriodStart, p.PeriodEnd, p.Status, now, now).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create plan: %w", err)
	}
	p.Version = 1
	if err := adminReplaceStages(ctx, tx, p); err != nil {
		return err
	}
	return indexPlan(ctx, tx, p)
}

// adminUpdatePlan writes p over the version it was read at; errStale when
// that version is gone.
func adminUpdatePlan(ctx context.Context, tx *db.Tx, p *Plan, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE plans SET slug = ?, title = ?, summary = ?, period_start = ?, period_end = ?,
		status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND site_id = ? AND version = ?`,
		p.Slug, p.Title, p.Summary, p.PeriodStart, p.PeriodEnd, p.Status, db.Timestamp{Time: tx.Now()}, p.ID, p.SiteID, version)
	if err := updated(res, err, "update plan"); err != nil {
		return err
	}
	p.Version = version + 1
	if err := adminReplaceStages(ctx, tx, p); err != nil {
		return err
	}
	return indexPlan(ctx, tx, p)
}

func adminReplaceStages(ctx context.Context, tx *db.Tx, p *Plan) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_stages WHERE plan_id = ?`, p.ID); err != nil {
		return fmt.Errorf("plan stages: %w", err)
	}
	for i, s := range p.Stages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_stages (plan_id, position, title, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)`,
			p.ID, i+1, s.Title, s.StartsOn, s.EndsOn); err != nil {
			return fmt.Errorf("plan stages: %w", err)
		}
	}
	return nil
}

// adminInsertCommitment creates c last in its plan, not started, with its
// partners; it sets c.ID and c.Position.
func adminInsertCommitment(ctx context.Context, tx *db.Tx, siteID int64, c *Commitment) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM commitments WHERE plan_id = ?`, c.PlanID).Scan(&c.Position); err != nil {
		return fmt.Errorf("create commitment: %w", err)
	}
	c.Status = NotStarted
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO commitments (site_id, plan_id, ref, position, title, problem, cause, status_quo,
			objective, expected_results, solution, ogp_values, themes, lead_org_id, contact_name, contact_role,
			start_date, end_date, status, progress, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
		siteID, c.PlanID, c.Ref, c.Position, c.Title, c.Problem, c.Cause, c.StatusQuo, c.Objective, c.ExpectedResults,
		c.Solution, joinList(c.Values), strings.Join(c.Themes, ","), orgID(c.Lead), c.ContactName, c.ContactRole,
		c.StartDate, c.EndDate, c.Status, now, now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("create commitment: %w", err)
	}
	c.Version = 1
	if err := adminReplacePartners(ctx, tx, c); err != nil {
		return err
	}
	return indexCommitment(ctx, tx, c.ID)
}

// adminUpdateCommitment writes c's template fields over the version it was
// read at (status and progress belong to updates and milestones); errStale
// when that version is gone.
func adminUpdateCommitment(ctx context.Context, tx *db.Tx, siteID int64, c *Commitment, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE commitments SET ref = ?, title = ?, problem = ?, cause = ?, status_quo = ?,
		objective = ?, expected_results = ?, solution = ?, ogp_values = ?, themes = ?, lead_org_id = ?,
		contact_name = ?, contact_role = ?, start_date = ?, end_date = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND site_id = ? AND version = ?`,
		c.Ref, c.Title, c.Problem, c.Cause, c.StatusQuo, c.Objective, c.ExpectedResults, c.Solution, joinList(c.Values),
		strings.Join(c.Themes, ","), orgID(c.Lead), c.ContactName, c.ContactRole, c.StartDate, c.EndDate,
		db.Timestamp{Time: tx.Now()}, c.ID, siteID, version)
	if err := updated(res, err, "update commitment"); err != nil {
		return err
	}
	c.Version = version + 1
	if err := adminReplacePartners(ctx, tx, c); err != nil {
		return err
	}
	return indexCommitment(ctx, tx, c.ID)
}

func adminReplacePartners(ctx context.Context, tx *db.Tx, c *Commitment) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM commitment_partners WHERE commitment_id = ?`, c.ID); err != nil {
		return fmt.Errorf("partners: %w", err)
	}
	for _, p := range c.Partners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO commitment_partners (commitment_id, organisation_id, sector) VALUES (?, ?, ?)`,
			c.ID, p.ID, p.Sector); err != nil {
			return fmt.Errorf("partner %d: %w", p.ID, err)
		}
	}
	return nil
}

// adminInsertMilestone adds m last in its commitment, not started, and rolls
// the commitment up; it sets m.ID and m.Position.
func adminInsertMilestone(ctx context.Context, tx *db.Tx, m *Milestone) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM milestones WHERE commitment_id = ?`, m.CommitmentID).Scan(&m.Position); err != nil {
		return fmt.Errorf("create milestone: %w", err)
	}
	m.Status, m.Progress = NotStarted, 0
	err := tx.QueryRowContext(ctx, `INSERT INTO milestones (commitment_id, position, title, deliverable, start_date, end_date,
			responsible_org_id, status, progress, weight, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
		m.CommitmentID, m.Position, m.Title, m.Deliverable, m.StartDate, m.EndDate, orgID(m.Responsible), m.Status,
		m.Weight, db.Timestamp{Time: tx.Now()}).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("create milestone: %w", err)
	}
	m.Version = 1
	return Recompute(ctx, tx, m.CommitmentID)
}

// adminUpdateMilestone writes m's description, dates, responsible body and
// weight over the version it was read at (status and progress come from
// progress updates), then rolls the commitment up; errStale when that
// version is gone. The caller has checked that m belongs to the site.
func adminUpdateMilestone(ctx context.Context, tx *db.Tx, m *Milestone, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE milestones SET title = ?, deliverable = ?, start_date = ?, end_date = ?,
		responsible_org_id = ?, weight = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND commitment_id = ? AND version = ?`,
		m.Title, m.Deliverable, m.StartDate, m.EndDate, orgID(m.Responsible), m.Weight, db.Timestamp{Time: tx.Now()},
		m.ID, m.CommitmentID, version)
	if err := updated(res, err, "update milestone"); err != nil {
		return err
	}
	m.Version = version + 1
	return Recompute(ctx, tx, m.CommitmentID)
}

// adminMilestone returns one milestone of the site, or db.ErrNotFound.
func adminMilestone(ctx context.Context, q db.Querier, siteID, id int64) (*Milestone, error) {
	var cid int64
	err := q.QueryRowContext(ctx, `SELECT m.commitment_id FROM milestones m JOIN commitments c ON c.id = m.commitment_id
		WHERE m.id = ? AND c.site_id = ?`, id, siteID).Scan(&cid)
	if err != nil {
		return nil, db.NotFound(err)
	}
	ms, err := Milestones(ctx, q, cid)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].ID == id {
			return &ms[i], nil
		}
	}
	return nil, db.ErrNotFound
}

// LinkEvidenceFile marks the evidence of an update that points at a
// stored file (by its /files/{hash} address), so the file stays tied to what
// it proves. The update form calls it after AddUpdate, and so does the demo.
func LinkEvidenceFile(ctx context.Context, tx *db.Tx, updateID int64, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE evidence SET file_hash = ? WHERE update_id = ? AND url = ?`, hash, updateID, "/files/"+hash)
	if err != nil {
		return fmt.Errorf("link evidence file: %w", err)
	}
	return nil
}

// commitmentActivity is a commitment as the dashboard weighs it.
type commitmentActivity struct {
	ID         int64
	PlanID     int64
	Ref        string
	Title      i18n.Text
	Status     Status
	StartDate  db.Date
	LeadID     int64 // 0 without a lead agency
	LastUpdate db.Date
}

// adminActivity lists the site's commitments with the date of their latest
// progress update.
func adminActivity(ctx context.Context, q db.Querier, siteID int64) ([]commitmentActivity, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.plan_id, c.ref, c.title, c.status, c.start_date, c.lead_org_id,
		(SELECT MAX(u.occurred_on) FROM progress_updates u WHERE u.commitment_id = c.id)
		FROM commitments c WHERE c.site_id = ? ORDER BY c.plan_id, c.position, c.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("commitment activity: %w", err)
	}
	defer rows.Close()
	var out []commitmentActivity
	for rows.Next() {
		var a commitmentActivity
		var lead sql.NullInt64
		if err := rows.Scan(&a.ID, &a.PlanID, &a.Ref, &a.Title, &a.Status, &a.StartDate, &lead, &a.LastUpdate); err != nil {
			return nil, err
		}
		a.LeadID = lead.Int64
		out = append(out, a)
	}
	return out, rows.Err()
}

// openMilestone is an unfinished milestone with an end date, and its commitment.
type openMilestone struct {
	Milestone
	Ref    string
	LeadID int64
}

// adminOpenMilestones lists the site's milestones that have an end date and
// are neither completed nor withdrawn, by end date.
func adminOpenMilestones(ctx context.Context, q db.Querier, siteID int64) ([]openMilestone, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.commitment_id, m.title, m.end_date, m.status, m.progress, c.ref, c.lead_org_id
		FROM milestones m JOIN commitments c ON c.id = m.commitment_id
		WHERE c.site_id = ? AND m.end_date IS NOT NULL AND m.status NOT IN ('completed', 'withdrawn') AND m.progress < 100
		ORDER BY m.end_date, m.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("open milestones: %w", err)
	}
	defer rows.Close()
	var out []openMilestone
	for rows.Next() {
		var m openMilestone
		var lead sql.NullInt64
		if err := rows.Scan(&m.ID, &m.CommitmentID, &m.Title, &m.EndDate, &m.Status, &m.Progress, &m.Ref, &lead); err != nil {
			return nil, err
		}
		m.LeadID = lead.Int64
		out = append(out, m)
	}
	return out, rows.Err()
}

// updated turns the result of a versioned UPDATE into errStale when no row
// matched.
func updated(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return errStale
	}
	return nil
}

func orgID(o *OrgRef) any {
	if o == nil {
		return nil
	}
	return o.ID
}
