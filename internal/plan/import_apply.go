package plan

import (
	"context"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// ImportCounts counts what an import did to one kind of record.
type ImportCounts struct {
	Created, Updated, Unchanged int
}

// ImportResult is the summary shown after an import.
type ImportResult struct {
	Commitments ImportCounts
	Milestones  ImportCounts
}

// errImportRejected rolls the import's transaction back when a row failed.
var errImportRejected = errors.New("import rejected")

// importChanges is an import file checked and merged with what is stored,
// ready to be written.
type importChanges struct {
	target      *importTarget
	commitments []commitmentChange
	milestones  []milestoneChange
}

type commitmentChange struct {
	line      int
	cur, next *Commitment // cur nil: to be created
}

type milestoneChange struct {
	line      int
	ref       string // of its commitment
	cur, next *Milestone
}

// CheckImport reports every error that ApplyImport would find in p against
// the plan and the site's organisations, writing nothing. The import page
// runs it even on a file with format errors, so that one upload lists every
// problem of the file.
func CheckImport(ctx context.Context, q db.Querier, siteID, planID int64, p *ImportPlan) ([]ImportError, error) {
	_, errs, err := prepareImport(ctx, q, siteID, planID, p)
	return errs, err
}

// prepareImport merges every row with what is stored and checks it; nothing
// is written, so the whole file is known to be good before the first write.
func prepareImport(ctx context.Context, q db.Querier, siteID, planID int64, p *ImportPlan) (*importChanges, []ImportError, error) {
	t, err := loadImportTarget(ctx, q, siteID, planID)
	if err != nil {
		return nil, nil, err
	}
	var errs []ImportError
	failAt := func(line int) func(col, key, value string) {
		return func(col, key, value string) {
			errs = append(errs, ImportError{Line: line, Column: col, Key: key, Value: value})
		}
	}
	ch := &importChanges{target: t}
	inFile := map[string]bool{}
	withMilestones := map[string]bool{}
	for _, m := range p.Milestones {
		withMilestones[m.Ref] = true
	}
	for _, row := range p.Commitments {
		inFile[row.Ref] = true
		cur := t.commitments[row.Ref]
		has := withMilestones[row.Ref] || (cur != nil && len(cur.Milestones) > 0)
		ch.commitments = append(ch.commitments, commitmentChange{row.Line, cur, t.mergeCommitment(p, row, cur, has, failAt(row.Line))})
	}
	for _, row := range p.Milestones {
		c := t.commitments[row.Ref]
		if c == nil && !inFile[row.Ref] {
			if row.Ref != "" { // an empty ref is already reported
				failAt(row.Line)("ref", "import.error.unknown_ref", row.Ref)
			}
			continue
		}
		var cur *Milestone
		if c != nil {
			for i := range c.Milestones {
				if c.Milestones[i].Position == row.Position {
					cur = &c.Milestones[i]
				}
			}
		}
		ch.milestones = append(ch.milestones, milestoneChange{row.Line, row.Ref, cur, t.mergeMilestone(p, row, cur, failAt(row.Line))})
	}
	if len(errs) > 0 {
		return nil, mergeImportErrors(errs), nil
	}
	return ch, nil, nil
}

// mergeImportErrors sorts errors by line, keeping their order within a
// line, and drops repeats of the same problem in the same cell.
func mergeImportErrors(errs ...[]ImportError) []ImportError {
	var all []ImportError
	for _, e := range errs {
		all = append(all, e...)
	}
	sortImportErrors(all)
	return dedupeImportErrors(all)
}

// ApplyImport checks p (a file without format errors) against the plan and
// the site's organisations, then, when every row is good, writes it:
// commitments matched by plan and reference, milestones by commitment and
// position, each created or updated one recorded in the audit ledger in the
// same transaction. A record that would not change is not written. With any
// error nothing is written and the errors, one per bad cell, are returned
// instead.
//
// It must run inside one transaction, so the file lands whole or not at all.
func ApplyImport(ctx context.Context, tx *db.Tx, siteID, planID int64, actor *auth.User, p *ImportPlan) (*ImportResult, []ImportError, error) {
	ch, errs, err := prepareImport(ctx, tx, siteID, planID, p)
	if err != nil || len(errs) > 0 {
		return nil, errs, err
	}
	t, cchanges, mchanges := ch.target, ch.commitments, ch.milestones
	// Without a user (a command-line import, say) the ledger names the system.
	var actorID int64
	var actorName string
	if actor != nil {
		actorID, actorName = actor.ID, actor.Name
	}
	res := &ImportResult{}
	ids := map[string]int64{}
	for ref, c := range t.commitments {
		ids[ref] = c.ID
	}
	for _, ch := range cchanges {
		b, a := audit.Diff(commitmentSnapshot(ch.cur).orNil(), commitmentSnapshot(ch.next).orNil())
		if ch.cur != nil && len(b) == 0 && len(a) == 0 {
			res.Commitments.Unchanged++
			continue
		}
		if err := storeCommitment(ctx, tx, siteID, ch.cur, ch.next); err != nil {
			ie, err := rowFailure(ch.line, err)
			return nil, ie, err
		}
		ids[ch.next.Ref] = ch.next.ID
		action, summary := audit.ActionUpdate, "Commitment "+ch.next.Ref+" updated by a spreadsheet import"
		if ch.cur == nil {
			action, summary = audit.ActionCreate, "Commitment "+ch.next.Ref+" created by a spreadsheet import"
			res.Commitments.Created++
		} else {
			res.Commitments.Updated++
		}
		if err := audit.Record(ctx, tx, siteID, audit.Change{ActorID: actorID, ActorName: actorName,
			Action: action, Entity: "commitment", EntityID: ch.next.ID, CommitmentID: &ch.next.ID,
			OrganisationID: leadID(ch.next), Summary: summary, Before: b, After: a}); err != nil {
			return nil, nil, err
		}
	}
	for _, ch := range mchanges {
		b, a := audit.Diff(milestoneSnapshot(ch.cur).orNil(), milestoneSnapshot(ch.next).orNil())
		if ch.cur != nil && len(b) == 0 && len(a) == 0 {
			res.Milestones.Unchanged++
			continue
		}
		ch.next.CommitmentID = ids[ch.ref]
		if err := storeMilestone(ctx, tx, ch.cur, ch.next); err != nil {
			ie, err := rowFailure(ch.line, err)
			return nil, ie, err
		}
		action, verb := audit.ActionUpdate, "updated"
		if ch.cur == nil {
			action, verb = audit.ActionCreate, "created"
			res.Milestones.Created++
		} else {
			res.Milestones.Updated++
		}
		var org *int64
		if ch.next.Responsible != nil {
			org = &ch.next.Responsible.ID
		}
		if err := audit.Record(ctx, tx, siteID, audit.Change{ActorID: actorID, ActorName: actorName,
			Action: action, Entity: "milestone", EntityID: ch.next.ID, CommitmentID: &ch.next.CommitmentID,
			OrganisationID: org, Summary: fmt.Sprintf("Milestone %d of commitment %s %s by a spreadsheet import", ch.next.Position, ch.ref, verb),
			Before: b, After: a}); err != nil {
			return nil, nil, err
		}
	}
	return res, nil, nil
}

// errChangedMeanwhile is returned when a record changed between the moment
// it was read and the write meant to replace it.
var errChangedMeanwhile = errors.New("changed meanwhile")

// claimVersion moves the row's version on from the one it was read at, so
// that a form opened before this change cannot silently overwrite it; on
// PostgreSQL the update also locks the row until the transaction ends.
// errChangedMeanwhile when someone else's change came first.
func claimVersion(ctx context.Context, tx *db.Tx, table string, id int64, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET version = version + 1 WHERE id = ? AND version = ?`, id, version)
	if err != nil {
		return fmt.Errorf("claim %s %d: %w", table, id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errChangedMeanwhile
	}
	return nil
}

// storeCommitment writes c over cur (nil for a new commitment), which must
// be as stored at cur.Version. UpsertCommitment leaves an existing
// commitment's status and progress alone (updates and milestones own them),
// so an import or a patch that sets them writes them here; and progress
// rolls up as after every other change.
func storeCommitment(ctx context.Context, tx *db.Tx, siteID int64, cur, c *Commitment) error {
	if cur != nil {
		if err := claimVersion(ctx, tx, "commitments", cur.ID, cur.Version); err != nil {
			return err
		}
	}
	if err := UpsertCommitment(ctx, tx, siteID, c); err != nil {
		return err
	}
	if cur != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET status = ?, progress = ? WHERE id = ? AND site_id = ?`,
			c.Status, c.Progress, c.ID, siteID); err != nil {
			return fmt.Errorf("store commitment %s: %w", c.Ref, err)
		}
	}
	return Recompute(ctx, tx, c.ID)
}

// storeMilestone writes m over cur (nil for a new milestone), which must be
// as stored at cur.Version.
func storeMilestone(ctx context.Context, tx *db.Tx, cur, m *Milestone) error {
	if cur != nil {
		if err := claimVersion(ctx, tx, "milestones", cur.ID, cur.Version); err != nil {
			return err
		}
	}
	return UpsertMilestone(ctx, tx, m)
}

// rowFailure turns a refusal of the store (a rule the file check missed, a
// record someone else changed during the import) into an error on the row,
// and anything else into an internal error.
func rowFailure(line int, err error) ([]ImportError, error) {
	switch {
	case errors.Is(err, ErrInvalid):
		return []ImportError{{Line: line, Key: "import.error.invalid", Value: err.Error()}}, nil
	case errors.Is(err, errChangedMeanwhile):
		return []ImportError{{Line: line, Key: "import.error.changed_meanwhile"}}, nil
	}
	return nil, err
}

func leadID(c *Commitment) *int64 {
	if c.Lead == nil {
		return nil
	}
	return &c.Lead.ID
}

func dedupeImportErrors(errs []ImportError) []ImportError {
	seen := map[ImportError]bool{}
	out := errs[:0]
	for _, e := range errs {
		k := ImportError{Line: e.Line, Column: e.Column, Key: e.Key}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}
