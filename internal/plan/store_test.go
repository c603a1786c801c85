package plan_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func text(ar, fr string) i18n.Text { return i18n.Text{i18n.AR: ar, i18n.FR: fr} }

type fixture struct {
	site       *site.Site
	lead, ngo  *account.Organisation
	plan       *plan.Plan
	commitment *plan.Commitment
	milestones []*plan.Milestone
}

func seed(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		f.site = &site.Site{Slug: "s", Name: text("جهة", "Région")}
		if err := site.Upsert(ctx, tx, f.site); err != nil {
			return err
		}
		f.lead = &account.Organisation{SiteID: f.site.ID, Slug: "council", Kind: account.Government, Name: text("المجلس", "Conseil")}
		f.ngo = &account.Organisation{SiteID: f.site.ID, Slug: "ngo", Kind: account.Association, Name: text("جمعية", "Association")}
		for _, o := range []*account.Organisation{f.lead, f.ngo} {
			if err := account.UpsertOrganisation(ctx, tx, o); err != nil {
				return err
			}
		}
		f.plan = &plan.Plan{SiteID: f.site.ID, Slug: "p", Title: text("خطة", "Plan"), PeriodStart: 2021, PeriodEnd: 2023,
			Status: plan.PlanImplementing, Stages: []plan.Stage{{Title: text("دعوة", "Appel"), StartsOn: db.NewDate(2020, 12, 1)}}}
		if err := plan.UpsertPlan(ctx, tx, f.plan); err != nil {
			return err
		}
		f.commitment = &plan.Commitment{PlanID: f.plan.ID, Ref: "C-1", Title: text("التزام", "Engagement"),
			Values: []plan.Value{plan.CivicParticipation}, Themes: []string{"budget"},
			Lead: &plan.OrgRef{ID: f.lead.ID}, Partners: []plan.Partner{{OrgRef: plan.OrgRef{ID: f.ngo.ID}, Sector: plan.SectorCivilSociety}},
			StartDate: db.NewDate(2021, 1, 1), EndDate: db.NewDate(2030, 12, 31)}
		if err := plan.UpsertCommitment(ctx, tx, f.site.ID, f.commitment); err != nil {
			return err
		}
		for i, w := range []int{1, 3} {
			m := &plan.Milestone{CommitmentID: f.commitment.ID, Position: i + 1, Title: text("مرحلة", "Jalon"), Weight: w,
				EndDate: db.NewDate(2030, 1, 1), Responsible: &plan.OrgRef{ID: f.ngo.ID}}
			if err := plan.UpsertMilestone(ctx, tx, m); err != nil {
				return err
			}
			f.milestones = append(f.milestones, m)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return f
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := seed(t, d)

		t.Run("update rolls progress up", func(t *testing.T) {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				return plan.AddUpdate(ctx, tx, f.site.ID, &plan.Update{CommitmentID: f.commitment.ID, MilestoneID: &f.milestones[1].ID,
					OccurredOn: db.NewDate(2022, 5, 1), Body: text("تقدم", "Avancée"), Status: plan.InProgress, Progress: 60,
					Evidence: []plan.Evidence{{Title: text("محضر", "PV"), URL: "https://example.org/pv.pdf"}}})
			})
			if err != nil {
				t.Fatal(err)
			}
			c, err := plan.CommitmentByID(ctx, d.R(), f.site.ID, f.commitment.ID)
			if err != nil {
				t.Fatal(err)
			}
			// (0*1 + 60*3) / 4 = 45
			if c.Progress != 45 || c.Status != plan.InProgress {
				t.Errorf("progress %d status %s, want 45 in_progress", c.Progress, c.Status)
			}
			if len(c.Updates) != 1 || len(c.Updates[0].Evidence) != 1 || c.Updates[0].Evidence[0].URL != "https://example.org/pv.pdf" {
				t.Errorf("updates = %+v", c.Updates)
			}
			if len(c.Milestones) != 2 || c.Milestones[1].Progress != 60 || c.Milestones[1].Responsible == nil {
				t.Errorf("milestones = %+v", c.Milestones)
			}
			if c.Lead == nil || c.Lead.Slug != "council" || len(c.Partners) != 1 || c.Partners[0].Sector != plan.SectorCivilSociety {
				t.Errorf("lead %+v partners %+v", c.Lead, c.Partners)
			}
			if c.StartDate != db.NewDate(2021, 1, 1) || c.Title.In(i18n.FR) != "Engagement" {
				t.Errorf("fields did not round-trip: %v %v", c.StartDate, c.Title)
			}
		})

		t.Run("updates are newest first", func(t *testing.T) {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				return plan.AddUpdate(ctx, tx, f.site.ID, &plan.Update{CommitmentID: f.commitment.ID, MilestoneID: &f.milestones[0].ID,
					OccurredOn: db.NewDate(2023, 1, 10), Body: text("إنجاز", "Fait"), Status: plan.Completed, Progress: 100})
			})
			if err != nil {
				t.Fatal(err)
			}
			ups, err := plan.UpdatesOfCommitment(ctx, d.R(), f.commitment.ID)
			if err != nil || len(ups) != 2 || !ups[0].OccurredOn.After(ups[1].OccurredOn.Time) {
				t.Fatalf("updates %+v %v", ups, err)
			}
			latest, err := plan.LatestUpdates(ctx, d.R(), f.site.ID, 1)
			if err != nil || len(latest) != 1 || latest[0].ID != ups[0].ID {
				t.Errorf("latest %+v %v", latest, err)
			}
		})

		t.Run("bad updates are refused and change nothing", func(t *testing.T) {
			other := int64(999999)
			bad := []plan.Update{
				{CommitmentID: f.commitment.ID, MilestoneID: &other, OccurredOn: db.NewDate(2022, 1, 1), Body: text("x", "x"), Status: plan.InProgress, Progress: 10},
				{CommitmentID: f.commitment.ID, OccurredOn: db.NewDate(2022, 1, 1), Body: text("x", "x"), Status: plan.InProgress, Progress: 101},
				{CommitmentID: f.commitment.ID, OccurredOn: db.NewDate(2022, 1, 1), Body: text("x", "x"), Status: "done", Progress: 10},
				{CommitmentID: f.commitment.ID, Body: text("x", "x"), Status: plan.InProgress, Progress: 10},
				{CommitmentID: f.commitment.ID, OccurredOn: db.NewDate(2022, 1, 1), Status: plan.InProgress, Progress: 10},
			}
			for i, u := range bad {
				err := d.InTx(ctx, func(tx *db.Tx) error { return plan.AddUpdate(ctx, tx, f.site.ID, &u) })
				if !errors.Is(err, plan.ErrInvalid) {
					t.Errorf("bad update %d: %v", i, err)
				}
			}
			ups, _ := plan.UpdatesOfCommitment(ctx, d.R(), f.commitment.ID)
			if len(ups) != 2 {
				t.Errorf("a refused update left %d updates", len(ups))
			}
		})

		t.Run("upserts do not duplicate", func(t *testing.T) {
			again := *f.commitment
			again.Title = text("التزام معدل", "Engagement modifié")
			if err := d.InTx(ctx, func(tx *db.Tx) error { return plan.UpsertCommitment(ctx, tx, f.site.ID, &again) }); err != nil {
				t.Fatal(err)
			}
			cs, err := plan.Commitments(ctx, d.R(), f.site.ID, f.plan.ID)
			if err != nil || len(cs) != 1 || cs[0].ID != f.commitment.ID || cs[0].Title.In(i18n.AR) != "التزام معدل" {
				t.Errorf("commitments after upsert: %+v %v", cs, err)
			}
		})

		t.Run("invalid commitments", func(t *testing.T) {
			for _, c := range []plan.Commitment{
				{PlanID: f.plan.ID, Title: text("x", "x")},
				{PlanID: f.plan.ID, Ref: "X"},
				{PlanID: f.plan.ID, Ref: "X", Title: text("x", "x"), StartDate: db.NewDate(2022, 1, 1), EndDate: db.NewDate(2021, 1, 1)},
				{PlanID: f.plan.ID, Ref: "X", Title: text("x", "x"), Values: []plan.Value{"openness"}},
			} {
				err := d.InTx(ctx, func(tx *db.Tx) error { return plan.UpsertCommitment(ctx, tx, f.site.ID, &c) })
				if !errors.Is(err, plan.ErrInvalid) {
					t.Errorf("%+v: %v", c, err)
				}
			}
		})

		t.Run("lookups", func(t *testing.T) {
			if _, err := plan.PlanBySlug(ctx, d.R(), f.site.ID, "nope"); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("unknown slug: %v", err)
			}
			if _, err := plan.CommitmentByID(ctx, d.R(), f.site.ID+1, f.commitment.ID); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("another site's commitment: %v", err)
			}
			p, err := plan.PlanBySlug(ctx, d.R(), f.site.ID, "p")
			if err != nil || len(p.Stages) != 1 || p.Stages[0].StartsOn != db.NewDate(2020, 12, 1) {
				t.Errorf("plan %+v %v", p, err)
			}
			for _, org := range []int64{f.lead.ID, f.ngo.ID} {
				cs, err := plan.CommitmentsOfOrganisation(ctx, d.R(), f.site.ID, org)
				if err != nil || len(cs) != 1 {
					t.Errorf("organisation %d: %d commitments, %v", org, len(cs), err)
				}
			}
			page, err := plan.CommitmentsPage(ctx, d.R(), f.site.ID, f.commitment.ID, 10)
			if err != nil || len(page) != 0 {
				t.Errorf("page after the last: %d %v", len(page), err)
			}
		})

		t.Run("assessments", func(t *testing.T) {
			yes := true
			a := &plan.Assessment{PlanID: f.plan.ID, CommitmentID: &f.commitment.ID, Kind: plan.EndOfCommitment,
				AssessedOn: db.NewDate(2023, 2, 1), Verifiable: &yes, RelevantValues: []plan.Value{plan.CivicParticipation},
				Completion: plan.CompletionSubstantial, OpenedGovernment: plan.OpenedMajor, Assessor: text("هيئة", "Organe")}
			if err := d.InTx(ctx, func(tx *db.Tx) error { return plan.AddAssessment(ctx, tx, f.site.ID, a) }); err != nil {
				t.Fatal(err)
			}
			bad := &plan.Assessment{PlanID: f.plan.ID, Kind: "gossip", AssessedOn: db.NewDate(2023, 2, 1)}
			if err := d.InTx(ctx, func(tx *db.Tx) error { return plan.AddAssessment(ctx, tx, f.site.ID, bad) }); !errors.Is(err, plan.ErrInvalid) {
				t.Errorf("unknown kind: %v", err)
			}
			as, err := plan.AssessmentsOf(ctx, d.R(), f.plan.ID, &f.commitment.ID)
			if err != nil || len(as) != 1 || as[0].Verifiable == nil || !*as[0].Verifiable || as[0].OpenedGovernment != plan.OpenedMajor {
				t.Errorf("assessments %+v %v", as, err)
			}
		})
	})
}
