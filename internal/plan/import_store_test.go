package plan

import (
	"context"
	"errors"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// An import or an API patch writes over a record as it read it: when
// someone else's change came in between, the write is refused rather than
// silently undoing that change, and the row's version moves on otherwise.
func TestStoreRefusesStaleVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var c Commitment
		var m Milestone
		var siteID int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			// The site package imports this one: a row is enough here.
			if err := tx.QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES ('s', ?) RETURNING id`,
				db.Timestamp{Time: tx.Now()}).Scan(&siteID); err != nil {
				return err
			}
			p := &Plan{SiteID: siteID, Slug: "p", Title: i18n.Text{i18n.AR: "خطة"}, Status: PlanImplementing}
			if err := UpsertPlan(ctx, tx, p); err != nil {
				return err
			}
			c = Commitment{PlanID: p.ID, Ref: "C1", Title: i18n.Text{i18n.AR: "التزام"}}
			if err := UpsertCommitment(ctx, tx, siteID, &c); err != nil {
				return err
			}
			m = Milestone{CommitmentID: c.ID, Position: 1, Title: i18n.Text{i18n.AR: "مرحلة"}}
			return UpsertMilestone(ctx, tx, &m)
		})
		if err != nil {
			t.Fatal(err)
		}
		read := func() (*Commitment, *Milestone) {
			cur, err := CommitmentByID(ctx, d.R(), siteID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return cur, &cur.Milestones[0]
		}
		cur, curM := read()
		// Someone else saves both meanwhile.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := claimVersion(ctx, tx, "commitments", cur.ID, cur.Version); err != nil {
				return err
			}
			return claimVersion(ctx, tx, "milestones", curM.ID, curM.Version)
		}); err != nil {
			t.Fatal(err)
		}
		next := cloneCommitment(cur)
		next.Title = i18n.Text{i18n.AR: "عنوان جديد"}
		err = d.InTx(ctx, func(tx *db.Tx) error { return storeCommitment(ctx, tx, siteID, cur, &next) })
		if !errors.Is(err, errChangedMeanwhile) {
			t.Errorf("stale commitment: %v, want errChangedMeanwhile", err)
		}
		nextM := *curM
		nextM.Weight = 3
		err = d.InTx(ctx, func(tx *db.Tx) error { return storeMilestone(ctx, tx, curM, &nextM) })
		if !errors.Is(err, errChangedMeanwhile) {
			t.Errorf("stale milestone: %v, want errChangedMeanwhile", err)
		}
		if again, againM := read(); again.Title[i18n.AR] != "التزام" || againM.Weight != 1 || again.Version != 2 || againM.Version != 2 {
			t.Errorf("a refused write changed %+v %+v", again, againM)
		}
		// Read afresh, the same writes go through and move the versions on.
		cur, curM = read()
		next = cloneCommitment(cur)
		next.Title = i18n.Text{i18n.AR: "عنوان جديد"}
		nextM = *curM
		nextM.Weight = 3
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := storeCommitment(ctx, tx, siteID, cur, &next); err != nil {
				return err
			}
			return storeMilestone(ctx, tx, curM, &nextM)
		})
		if err != nil {
			t.Fatal(err)
		}
		if again, againM := read(); again.Title[i18n.AR] != "عنوان جديد" || againM.Weight != 3 || again.Version != 3 || againM.Version != 3 {
			t.Errorf("after the writes: version %d %d, title %v, weight %d", again.Version, againM.Version, again.Title, againM.Weight)
		}
	})
}
