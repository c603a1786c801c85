package consult_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// fixture is a site with a draft plan, a commitment led by an organisation,
// and a verified association.
type fixture struct {
	siteID, planID, commitmentID, leadID, assocID int64
}

func newFixture(t *testing.T, d *db.DB, siteID int64) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{siteID: siteID}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if f.siteID == 0 {
			s := site.Site{Slug: "region", Name: i18n.Text{i18n.AR: "الجهة"}, Timezone: "Africa/Casablanca"}
			if err := site.Upsert(ctx, tx, &s); err != nil {
				return err
			}
			f.siteID = s.ID
		}
		s := site.Site{ID: f.siteID}
		lead := account.Organisation{SiteID: s.ID, Slug: "council", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس الجهة"}}
		assoc := account.Organisation{SiteID: s.ID, Slug: "assoc", Kind: account.Association, Name: i18n.Text{i18n.AR: "جمعية الشفافية", i18n.FR: "Association Transparence"}}
		for _, o := range []*account.Organisation{&lead, &assoc} {
			if err := account.UpsertOrganisation(ctx, tx, o); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET verified = ? WHERE id = ?`, true, assoc.ID); err != nil {
			return err
		}
		f.leadID, f.assocID = lead.ID, assoc.ID
		p := plan.Plan{SiteID: s.ID, Slug: "plan-2025-2027", Title: i18n.Text{i18n.AR: "مشروع خطة العمل"},
			PeriodStart: 2025, PeriodEnd: 2027, Status: plan.PlanCoCreation}
		if err := plan.UpsertPlan(ctx, tx, &p); err != nil {
			return err
		}
		f.planID = p.ID
		c := plan.Commitment{PlanID: p.ID, Ref: "C-01", Title: i18n.Text{i18n.AR: "الميزانية المواطنة"},
			Status: plan.NotStarted, Lead: &plan.OrgRef{ID: lead.ID}}
		if err := plan.UpsertCommitment(ctx, tx, s.ID, &c); err != nil {
			return err
		}
		f.commitmentID = c.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d, 0)
		author, _ := accounttest.NewUser(t, d, f.siteID, auth.Member, f.assocID)
		supporter, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
		now := time.Now().UTC()
		k := &consult.Consultation{SiteID: f.siteID, PlanID: &f.planID,
			Title:       i18n.Text{i18n.AR: "استشارة حول مشروع الخطة", i18n.FR: "Consultation sur le projet de plan"},
			Description: i18n.Text{i18n.AR: "شاركوا باقتراحاتكم."},
			Kinds:       []consult.Kind{consult.NewCommitment, consult.General},
			OpensAt:     db.Timestamp{Time: now.Add(-time.Hour)}, ClosesAt: db.Timestamp{Time: now.Add(24 * time.Hour)},
			Documents: []consult.Document{{Title: i18n.Text{i18n.AR: "مشروع الخطة"}, URL: "https://example.org/draft.pdf"}},
		}
		var p1, p2 consult.Proposal
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := consult.CreateConsultation(ctx, tx, k); err != nil {
				return err
			}
			p1 = consult.Proposal{SiteID: f.siteID, ConsultationID: k.ID, AuthorID: author.ID, Kind: consult.General,
				Title: "نشر محاضر الدورات", Body: "نقترح نشر محاضر دورات المجلس داخل أجل شهر."}
			p2 = p1
			p2.OrganisationID = &f.assocID
			p2.Title, p2.Body = "ميزانية تشاركية للشباب", "نقترح تخصيص جزء من الميزانية لمشاريع يختارها الشباب."
			if err := consult.AddProposal(ctx, tx, &p1); err != nil {
				return err
			}
			return consult.AddProposal(ctx, tx, &p2)
		})
		if err != nil {
			t.Fatal(err)
		}

		got, err := consult.ConsultationByID(ctx, d.R(), f.siteID, k.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if got.Phase != consult.Draft || got.ProposalCount != 2 || got.UnansweredLeft != 2 || len(got.Documents) != 1 ||
			got.Documents[0].URL != "https://example.org/draft.pdf" || got.SubjectURL != "/plans/plan-2025-2027" ||
			!got.Accepts(consult.General) || got.Accepts(consult.Amendment) || got.SubjectTitle[i18n.AR] != "مشروع خطة العمل" {
			t.Errorf("consultation %+v", got)
		}
		if _, err := consult.ConsultationByID(ctx, d.R(), f.siteID+1000, k.ID, now); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another site's consultation: %v", err)
		}
		public, err := consult.Consultations(ctx, d.R(), f.siteID, false, 0, 10, now)
		if err != nil || len(public) != 0 {
			t.Errorf("a draft is not public: %v %v", public, err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return consult.SetPublished(ctx, tx, f.siteID, k.ID, now) })
		if err != nil {
			t.Fatal(err)
		}
		public, err = consult.Consultations(ctx, d.R(), f.siteID, false, 0, 10, now)
		if err != nil || len(public) != 1 || public[0].Phase != consult.Open {
			t.Fatalf("published: %+v %v", public, err)
		}

		// Edit with a stale version.
		got.Title = i18n.Text{i18n.AR: "عنوان جديد"}
		got.Documents = nil
		err = d.InTx(ctx, func(tx *db.Tx) error { return consult.UpdateConsultation(ctx, tx, got, got.Version) })
		if !errors.Is(err, consult.ErrStale) {
			t.Errorf("stale edit: %v", err)
		}
		got, _ = consult.ConsultationByID(ctx, d.R(), f.siteID, k.ID, now)
		got.Title, got.Documents = i18n.Text{i18n.AR: "عنوان جديد"}, nil
		if err := d.InTx(ctx, func(tx *db.Tx) error { return consult.UpdateConsultation(ctx, tx, got, got.Version) }); err != nil {
			t.Fatal(err)
		}
		got, _ = consult.ConsultationByID(ctx, d.R(), f.siteID, k.ID, now)
		if got.Title[i18n.AR] != "عنوان جديد" || len(got.Documents) != 0 {
			t.Errorf("edited %+v", got)
		}

		// Supports: once per person.
		err = d.InTx(ctx, func(tx *db.Tx) error { return consult.AddSupport(ctx, tx, p1.ID, supporter.ID) })
		if err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return consult.AddSupport(ctx, tx, p1.ID, supporter.ID) })
		if !errors.Is(err, consult.ErrAlreadySupports) {
			t.Errorf("second support: %v", err)
		}
		if ok, err := consult.Supports(ctx, d.R(), p1.ID, supporter.ID); !ok || err != nil {
			t.Errorf("Supports = %v %v", ok, err)
		}

		// Responses.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return consult.SetResponse(ctx, tx, p2.ID, &consult.Response{Outcome: consult.Merged, CommitmentID: &f.commitmentID,
				Reason: i18n.Text{i18n.AR: "أدمج في الالتزام C-01."}, ResponderID: &author.ID, ResponderName: "المسؤول"})
		})
		if err != nil {
			t.Fatal(err)
		}
		ps, err := consult.ProposalsOf(ctx, d.R(), f.siteID, k.ID)
		if err != nil || len(ps) != 2 {
			t.Fatalf("proposals %v %v", ps, err)
		}
		if ps[0].Supports != 1 || ps[0].Author.Kind != "person" || ps[0].Author.Name != author.Name || ps[0].Response != nil ||
			ps[0].Status != consult.Submitted {
			t.Errorf("first proposal %+v", ps[0])
		}
		r := ps[1].Response
		if ps[1].Author.Kind != "organisation" || ps[1].Author.Name != "" || ps[1].Author.Organisation[i18n.AR] != "جمعية الشفافية" ||
			r == nil || r.Outcome != consult.Merged || r.Commitment == nil || r.Commitment.Ref != "C-01" ||
			ps[1].Status != string(consult.Merged) || r.ResponderName != "المسؤول" || r.RespondedAt.IsZero() {
			t.Errorf("second proposal %+v %+v", ps[1], r)
		}
		got, _ = consult.ConsultationByID(ctx, d.R(), f.siteID, k.ID, now)
		if got.UnansweredLeft != 1 {
			t.Errorf("unanswered %d", got.UnansweredLeft)
		}
		last, err := consult.LastProposalBy(ctx, d.R(), f.siteID, author.ID)
		if err != nil || last == nil || last.ID != p2.ID {
			t.Errorf("last proposal %+v %v", last, err)
		}
		if none, err := consult.LastProposalBy(ctx, d.R(), f.siteID, supporter.ID); none != nil || err != nil {
			t.Errorf("no proposal yet: %+v %v", none, err)
		}
		page, err := consult.ProposalsPage(ctx, d.R(), f.siteID, 0, p1.ID, 10)
		if err != nil || len(page) != 1 || page[0].ID != p2.ID {
			t.Errorf("page after the cursor %+v %v", page, err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return consult.RemoveSupport(ctx, tx, p1.ID, supporter.ID) }); err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return consult.RemoveSupport(ctx, tx, p1.ID, supporter.ID) })
		if !errors.Is(err, consult.ErrNoSupport) {
			t.Errorf("remove twice: %v", err)
		}
		orgs, err := consult.OrganisationsOf(ctx, d.R(), f.siteID, author.ID)
		if err != nil || len(orgs) != 1 || !orgs[0].Active || !orgs[0].Verified {
			t.Errorf("organisations of the author %+v %v", orgs, err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return consult.SetClosed(ctx, tx, f.siteID, k.ID, now) }); err != nil {
			t.Fatal(err)
		}
		got, _ = consult.ConsultationByID(ctx, d.R(), f.siteID, k.ID, now)
		if got.Phase != consult.Closed {
			t.Errorf("closed: %s", got.Phase)
		}
	})
}
