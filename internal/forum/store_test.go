package forum_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func upload(name string) files.Upload {
	return files.Upload{Hash: hashOf(name), Name: name, ContentType: "application/pdf", Size: int64(len(name))}
}

func ts(y int, m time.Month, d, h int) db.Timestamp {
	return db.Timestamp{Time: time.Date(y, m, d, h, 0, 0, 0, time.UTC)}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var siteID, orgID, otherSite int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for _, s := range []*site.Site{{Slug: "s", Name: i18n.Text{i18n.AR: "جهة"}, Timezone: "Africa/Casablanca"}, {Slug: "o", Name: i18n.Text{i18n.AR: "أخرى"}}} {
				if err := site.Upsert(ctx, tx, s); err != nil {
					return err
				}
				if siteID == 0 {
					siteID = s.ID
				} else {
					otherSite = s.ID
				}
			}
			org := &account.Organisation{SiteID: siteID, Slug: "assoc", Kind: account.Association, Name: i18n.Text{i18n.AR: "جمعية"}}
			if err := account.UpsertOrganisation(ctx, tx, org); err != nil {
				return err
			}
			orgID = org.ID
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := forum.Get(ctx, d.R(), siteID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("no forum yet: %v", err)
		}

		// The forum, its members and a meeting with a document.
		f := &forum.Forum{SiteID: siteID, Name: i18n.Text{i18n.AR: "المنتدى"}, Rules: i18n.Text{i18n.AR: "# القواعد"}}
		m := &forum.Member{SiteID: siteID, Name: "Amina", OrganisationID: orgID, Seat: forum.CivilSociety, Gender: forum.Female}
		m2 := &forum.Member{SiteID: siteID, Name: "Karim", OrganisationID: 999999, Seat: forum.Government, Gender: forum.Male}
		doc := upload("minutes.pdf")
		mt := &forum.Meeting{SiteID: siteID, StartsAt: ts(2022, 3, 10, 9), Timezone: "Africa/Casablanca",
			Title: i18n.Text{i18n.AR: "الاجتماع الأول"}, AttendanceGovernment: 5, AttendanceCivilSociety: 6,
			Documents: []forum.File{{Hash: doc.Hash}}}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := forum.Save(ctx, tx, f, 0); err != nil {
				return err
			}
			if err := forum.CreateMember(ctx, tx, m); err != nil {
				return err
			}
			if err := forum.CreateMember(ctx, tx, m2); err != nil {
				return err
			}
			if err := files.Record(ctx, tx, siteID, doc); err != nil {
				return err
			}
			return forum.CreateMeeting(ctx, tx, mt)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := forum.Get(ctx, d.R(), siteID)
		if err != nil || got.Rules[i18n.AR] != "# القواعد" || got.Version != 1 {
			t.Fatalf("forum: %+v %v", got, err)
		}
		members, err := forum.Members(ctx, d.R(), siteID)
		if err != nil || len(members) != 2 {
			t.Fatalf("members: %+v %v", members, err)
		}
		if members[0].Name != "Karim" || members[0].OrganisationID != 0 {
			t.Errorf("government first, and an unknown organisation is dropped: %+v", members[0])
		}
		if members[1].Organisation[i18n.AR] != "جمعية" || members[1].Gender != forum.Female {
			t.Errorf("member: %+v", members[1])
		}
		if other, _ := forum.Members(ctx, d.R(), otherSite); len(other) != 0 {
			t.Errorf("another site sees %v", other)
		}
		// Stale edits are refused.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			m.Name = "Amina B."
			if err := forum.UpdateMember(ctx, tx, m, 1); err != nil {
				return err
			}
			return forum.UpdateMember(ctx, tx, m, 1)
		})
		if !forum.IsStale(err) {
			t.Fatalf("stale member update: %v", err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return forum.Save(ctx, tx, got, 7) })
		if !forum.IsStale(err) {
			t.Fatalf("stale forum update: %v", err)
		}

		one, err := forum.MeetingByID(ctx, d.R(), siteID, mt.ID)
		if err != nil || len(one.Documents) != 1 || one.Documents[0].Name != "minutes.pdf" || !one.StartsAt.Equal(mt.StartsAt.Time) {
			t.Fatalf("meeting: %+v %v", one, err)
		}
		if _, err := forum.MeetingByID(ctx, d.R(), otherSite, mt.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("meeting from another site: %v", err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			one.Documents = nil
			one.AttendanceCivilSociety = 0
			return forum.UpdateMeeting(ctx, tx, one, one.Version)
		})
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := forum.MeetingByID(ctx, d.R(), siteID, mt.ID); len(again.Documents) != 0 || again.WithCivilSociety() {
			t.Errorf("updated meeting: %+v", again)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { return forum.UpdateMeeting(ctx, tx, one, one.Version) })
		if err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			one.Documents = []forum.File{{Hash: doc.Hash}}
			return forum.UpdateMeeting(ctx, tx, one, one.Version)
		})
		if err != nil {
			t.Fatal(err)
		}

		// A plan with an evidence file, a consultation document and the
		// meeting's document: the repository lists all three.
		user, _ := accounttest.NewUser(t, d, siteID, auth.Citizen)
		evFile, coFile := upload("report.pdf"), upload("draft.pdf")
		var commitmentID int64
		err = d.InTx(ctx, func(tx *db.Tx) error {
			p := &plan.Plan{SiteID: siteID, Slug: "p", Title: i18n.Text{i18n.AR: "خطة"}, PeriodStart: 2021, PeriodEnd: 2023,
				Status: plan.PlanImplementing, Stages: []plan.Stage{{Title: i18n.Text{i18n.AR: "مرحلة"}, StartsOn: db.NewDate(2030, 1, 1)}}}
			if err := plan.UpsertPlan(ctx, tx, p); err != nil {
				return err
			}
			c := &plan.Commitment{PlanID: p.ID, Ref: "C1", Position: 1, Title: i18n.Text{i18n.AR: "التزام"}, Status: plan.NotStarted}
			if err := plan.UpsertCommitment(ctx, tx, siteID, c); err != nil {
				return err
			}
			commitmentID = c.ID
			for _, u := range []files.Upload{evFile, coFile} {
				if err := files.Record(ctx, tx, siteID, u); err != nil {
					return err
				}
			}
			up := &plan.Update{CommitmentID: c.ID, OccurredOn: db.NewDate(2022, 6, 1), Status: plan.InProgress, Progress: 10,
				Body: i18n.Text{i18n.AR: "تقدم"}, Evidence: []plan.Evidence{{Title: i18n.Text{i18n.AR: "تقرير"}, URL: evFile.URL(), Kind: "document"},
					{Title: i18n.Text{i18n.AR: "رابط"}, URL: "https://example.org/x", Kind: "link"}}}
			if err := plan.AddUpdate(ctx, tx, siteID, up); err != nil {
				return err
			}
			co := &consult.Consultation{SiteID: siteID, CommitmentID: &c.ID, Title: i18n.Text{i18n.AR: "استشارة"},
				Kinds: []consult.Kind{consult.Kinds[0]}, OpensAt: ts(2022, 1, 1, 0), ClosesAt: ts(2022, 2, 1, 0), PublishedAt: ts(2021, 12, 1, 0),
				Documents: []consult.Document{{Title: i18n.Text{i18n.AR: "مسودة"}, FileHash: coFile.Hash}}}
			if err := consult.CreateConsultation(ctx, tx, co); err != nil {
				return err
			}
			for i := range 2 {
				pr := &consult.Proposal{SiteID: siteID, ConsultationID: co.ID, AuthorID: user.ID, Kind: consult.Kinds[0],
					Title: "مقترح", Body: "نص المقترح " + string(rune('a'+i))}
				if err := consult.AddProposal(ctx, tx, pr); err != nil {
					return err
				}
				if i == 0 {
					if err := consult.SetResponse(ctx, tx, pr.ID, &consult.Response{Outcome: consult.NotAccepted, Reason: i18n.Text{i18n.AR: "لأن"}}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation("Africa/Casablanca")
		docs, err := forum.Documents(ctx, d.R(), siteID, forum.DocFilter{}, testNow, loc)
		if err != nil {
			t.Fatal(err)
		}
		byType := map[forum.DocType]forum.Document{}
		for _, x := range docs {
			byType[x.Type] = x
		}
		if len(docs) != 3 || byType[forum.DocEvidence].SHA256 != evFile.Hash || byType[forum.DocConsultation].SHA256 != coFile.Hash ||
			byType[forum.DocForum].SHA256 != doc.Hash {
			t.Fatalf("documents: %+v", docs)
		}
		ev := byType[forum.DocEvidence]
		if ev.CommitmentID != commitmentID || ev.Date.String() != "2022-06-01" || ev.URL != "/files/"+evFile.Hash || ev.Title[i18n.AR] != "تقرير" {
			t.Errorf("evidence document: %+v", ev)
		}
		if docs[0].Type != forum.DocEvidence || docs[2].Type != forum.DocConsultation {
			t.Errorf("order, latest first: %v %v %v", docs[0].Type, docs[1].Type, docs[2].Type)
		}
		for _, c := range []struct {
			f    forum.DocFilter
			want int
		}{
			{forum.DocFilter{Type: forum.DocForum}, 1},
			{forum.DocFilter{Commitment: commitmentID}, 2},
			{forum.DocFilter{From: db.NewDate(2022, 3, 10)}, 2},
			{forum.DocFilter{From: db.NewDate(2022, 1, 1), To: db.NewDate(2022, 3, 9)}, 1},
			{forum.DocFilter{Type: forum.DocEventPhoto}, 0},
		} {
			got, err := forum.Documents(ctx, d.R(), siteID, c.f, testNow, loc)
			if err != nil || len(got) != c.want {
				t.Errorf("filter %+v: %d documents (%v), want %d", c.f, len(got), err, c.want)
			}
		}
		if other, _ := forum.Documents(ctx, d.R(), otherSite, forum.DocFilter{}, testNow, loc); len(other) != 0 {
			t.Errorf("another site sees %v", other)
		}

		// The facts of the requirements.
		p, facts, err := forum.Gather(ctx, d.R(), siteID, "p", testNow, loc)
		if err != nil {
			t.Fatal(err)
		}
		if p.Slug != "p" || !facts.Forum || len(facts.Meetings) != 1 || facts.Meetings[0].CivilSociety || len(facts.Updates) != 1 ||
			len(facts.Documents) != 3 || len(facts.Tallies) != 1 || facts.Tallies[0].Proposals != 2 || facts.Tallies[0].Responded != 1 {
			t.Fatalf("facts: %+v", facts)
		}
		if !facts.StagesStart.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) || facts.PeriodStart != 2021 || facts.Published.IsZero() {
			t.Errorf("plan facts: %+v", facts)
		}
		if _, _, err := forum.Gather(ctx, d.R(), siteID, "nope", testNow, loc); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown plan: %v", err)
		}

		err = d.InTx(ctx, func(tx *db.Tx) error { return forum.DeleteMember(ctx, tx, siteID, m2.ID) })
		if err != nil {
			t.Fatal(err)
		}
		if ms, _ := forum.Members(ctx, d.R(), siteID); len(ms) != 1 {
			t.Errorf("after delete: %v", ms)
		}
	})
}
