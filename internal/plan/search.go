package plan

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// The plan's content in the search index: plans, commitments, milestones
// and progress updates. Every write path ends in indexPlan or in Recompute,
// which re-indexes the commitment, so the index changes in the same
// transaction as the content.

func indexPlan(ctx context.Context, tx *db.Tx, p *Plan) error {
	var start time.Time // the index dates undated things by when they are written
	if p.PeriodStart > 0 {
		start = time.Date(p.PeriodStart, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: p.SiteID, Kind: "plan", RefID: p.ID, URL: "/plans/" + p.Slug,
		Title: p.Title, Body: p.Summary, Date: start,
	})
}

// indexCommitment indexes a commitment with its milestones and updates.
func indexCommitment(ctx context.Context, tx *db.Tx, commitmentID int64) error {
	var siteID int64
	if err := tx.QueryRowContext(ctx, `SELECT site_id FROM commitments WHERE id = ?`, commitmentID).Scan(&siteID); err != nil {
		return fmt.Errorf("index commitment %d: %w", commitmentID, db.NotFound(err))
	}
	c, err := CommitmentByID(ctx, tx, siteID, commitmentID)
	if err != nil {
		return err
	}
	ms, err := Milestones(ctx, tx, commitmentID)
	if err != nil {
		return err
	}
	ups, err := UpdatesOfCommitment(ctx, tx, commitmentID)
	if err != nil {
		return err
	}
	lead := orgRefID(c.Lead)
	url := "/commitments/" + strconv.FormatInt(c.ID, 10)
	docs := []search.Doc{{
		SiteID: siteID, Kind: "commitment", RefID: c.ID, URL: url, PlanID: c.PlanID, OrgID: lead,
		Title: withRef(c.Ref, c.Title),
		Body:  i18n.Join(c.Problem, c.Cause, c.StatusQuo, c.Objective, c.ExpectedResults, c.Solution),
		Date:  c.StartDate.Time,
	}}
	for _, m := range ms {
		org := orgRefID(m.Responsible)
		if org == 0 {
			org = lead
		}
		docs = append(docs, search.Doc{
			SiteID: siteID, Kind: "milestone", RefID: m.ID, URL: url + "#milestone-" + strconv.FormatInt(m.ID, 10),
			PlanID: c.PlanID, OrgID: org, Title: m.Title, Body: m.Deliverable, Date: m.StartDate.Time,
		})
	}
	// Evidence files are documents of the commitment.
	parent := "commitment:" + strconv.FormatInt(c.ID, 10)
	if err := search.RemoveChildren(ctx, tx, siteID, parent); err != nil {
		return err
	}
	for _, u := range ups {
		docs = append(docs, search.Doc{
			SiteID: siteID, Kind: "update", RefID: u.ID, URL: url + "#update-" + strconv.FormatInt(u.ID, 10),
			PlanID: c.PlanID, OrgID: lead, Title: c.Title, Body: u.Body, Date: u.OccurredOn.Time,
		})
		for _, e := range u.Evidence {
			if e.Kind != "file" {
				continue
			}
			docs = append(docs, search.Doc{
				SiteID: siteID, Kind: "document", RefID: search.DocumentID(parent, e.URL), Parent: parent, URL: e.URL,
				PlanID: c.PlanID, OrgID: lead, Title: e.Title, Body: withRef(c.Ref, c.Title), Date: u.OccurredOn.Time,
			})
		}
	}
	for _, d := range docs {
		if err := search.Index(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// Reindex puts every plan of the site, with its commitments, in the index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	ps, err := Plans(ctx, tx, siteID, 0, 1_000_000)
	if err != nil {
		return err
	}
	for i := range ps {
		if err := indexPlan(ctx, tx, &ps[i]); err != nil {
			return err
		}
		cs, err := Commitments(ctx, tx, siteID, ps[i].ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := indexCommitment(ctx, tx, c.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func orgRefID(o *OrgRef) int64 {
	if o == nil {
		return 0
	}
	return o.ID
}

// withRef prefixes the title with the commitment's reference (TTA-03), so
// a search for the reference finds it.
func withRef(ref string, t i18n.Text) i18n.Text {
	if ref == "" {
		return t
	}
	out := make(i18n.Text, len(t))
	for l, s := range t {
		out[l] = ref + " " + s
	}
	return out
}
