package plan

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
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
