package participation

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// events is every public contribution of the site since the window's start
// as (month, kind, account, organisation, consultation): proposals of
// published consultations that moderation did not hide, their supports, and
// shown comments (on a proposal, with its consultation), but for those on a
// hidden proposal, whose thread is gone with it. The arguments are
// the site and the start, three times.
func events(d db.Dialect) string {
	return `SELECT ` + monthOf(d, "p.created_at") + ` AS m, 'p' AS kind, p.author_id AS user_id, p.organisation_id AS org_id,
			p.consultation_id AS cid
		FROM proposals p JOIN consultations k ON k.id = p.consultation_id
		WHERE p.site_id = ? AND p.hidden_at IS NULL AND k.published_at IS NOT NULL AND p.created_at >= ?
	UNION ALL
	SELECT ` + monthOf(d, "s.created_at") + `, 's', s.user_id, CAST(NULL AS BIGINT), p.consultation_id
		FROM proposal_supports s JOIN proposals p ON p.id = s.proposal_id JOIN consultations k ON k.id = p.consultation_id
		WHERE p.site_id = ? AND p.hidden_at IS NULL AND k.published_at IS NOT NULL AND s.created_at >= ?
	UNION ALL
	SELECT ` + monthOf(d, "c.created_at") + `, 'c', c.user_id, CAST(NULL AS BIGINT), p.consultation_id
		FROM comments c LEFT JOIN proposals p ON c.target_kind = 'proposal' AND p.id = c.target_id AND p.hidden_at IS NULL
		WHERE c.site_id = ? AND c.status = 'visible' AND c.created_at >= ?
			AND NOT EXISTS (SELECT 1 FROM proposals h WHERE c.target_kind = 'proposal' AND h.id = c.target_id
				AND h.hidden_at IS NOT NULL)`
}

// tally is the aggregate of events: contributions by kind, distinct
// accounts and organisations. COUNT(DISTINCT) leaves out NULLs (guests,
// supports and comments for organisations).
const tally = `SUM(CASE WHEN e.kind = 'p' THEN 1 ELSE 0 END), SUM(CASE WHEN e.kind = 'c' THEN 1 ELSE 0 END),
	SUM(CASE WHEN e.kind = 's' THEN 1 ELSE 0 END), COUNT(DISTINCT e.user_id), COUNT(DISTINCT e.org_id)`

func scanCounts(sc interface{ Scan(...any) error }, head ...any) (Counts, error) {
	var c Counts
	var p, cm, s *int64 // SUM of no row is NULL
	err := sc.Scan(append(head, &p, &cm, &s, &c.Participants, &c.Organisations)...)
	for _, x := range []struct {
		from *int64
		to   *int
	}{{p, &c.Proposals}, {cm, &c.Comments}, {s, &c.Supports}} {
		if x.from != nil {
			*x.to = int(*x.from)
		}
	}
	return c, err
}

// ByMonth returns the site's figures per month since start ("2026-05" →
// counts); months without any contribution are absent.
func ByMonth(ctx context.Context, q db.Querier, d db.Dialect, siteID int64, start time.Time) (map[string]Counts, error) {
	from := db.Timestamp{Time: start}
	rows, err := q.QueryContext(ctx, `SELECT e.m, `+tally+` FROM (`+events(d)+`) e GROUP BY e.m ORDER BY e.m DESC LIMIT ?`,
		siteID, from, siteID, from, siteID, from, Months+1)
	if err != nil {
		return nil, fmt.Errorf("participation by month: %w", err)
	}
	defer rows.Close()
	out := map[string]Counts{}
	for rows.Next() {
		var m string
		c, err := scanCounts(rows, &m)
		if err != nil {
			return nil, err
		}
		out[m] = c
	}
	return out, rows.Err()
}

// Total returns the site's figures over the whole window since start:
// participants and organisations are counted once however many months
// they took part in.
func Total(ctx context.Context, q db.Querier, d db.Dialect, siteID int64, start time.Time) (Counts, error) {
	from := db.Timestamp{Time: start}
	c, err := scanCounts(q.QueryRowContext(ctx, `SELECT `+tally+` FROM (`+events(d)+`) e`,
		siteID, from, siteID, from, siteID, from))
	if err != nil {
		return c, fmt.Errorf("participation total: %w", err)
	}
	return c, nil
}

// Consultation is one consultation's figures, since it opened.
type Consultation struct {
	ID      int64        `json:"id"`
	Title   i18n.Text    `json:"title"`
	OpensAt db.Timestamp `json:"opens_at"`
	Counts
}

// ByConsultation returns the figures of the site's MaxConsultations latest
// published consultations, latest first: their proposals, the supports and
// comments those got, and who took part.
func ByConsultation(ctx context.Context, q db.Querier, d db.Dialect, siteID int64) ([]Consultation, error) {
	from := db.Timestamp{Time: time.Unix(0, 0)}
	rows, err := q.QueryContext(ctx, `SELECT k.id, k.title, k.opens_at, `+tally+`
		FROM (SELECT id, title, opens_at FROM consultations WHERE site_id = ? AND published_at IS NOT NULL
			ORDER BY opens_at DESC, id DESC LIMIT ?) k
		LEFT JOIN (`+events(d)+`) e ON e.cid = k.id
		GROUP BY k.id, k.title, k.opens_at ORDER BY k.opens_at DESC, k.id DESC`,
		siteID, MaxConsultations, siteID, from, siteID, from, siteID, from)
	if err != nil {
		return nil, fmt.Errorf("participation by consultation: %w", err)
	}
	defer rows.Close()
	var out []Consultation
	for rows.Next() {
		var c Consultation
		if c.Counts, err = scanCounts(rows, &c.ID, &c.Title, &c.OpensAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
