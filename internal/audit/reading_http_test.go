package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
)

// TestLedgerReadable serves a ledger holding a progress update of
// commitment TTA-03 from 40% to 60% and reads the page in Arabic, French
// and English: the entry is one sentence in each language naming the
// commitment by its reference, its fields are named for people with
// before and after side by side, and the download is still the stored
// entries, byte for byte, in the documented format.
func TestLedgerReadable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID := newSite(t, d, "readable")
		var commitmentID int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			p := &plan.Plan{SiteID: siteID, Slug: "p", Title: i18n.Text{i18n.AR: "خطة"}, PeriodStart: 2024, PeriodEnd: 2026,
				Status: plan.PlanImplementing}
			if err := plan.UpsertPlan(ctx, tx, p); err != nil {
				return err
			}
			c := &plan.Commitment{PlanID: p.ID, Ref: "TTA-03", Title: i18n.Text{i18n.AR: "التزام", i18n.FR: "Engagement"}}
			if err := plan.UpsertCommitment(ctx, tx, siteID, c); err != nil {
				return err
			}
			commitmentID = c.ID
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		record(t, d, siteID, audit.Change{ActorID: 1, ActorName: "Amina", Action: audit.ActionCreate, Entity: "progress_update",
			EntityID: 77, CommitmentID: &commitmentID, Summary: "progress update: commitment TTA-03",
			Before: map[string]any{"progress": 40, "status": "in_progress"},
			After: map[string]any{"progress": 60, "status": "in_progress", "date": "2024-05-02",
				"text": i18n.Text{i18n.AR: "تم تجهيز القاعة", i18n.FR: "La salle est équipée"}, "evidence": []any{}, "milestone_id": nil}})
		srv, err := server.New(ctx, d, server.Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		fx := &ledgerFixture{ts: ts, d: d}
		host := "readable.test"

		for _, c := range []struct {
			lang string
			want []string
		}{
			{"ar", []string{"تحديث التقدم في \u2068TTA-03\u2069: من 40% إلى 60%", "<caption>نسبة التقدم</caption>",
				`lang="ar">تم تجهيز القاعة</bdi>`, "في طور الإنجاز", "2 ماي 2024"}},
			{"fr", []string{"Point d’avancement sur \u2068TTA-03\u2069 : 40\u202f% → 60\u202f%", "<caption>Avancement</caption>",
				`lang="fr">La salle est équipée</bdi>`, "En cours", "2 mai 2024"}},
			{"en", []string{"Progress update on \u2068TTA-03\u2069: 40% → 60%", "<caption>Progress</caption>",
				`lang="ar">تم تجهيز القاعة</bdi>`, "In progress", "2 May 2024"}},
		} {
			r := fx.get(t, "/audit?lang="+c.lang, "Host", host)
			if r.status != 200 {
				t.Fatalf("%s: %d", c.lang, r.status)
			}
			for _, w := range append(c.want, "40", "60", "progress update: commitment TTA-03") {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: page lacks %q", c.lang, w)
				}
			}
			// Fields are named for people, not by their stored names.
			for _, bad := range []string{"<code>progress</code>", "<code>milestone_id</code>", "{&#34;ar&#34;"} {
				if strings.Contains(r.body, bad) {
					t.Errorf("%s: page shows %q", c.lang, bad)
				}
			}
		}

		// The download is the stored entries, one JSON object per line with
		// exactly the documented keys in the documented order, and none of
		// the page's wording.
		r := fx.get(t, "/audit/download", "Host", host, "Accept-Encoding", "identity")
		if r.status != 200 || r.header.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("download: %d %s", r.status, r.header.Get("Content-Type"))
		}
		es := entries(t, d, siteID)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		for _, e := range es {
			if err := enc.Encode(downloadV1{ID: e.ID, SiteID: e.SiteID, Seq: e.Seq, At: e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
				ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID,
				CommitmentID: e.CommitmentID, OrganisationID: e.OrganisationID, Summary: e.Summary, BeforeData: e.BeforeData,
				AfterData: e.AfterData, PrevHash: e.PrevHash, Hash: e.Hash}); err != nil {
				t.Fatal(err)
			}
		}
		if r.body != want.String() {
			t.Errorf("download changed:\n got %s\nwant %s", r.body, want.String())
		}
		if !strings.Contains(r.body, `"before_data":"{\"progress\":40,\"status\":\"in_progress\"}"`) {
			t.Errorf("download lacks the stored before_data: %s", r.body)
		}
		for _, bad := range []string{"Progress update on", "Point d’avancement", "تحديث التقدم", "\u2068"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("download has the page's wording %q", bad)
			}
		}
	})
}

// downloadV1 is a line of the download as docs/audit.md documents it, kept
// here apart from the code so that a change of format fails the test.
type downloadV1 struct {
	ID             int64  `json:"id"`
	SiteID         int64  `json:"site_id"`
	Seq            int64  `json:"seq"`
	At             string `json:"at"`
	ActorID        *int64 `json:"actor_id"`
	ActorName      string `json:"actor_name"`
	Action         string `json:"action"`
	Entity         string `json:"entity"`
	EntityID       int64  `json:"entity_id"`
	CommitmentID   *int64 `json:"commitment_id"`
	OrganisationID *int64 `json:"organisation_id"`
	Summary        string `json:"summary"`
	BeforeData     string `json:"before_data"`
	AfterData      string `json:"after_data"`
	PrevHash       string `json:"prev_hash"`
	Hash           string `json:"hash"`
}
