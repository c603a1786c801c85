package plan_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// A card is the full commitment without its long texts and partners: the
// lists that use cards must show the same as with full commitments.
func TestCommitmentCards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := seed(t, d)
		full, err := plan.Commitments(ctx, d.R(), f.site.ID, f.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		cards, err := plan.CommitmentCards(ctx, d.R(), f.site.ID, f.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full) != 1 || len(cards) != 1 {
			t.Fatalf("%d commitments, %d cards; want 1 each", len(full), len(cards))
		}
		want := full[0]
		want.Problem, want.Cause, want.StatusQuo, want.Objective, want.ExpectedResults, want.Solution = nil, nil, nil, nil, nil, nil
		want.ContactName, want.ContactRole, want.Partners = nil, nil, nil
		if !reflect.DeepEqual(cards[0], want) {
			t.Errorf("card\n %+v\nwant\n %+v", cards[0], want)
		}
		if cards[0].Lead == nil || cards[0].Lead.Slug != "council" || len(cards[0].Values) != 1 || len(cards[0].Themes) != 1 {
			t.Errorf("card lacks what lists show: %+v", cards[0])
		}
		if other, err := plan.CommitmentCards(ctx, d.R(), f.site.ID+1, f.plan.ID); err != nil || len(other) != 0 {
			t.Errorf("another site's cards: %d %v", len(other), err)
		}
	})
}
