package participation_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/participation"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The test servers' clock: 20 May 2026. April and May hold the contributions.
var (
	testNow = time.Date(2026, 5, 20, 10, 0, 0, 0, time.UTC)
	april   = time.Date(2026, 4, 15, 9, 0, 0, 0, time.UTC)
	may     = time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
)

// fixture is a site with two published consultations and a draft, and
// what four people, an organisation and a guest contributed in April and
// May, some of it hidden. The expected figures are written beside it.
type fixture struct {
	*servertest.Env
	k1, k2 int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	e := &fixture{Env: servertest.New(t, d, testNow)}
	a, b, c := e.SignIn(auth.Citizen), e.SignIn(auth.Citizen), e.SignIn(auth.Citizen)
	org := &account.Organisation{SiteID: e.SiteID, Slug: "assoc", Kind: account.Association, Name: i18n.Text{i18n.AR: "جمعية", i18n.FR: "Association"}}
	m := e.SignIn(auth.Member)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := account.UpsertOrganisation(ctx, tx, org); err != nil {
			return err
		}
		consultation := func(title string, opens time.Time, published bool) (int64, error) {
			k := &consult.Consultation{SiteID: e.SiteID, Title: i18n.Text{i18n.AR: title, i18n.FR: title}, Kinds: []consult.Kind{consult.General},
				OpensAt: db.Timestamp{Time: opens}, ClosesAt: db.Timestamp{Time: opens.AddDate(0, 2, 0)}}
			if published {
				k.PublishedAt = db.Timestamp{Time: opens}
			}
			err := consult.CreateConsultation(ctx, tx, k)
			return k.ID, err
		}
		var err error
		if e.k1, err = consultation("Consultation un", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), true); err != nil {
			return err
		}
		if e.k2, err = consultation("Consultation deux", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), true); err != nil {
			return err
		}
		draft, err := consultation("Brouillon", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), false)
		if err != nil {
			return err
		}
		proposal := func(k, user int64, orgID *int64, at time.Time) (int64, error) {
			p := &consult.Proposal{SiteID: e.SiteID, ConsultationID: k, AuthorID: user, OrganisationID: orgID, Kind: consult.General,
				Title: "Une proposition", Body: strings.Repeat("texte ", 5), CreatedAt: db.Timestamp{Time: at}}
			err := consult.AddProposal(ctx, tx, p)
			return p.ID, err
		}
		p1, err := proposal(e.k1, a.ID, nil, april)
		if err != nil {
			return err
		}
		if _, err := proposal(e.k1, m.ID, &org.ID, april); err != nil {
			return err
		}
		p3, err := proposal(e.k2, b.ID, nil, may)
		if err != nil {
			return err
		}
		if _, err := proposal(draft, c.ID, nil, may); err != nil { // a draft's: not counted
			return err
		}
		p5, err := proposal(e.k1, a.ID, nil, may)
		if err != nil {
			return err
		}
		if err := consult.SetHidden(ctx, tx, e.SiteID, p5, true); err != nil { // hidden: not counted
			return err
		}
		for _, s := range [][2]int64{{p1, b.ID}, {p1, c.ID}, {p3, a.ID}, {p5, c.ID}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_supports (proposal_id, user_id, created_at) VALUES (?, ?, ?)`,
				s[0], s[1], db.Timestamp{Time: may}); err != nil {
				return err
			}
		}
		for _, cm := range []struct {
			kind   string
			target int64
			user   any
			guest  string
			status string
		}{
			{"proposal", p1, c.ID, "", "visible"},
			{"proposal", p1, nil, "Guest", "visible"}, // a contribution, not a participant
			{"proposal", p1, b.ID, "", "hidden"},      // not shown: not counted
			{"news", 1, a.ID, "", "visible"},          // counted by month, not in a consultation
			{"proposal", p5, b.ID, "", "visible"},     // on a hidden proposal: not counted
		} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, user_id, guest_name, body,
				body_html, status, created_at) VALUES (?, ?, ?, ?, ?, 'x', 'x', ?, ?)`,
				e.SiteID, cm.kind, cm.target, cm.user, cm.guest, cm.status, db.Timestamp{Time: may}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestFigures(t *testing.T) { dbtest.Each(t, testFigures) }

func testFigures(t *testing.T, d *db.DB) {
	e := newFixture(t, d)
	ctx := context.Background()
	from := participation.WindowStart(testNow)
	if want := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("window from %s, want %s", from, want)
	}
	months, err := participation.ByMonth(ctx, d.R(), d.Dialect, e.SiteID, from)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]participation.Counts{
		"2026-04": {Proposals: 2, Participants: 2, Organisations: 1},
		"2026-05": {Proposals: 1, Comments: 3, Supports: 3, Participants: 3},
	}
	if len(months) != 2 || months["2026-04"] != want["2026-04"] || months["2026-05"] != want["2026-05"] {
		t.Errorf("by month %+v\nwant       %+v", months, want)
	}
	total, err := participation.Total(ctx, d.R(), d.Dialect, e.SiteID, from)
	if err != nil {
		t.Fatal(err)
	}
	if w := (participation.Counts{Proposals: 3, Comments: 3, Supports: 3, Participants: 4, Organisations: 1}); total != w {
		t.Errorf("total %+v, want %+v", total, w)
	}
	// A later window leaves April out.
	if may, err := participation.Total(ctx, d.R(), d.Dialect, e.SiteID, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil || may != want["2026-05"] {
		t.Errorf("May only: %+v %v", may, err)
	}
	cs, err := participation.ByConsultation(ctx, d.R(), d.Dialect, e.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID != e.k2 || cs[1].ID != e.k1 {
		t.Fatalf("consultations %+v", cs)
	}
	if w := (participation.Counts{Proposals: 1, Supports: 1, Participants: 2}); cs[0].Counts != w {
		t.Errorf("second consultation %+v, want %+v", cs[0].Counts, w)
	}
	if w := (participation.Counts{Proposals: 2, Supports: 2, Comments: 2, Participants: 4, Organisations: 1}); cs[1].Counts != w {
		t.Errorf("first consultation %+v, want %+v", cs[1].Counts, w)
	}
	// No contribution at all: zeros, not an error.
	empty, err := participation.Total(ctx, d.R(), d.Dialect, e.SiteID+1000, from)
	if err != nil || empty != (participation.Counts{}) {
		t.Errorf("empty site: %+v %v", empty, err)
	}
}

func TestFillMonths(t *testing.T) {
	got := participation.FillMonths(testNow, map[string]participation.Counts{"2026-04": {Proposals: 2}, "2023-06": {Comments: 1}, "2023-05": {Supports: 9}})
	if len(got) != participation.Months || !got[0].Month.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) ||
		!got[len(got)-1].Month.Equal(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("%d months from %s to %s", len(got), got[0].Month, got[len(got)-1].Month)
	}
	if got[1].Proposals != 2 || got[len(got)-1].Comments != 1 || got[0].Contributions() != 0 {
		t.Errorf("months %+v %+v %+v", got[0], got[1], got[len(got)-1])
	}
	// January back to the previous year's December.
	jan := participation.FillMonths(time.Date(2026, 1, 31, 23, 0, 0, 0, time.UTC), nil)
	if !jan[1].Month.Equal(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("month before January: %s", jan[1].Month)
	}
}

// TestPageAndCSV: the page in Arabic and French over a real socket, an
// accessible table per view, and the CSV of the same figures, without any
// person's name or address.
func TestPageAndCSV(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newFixture(t, d)
	ar := e.Get(e.Visitor(""), "/participation?lang=ar")
	for _, s := range []string{"المشاركة بالأرقام", `<th scope="row"><time datetime="2026-05">ماي 2026</time></th>`,
		`<th scope="col">المشاركون</th>`, "Consultation deux", `href="/participation.csv"`, `dir="rtl"`} {
		if !strings.Contains(ar.Body, s) {
			t.Errorf("ar page lacks %q", s)
		}
	}
	fr := e.Get(e.Visitor(""), "/participation?lang=fr")
	if fr.Status != http.StatusOK || !strings.Contains(fr.Body, "La participation en chiffres") || !strings.Contains(fr.Body, "avril 2026") ||
		!strings.Contains(fr.Body, "<caption>Contributions et participants par mois civil (UTC) depuis juin 2023") {
		t.Errorf("fr page: %d\n%s", fr.Status, servertest.Excerpt(fr.Body))
	}
	a := e.Get(e.Visitor(""), "/participation.csv?lang=fr")
	if a.Status != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(a.Body, "\xEF\xBB\xBF") {
		t.Fatalf("csv: %d %v", a.Status, a.Header)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(participation.CSVHeader, ",") || len(recs) != 1+participation.Months+1+2 {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	row := func(scope, key string) []string {
		for _, r := range recs {
			if r[0] == scope && (r[1] == key || r[2] == key) {
				return r
			}
		}
		t.Fatalf("no %s row %s", scope, key)
		return nil
	}
	if r := row("month", "2026-05"); strings.Join(r[4:], ",") != "1,3,3,7,3,0" {
		t.Errorf("May: %v", r)
	}
	if r := row("total", "2023-06/"); strings.Join(r[4:], ",") != "3,3,3,9,4,1" {
		t.Errorf("total: %v", r)
	}
	if r := row("consultation", strconv.FormatInt(e.k1, 10)); r[3] != "Consultation un" || strings.Join(r[4:], ",") != "2,2,2,6,4,1" {
		t.Errorf("first consultation: %v", r)
	}
	if strings.Contains(a.Body, "@") || strings.Contains(a.Body, "Guest") || strings.Contains(a.Body, "Test citizen") {
		t.Error("the CSV names someone")
	}
}
