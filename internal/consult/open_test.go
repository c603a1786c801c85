package consult_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// OpenConsultations lists only what is open at the time asked, closing
// soonest first, bounded: not drafts, not those yet to open, not those whose
// closing has passed or that the administration closed.
func TestOpenConsultations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d, 0)
		now := time.Date(2025, 5, 10, 12, 0, 0, 0, time.UTC)
		ts := func(days int) db.Timestamp { return db.Timestamp{Time: now.AddDate(0, 0, days)} }
		type seed struct {
			name                   string
			opens, closes          int
			published, closedByAdm bool
		}
		seeds := []seed{
			{"late", -10, 20, true, false},
			{"soon", -3, 2, true, false},
			{"middle", -1, 9, true, false},
			{"draft", -5, 5, false, false},
			{"upcoming", 3, 30, true, false},
			{"ended", -30, -1, true, false},
			{"closed", -10, 10, true, true},
		}
		ids := map[string]int64{}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for _, s := range seeds {
				c := &consult.Consultation{SiteID: f.siteID, PlanID: &f.planID, Title: i18n.Text{i18n.FR: s.name},
					Kinds: []consult.Kind{consult.General}, OpensAt: ts(s.opens), ClosesAt: ts(s.closes)}
				if s.published {
					c.PublishedAt = ts(s.opens - 1)
				}
				if s.closedByAdm {
					c.ClosedAt = ts(-1)
				}
				if err := consult.CreateConsultation(ctx, tx, c); err != nil {
					return err
				}
				ids[s.name] = c.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := consult.OpenConsultations(ctx, d.R(), f.siteID, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.Title.In(i18n.FR))
			if c.Phase != consult.Open || c.SubjectURL != "/plans/plan-2025-2027" {
				t.Errorf("%s: phase %s, subject %q", c.Title.In(i18n.FR), c.Phase, c.SubjectURL)
			}
		}
		if want := []string{"soon", "middle", "late"}; !slices.Equal(names, want) {
			t.Errorf("open: %v, want %v", names, want)
		}
		if two, err := consult.OpenConsultations(ctx, d.R(), f.siteID, now, 2); err != nil || len(two) != 2 || two[0].ID != ids["soon"] {
			t.Errorf("limit 2: %d %v", len(two), err)
		}
		if other, err := consult.OpenConsultations(ctx, d.R(), f.siteID+1000, now, 10); err != nil || len(other) != 0 {
			t.Errorf("another site: %d %v", len(other), err)
		}
	})
}
