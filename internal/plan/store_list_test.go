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

// The latest updates of a site come from every plan, each with its own
// commitment's reference and title and its plan: a second plan's updates
// once linked to an empty commitment on the home page.
func TestLatestUpdateLinesAcrossPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := seed(t, d)
		var second plan.Plan
		var other plan.Commitment
		err := d.InTx(ctx, func(tx *db.Tx) error {
			second = plan.Plan{SiteID: f.site.ID, Slug: "p2", Title: text("خطة ثانية", "Second plan"), PeriodStart: 2024, PeriodEnd: 2026,
				Status: plan.PlanDrafting}
			if err := plan.UpsertPlan(ctx, tx, &second); err != nil {
				return err
			}
			other = plan.Commitment{PlanID: second.ID, Ref: "D-7", Title: text("التزام آخر", "Autre engagement"),
				StartDate: db.NewDate(2024, 1, 1), EndDate: db.NewDate(2026, 12, 31)}
			if err := plan.UpsertCommitment(ctx, tx, f.site.ID, &other); err != nil {
				return err
			}
			for _, u := range []plan.Update{
				{CommitmentID: f.commitment.ID, OccurredOn: db.NewDate(2022, 5, 1), Body: text("أول", "Premier"), Status: plan.InProgress, Progress: 10},
				{CommitmentID: other.ID, OccurredOn: db.NewDate(2024, 3, 1), Body: text("ثان", "Second"), Status: plan.InProgress, Progress: 20},
				{CommitmentID: f.commitment.ID, OccurredOn: db.NewDate(2023, 2, 1), Body: text("ثالث", "Troisième"), Status: plan.InProgress, Progress: 30},
			} {
				if err := plan.AddUpdate(ctx, tx, f.site.ID, &u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		lines, err := plan.LatestUpdateLines(ctx, d.R(), f.site.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 {
			t.Fatalf("%d lines, want 2 (the limit)", len(lines))
		}
		newest, next := lines[0], lines[1]
		if newest.CommitmentID != other.ID || newest.Ref != "D-7" || newest.Title.In("fr") != "Autre engagement" ||
			newest.PlanID != second.ID || newest.PlanSlug != "p2" || newest.PlanTitle.In("fr") != "Second plan" || newest.Progress != 20 {
			t.Errorf("newest line %+v", newest)
		}
		if next.CommitmentID != f.commitment.ID || next.Ref != "C-1" || next.PlanSlug != "p" || next.Body.In("fr") != "Troisième" {
			t.Errorf("next line %+v", next)
		}
		if none, err := plan.LatestUpdateLines(ctx, d.R(), f.site.ID+1, 5); err != nil || len(none) != 0 {
			t.Errorf("another site's lines: %d %v", len(none), err)
		}
	})
}
