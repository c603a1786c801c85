package forum

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// PlanRef is the plan a requirements page is about.
type PlanRef struct {
	ID    int64
	Slug  string
	Title i18n.Text
}

// day is t's calendar day in loc, as midnight UTC: the requirements compare
// days, so every date is brought to the same form.
func day(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// Gather reads the facts of the site's plan slug at now: its period, when
// it and its timeline appeared on the site, its stages, the forum and its
// meetings, the progress updates of its commitments, the site's documents
// and the plan's consultations with their responses. db.ErrNotFound when
// there is no such plan.
func Gather(ctx context.Context, q db.Querier, siteID int64, slug string, now time.Time, loc *time.Location) (*PlanRef, Facts, error) {
	var p PlanRef
	f := Facts{Today: day(now, loc), Location: time.UTC}
	var created db.Timestamp
	err := q.QueryRowContext(ctx, `SELECT id, slug, title, period_start, period_end, created_at FROM plans WHERE site_id = ? AND slug = ?`,
		siteID, slug).Scan(&p.ID, &p.Slug, &p.Title, &f.PeriodStart, &f.PeriodEnd, &created)
	if err != nil {
		return nil, f, db.NotFound(err)
	}
	f.Published = day(created.Time, loc)

	rows, err := q.QueryContext(ctx, `SELECT starts_on, ends_on FROM plan_stages WHERE plan_id = ? ORDER BY position`, p.ID)
	if err != nil {
		return nil, f, fmt.Errorf("plan stages: %w", err)
	}
	for rows.Next() {
		var s, e db.Date
		if err := rows.Scan(&s, &e); err != nil {
			rows.Close()
			return nil, f, err
		}
		if f.StagesStart.IsZero() || s.Before(f.StagesStart) {
			f.StagesStart = s.Time
		}
		if e.IsZero() {
			e = s
		}
		if e.After(f.StagesEnd) {
			f.StagesEnd = e.Time
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, f, err
	}

	if _, err := Get(ctx, q, siteID); err == nil {
		f.Forum = true
	} else if !errors.Is(err, db.ErrNotFound) {
		return nil, f, err
	}
	ms, err := Meetings(ctx, q, siteID)
	if err != nil {
		return nil, f, err
	}
	for _, m := range ms {
		if m.StartsAt.After(now) {
			continue
		}
		f.Meetings = append(f.Meetings, Dated{Date: day(m.StartsAt.Time, loc), URL: fmt.Sprintf("/forum/meetings/%d", m.ID),
			Title: m.Title, CivilSociety: m.WithCivilSociety()})
	}

	rows, err = q.QueryContext(ctx, `SELECT pu.occurred_on, c.id, c.title FROM progress_updates pu
		JOIN commitments c ON c.id = pu.commitment_id WHERE c.plan_id = ? AND pu.site_id = ? ORDER BY pu.occurred_on, pu.id`, p.ID, siteID)
	if err != nil {
		return nil, f, fmt.Errorf("plan updates: %w", err)
	}
	for rows.Next() {
		var on db.Date
		var id int64
		var title i18n.Text
		if err := rows.Scan(&on, &id, &title); err != nil {
			rows.Close()
			return nil, f, err
		}
		f.Updates = append(f.Updates, Dated{Date: on.Time, URL: fmt.Sprintf("/commitments/%d", id), Title: title})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, f, err
	}

	docs, err := Documents(ctx, q, siteID, DocFilter{}, now, loc)
	if err != nil {
		return nil, f, err
	}
	for _, d := range docs {
		title := d.Title
		if len(title) == 0 {
			title = i18n.Text{i18n.AR: d.Name}
		}
		f.Documents = append(f.Documents, Dated{Date: d.Date.Time, URL: d.URL, Title: title})
	}

	// Proposals hidden by moderation are not counted: the public does not see them.
	rows, err = q.QueryContext(ctx, `SELECT co.id, co.title, co.closed_at IS NOT NULL AND co.closed_at <= ?,
		(SELECT COUNT(*) FROM proposals pr WHERE pr.consultation_id = co.id AND pr.hidden_at IS NULL),
		(SELECT COUNT(*) FROM proposals pr JOIN proposal_responses r ON r.proposal_id = pr.id
			WHERE pr.consultation_id = co.id AND pr.hidden_at IS NULL
			AND (r.outcome = 'withdrawn' OR (r.reason <> '{}' AND r.reason <> '')))
		FROM consultations co WHERE co.site_id = ? AND co.published_at IS NOT NULL AND co.published_at <= ?
		AND (co.plan_id = ? OR co.commitment_id IN (SELECT id FROM commitments WHERE plan_id = ?)) ORDER BY co.opens_at, co.id`,
		db.Timestamp{Time: now}, siteID, db.Timestamp{Time: now}, p.ID, p.ID)
	if err != nil {
		return nil, f, fmt.Errorf("plan consultations: %w", err)
	}
	for rows.Next() {
		var t Tally
		var id int64
		if err := rows.Scan(&id, &t.Title, &t.Closed, &t.Proposals, &t.Responded); err != nil {
			rows.Close()
			return nil, f, err
		}
		t.URL = fmt.Sprintf("/consultations/%d/report", id)
		f.Tallies = append(f.Tallies, t)
	}
	rows.Close()
	return &p, f, rows.Err()
}
