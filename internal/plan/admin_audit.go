package plan

import (
	"context"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// What the public ledger records of the administration's changes: the
// fields of the record as the public pages show them, never anything
// personal (authors are named by the ledger's actor, contacts are a role).

type adminState map[string]any

func adminPlanState(p *Plan) adminState {
	stages := make([]adminState, len(p.Stages))
	for i, s := range p.Stages {
		stages[i] = adminState{"title": s.Title, "starts_on": s.StartsOn, "ends_on": s.EndsOn}
	}
	return adminState{"slug": p.Slug, "title": p.Title, "summary": p.Summary, "period_start": p.PeriodStart,
		"period_end": p.PeriodEnd, "status": p.Status, "co_creation_timeline": stages}
}

func adminCommitmentState(c *Commitment) adminState {
	partners := make([]adminState, len(c.Partners))
	for i, p := range c.Partners {
		partners[i] = adminState{"organisation_id": p.ID, "sector": p.Sector}
	}
	return adminState{"ref": c.Ref, "title": c.Title, "problem": c.Problem, "cause": c.Cause, "status_quo": c.StatusQuo,
		"objective": c.Objective, "expected_results": c.ExpectedResults, "solution": c.Solution,
		"ogp_values": c.Values, "themes": c.Themes, "lead_organisation_id": orgID(c.Lead), "partners": partners,
		"contact_name": c.ContactName, "contact_role": c.ContactRole, "start_date": c.StartDate, "end_date": c.EndDate}
}

func adminMilestoneState(m *Milestone) adminState {
	return adminState{"title": m.Title, "deliverable": m.Deliverable, "start_date": m.StartDate, "end_date": m.EndDate,
		"responsible_organisation_id": orgID(m.Responsible), "weight": m.Weight, "status": m.Status, "progress": m.Progress}
}

func adminUpdateState(u *Update) adminState {
	ev := make([]adminState, len(u.Evidence))
	for i, e := range u.Evidence {
		ev[i] = adminState{"title": e.Title, "url": e.URL, "kind": e.Kind}
	}
	return adminState{"milestone_id": u.MilestoneID, "date": u.OccurredOn, "text": u.Body, "status": u.Status,
		"progress": u.Progress, "evidence": ev}
}

// progressBefore is the progress and status of what update u reports on
// (its milestone, else the commitment) before u: the ledger records them
// as the entry's before, so that it reads "40% → 60%". Call it before the
// update is applied.
func progressBefore(c *Commitment, u *Update) adminState {
	if u.MilestoneID != nil {
		for _, m := range c.Milestones {
			if m.ID == *u.MilestoneID {
				return adminState{"progress": m.Progress, "status": m.Status}
			}
		}
	}
	return adminState{"progress": c.Progress, "status": c.Status}
}

func adminAssessmentState(a *Assessment) adminState {
	return adminState{"kind": a.Kind, "commitment_id": a.CommitmentID, "assessor": a.Assessor, "assessed_on": a.AssessedOn,
		"verifiable": a.Verifiable, "relevant_values": a.RelevantValues, "potential_for_results": a.Potential,
		"completion": a.Completion, "did_it_open_government": a.OpenedGovernment, "early_results": a.EarlyResults,
		"summary": a.Summary, "evidence_url": a.EvidenceURL}
}

// adminChange is one entry for the ledger.
type adminChange struct {
	action, entity string
	id             int64
	commitment     *int64
	organisation   *int64
	summary        string
	before, after  adminState // before nil on creation
	// whole records before and after as they are rather than their
	// difference: a progress update's before is the state it changes.
	whole bool
}

// recordChange writes c to the public ledger in tx, as the signed-in user; an edit
// that changed nothing is not recorded.
func recordChange(ctx context.Context, tx *db.Tx, c adminChange) error {
	var before, after any
	switch {
	case c.before == nil:
		after = c.after
	case c.whole:
		before, after = c.before, c.after
	default:
		b, a := audit.Diff(c.before, c.after)
		if len(a) == 0 && len(b) == 0 {
			return nil
		}
		before, after = b, a
	}
	u := auth.UserFrom(ctx)
	var actorID int64
	var actorName string
	if u != nil {
		actorID, actorName = u.ID, u.Name
	}
	return audit.Record(ctx, tx, web.SiteOf(ctx).ID, audit.Change{
		ActorID: actorID, ActorName: actorName, Action: c.action, Entity: c.entity, EntityID: c.id,
		CommitmentID: c.commitment, OrganisationID: c.organisation, Summary: c.summary, Before: before, After: after,
	})
}

func leadOf(c *Commitment) *int64 {
	if c == nil || c.Lead == nil {
		return nil
	}
	id := c.Lead.ID
	return &id
}
