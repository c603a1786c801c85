package plan

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// commitmentCardSelect reads what lists of commitments show (a card: ref,
// title, status, progress, dates, values, themes, lead agency), leaving out
// the long texts and partners that only the commitment page, the API and
// the exports need: decoding them was most of the cost of the plan and home
// pages.
const commitmentCardSelect = `SELECT c.id, c.plan_id, c.ref, c.position, c.title, c.ogp_values, c.themes,
	c.start_date, c.end_date, c.status, c.progress, c.updated_at, c.version,
	o.id, o.slug, o.name, o.acronym
	FROM commitments c LEFT JOIN organisations o ON o.id = c.lead_org_id`

// CommitmentCards lists a plan's commitments in order, as cards: every
// field of Commitment but the long texts (Problem … Solution, contact) and
// Partners, which stay empty. Filters, segments and overall progress work
// on cards as on full commitments.
func CommitmentCards(ctx context.Context, q db.Querier, siteID, planID int64) ([]Commitment, error) {
	rows, err := q.QueryContext(ctx, commitmentCardSelect+` WHERE c.site_id = ? AND c.plan_id = ? ORDER BY c.position, c.id`, siteID, planID)
	if err != nil {
		return nil, fmt.Errorf("list commitments: %w", err)
	}
	defer rows.Close()
	var out []Commitment
	for rows.Next() {
		var c Commitment
		var values, themes string
		var leadID sql.NullInt64
		var leadSlug, leadAcronym sql.NullString
		var lead OrgRef
		if err := rows.Scan(&c.ID, &c.PlanID, &c.Ref, &c.Position, &c.Title, &values, &themes,
			&c.StartDate, &c.EndDate, &c.Status, &c.Progress, &c.UpdatedAt, &c.Version,
			&leadID, &leadSlug, &lead.Name, &leadAcronym); err != nil {
			return nil, err
		}
		for _, v := range splitList(values) {
			c.Values = append(c.Values, Value(v))
		}
		c.Themes = splitList(themes)
		if leadID.Valid {
			lead.ID, lead.Slug, lead.Acronym = leadID.Int64, leadSlug.String, leadAcronym.String
			c.Lead = &lead
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateLine is a progress update as lists across plans show it: with its
// commitment's reference and title and its plan, so that a line links to the
// commitment whichever plan it belongs to.
type UpdateLine struct {
	Update
	Ref       string    // the commitment's reference
	Title     i18n.Text // the commitment's title
	PlanID    int64
	PlanSlug  string
	PlanTitle i18n.Text
}

// LatestUpdateLines returns the site's latest progress updates across all
// its plans, newest first, at most limit, each with its commitment and plan
// read in the same query. Evidence is not loaded.
func LatestUpdateLines(ctx context.Context, q db.Querier, siteID int64, limit int) ([]UpdateLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.commitment_id, u.milestone_id, u.occurred_on, u.body, u.status,
		u.progress, u.author, c.ref, c.title, p.id, p.slug, p.title
		FROM progress_updates u
		JOIN commitments c ON c.id = u.commitment_id
		JOIN plans p ON p.id = c.plan_id
		WHERE u.site_id = ? ORDER BY u.occurred_on DESC, u.id DESC LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, fmt.Errorf("latest update lines: %w", err)
	}
	defer rows.Close()
	var out []UpdateLine
	for rows.Next() {
		var l UpdateLine
		var mid sql.NullInt64
		if err := rows.Scan(&l.ID, &l.CommitmentID, &mid, &l.OccurredOn, &l.Body, &l.Status, &l.Progress, &l.Author,
			&l.Ref, &l.Title, &l.PlanID, &l.PlanSlug, &l.PlanTitle); err != nil {
			return nil, err
		}
		if mid.Valid {
			l.MilestoneID = &mid.Int64
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
