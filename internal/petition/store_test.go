package petition_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/secretkey"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var storeNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

type fixture struct {
	d         *db.DB
	siteID    int64
	agent     int64
	divisions []petition.Division
	keys      *petition.Keys
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d}
	keys, err := petition.NewKeys(secretkey.FromString("test key: 0123456789abcdef0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	f.keys = keys
	err = d.InTx(ctx, func(tx *db.Tx) error {
		s := site.Site{Slug: "s", Name: i18n.Text{i18n.AR: "جهة"}, Timezone: "Africa/Casablanca"}
		if err := site.Upsert(ctx, tx, &s); err != nil {
			return err
		}
		f.siteID = s.ID
		if err := petition.SaveSettings(ctx, tx, petition.Settings{SiteID: s.ID, Level: petition.Region, Population: 999_999,
			Rule: petition.Rule{Kind: petition.RegionPopulation}, CollectionDays: 30, CNDPNumber: "D-W-123/2026"}); err != nil {
			return err
		}
		for i, code := range []string{"tanger-assilah", "tetouan", "al-hoceima"} {
			dv := petition.Division{SiteID: s.ID, Code: code, Name: i18n.Text{i18n.AR: code}, Population: int64(100_000 * (i + 1)), Position: i}
			if err := petition.SaveDivision(ctx, tx, &dv); err != nil {
				return err
			}
			f.divisions = append(f.divisions, dv)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
	f.agent = u.ID
	return f
}

func (f *fixture) published(t *testing.T, title string) *petition.Petition {
	t.Helper()
	ctx := context.Background()
	p := &petition.Petition{SiteID: f.siteID, AgentID: f.agent, Title: title, Object: "o", Reasons: "r", AgendaItem: "a",
		WithinPowers: true, RespectsConstants: true}
	err := f.d.InTx(ctx, func(tx *db.Tx) error {
		if err := petition.Create(ctx, tx, p, storeNow); err != nil {
			return err
		}
		s, err := petition.LoadSettings(ctx, tx, f.siteID)
		if err != nil {
			return err
		}
		return petition.Publish(ctx, tx, p, s, storeNow)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) sign(p *petition.Petition, division int64, cin, email string) (string, error) {
	var token string
	err := f.d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		token, err = petition.Sign(context.Background(), tx, f.keys, p, petition.Signature{PetitionID: p.ID, DivisionID: division,
			FullName: "Signer " + email, CIN: cin, Email: email, Basis: petition.Resident, Locale: "ar"}, storeNow)
		return err
	})
	return token, err
}

func (f *fixture) confirm(token string) error {
	return f.d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := petition.Confirm(context.Background(), tx, f.siteID, token, storeNow.Add(time.Hour))
		return err
	})
}

// checkCounts fails unless every count equals the confirmed rows.
func (f *fixture) checkCounts(t *testing.T, p *petition.Petition) (total int) {
	t.Helper()
	ctx := context.Background()
	counts, err := petition.Counts(ctx, f.d.R(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts[p.ID] {
		var online, paper int
		if err := f.d.R().QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN source = 'online' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN source = 'paper' THEN 1 ELSE 0 END), 0)
			FROM petition_signatures WHERE petition_id = ? AND division_id = ? AND status = 'confirmed'`, p.ID, c.DivisionID).Scan(&online, &paper); err != nil {
			t.Fatal(err)
		}
		if online != c.Online || paper != c.Paper {
			t.Errorf("division %d: counts %d/%d, rows %d/%d", c.DivisionID, c.Online, c.Paper, online, paper)
		}
		total += c.Online + c.Paper
	}
	var rows int
	if err := f.d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND status = 'confirmed'`, p.ID).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != total {
		t.Errorf("counts %d, confirmed rows %d", total, rows)
	}
	return total
}

func TestStoreSettingsAndDivisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		s, err := petition.LoadSettings(ctx, d.R(), f.siteID)
		if err != nil || s.Population != 999_999 || s.CNDPNumber != "D-W-123/2026" || s.Requirement().Required != 300 || s.CollectionDays != 30 {
			t.Errorf("settings %+v %v", s, err)
		}
		if def, err := petition.LoadSettings(ctx, d.R(), f.siteID+1000); err != nil || !reflect.DeepEqual(def, petition.DefaultSettings(f.siteID+1000)) {
			t.Errorf("defaults %+v %v", def, err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			s.Rule = petition.Rule{Kind: petition.Custom, Required: 250, SharePercent: 10, ElectoralRoll: true}
			s.Level = petition.Commune
			return petition.SaveSettings(ctx, tx, s)
		})
		if err != nil {
			t.Fatal(err)
		}
		s, _ = petition.LoadSettings(ctx, d.R(), f.siteID)
		if q := s.Requirement(); q.Required != 250 || q.MinPerDivision != 25 || !q.ElectoralRoll || s.Level != petition.Commune {
			t.Errorf("custom rule read back: %+v %+v", s, q)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return petition.SaveSettings(ctx, tx, petition.Settings{SiteID: f.siteID, Level: "x", CollectionDays: 1, Rule: petition.Rule{Kind: petition.RegionPopulation}})
		})
		if !errors.Is(err, petition.ErrSettings) {
			t.Errorf("bad level: %v", err)
		}
		divs, err := petition.Divisions(ctx, d.R(), f.siteID)
		if err != nil || len(divs) != 3 || divs[0].Code != "tanger-assilah" || divs[2].Population != 300_000 {
			t.Errorf("divisions %+v %v", divs, err)
		}
	})
}

func TestStorePetitionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		draft := &petition.Petition{SiteID: f.siteID, AgentID: f.agent, Title: "مسودة", Object: "o", Reasons: "r", AgendaItem: "a"}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return petition.Create(ctx, tx, draft, storeNow) }); err != nil {
			t.Fatal(err)
		}
		p := f.published(t, "حافلات")
		if p.State != petition.Collecting || p.Required != 300 || p.SharePercent != 5 || !p.ClosesAt.Equal(storeNow.AddDate(0, 0, 30)) {
			t.Errorf("published %+v", p)
		}
		got, err := petition.ByID(ctx, d.R(), f.siteID, p.ID)
		if err != nil || got.Title != "حافلات" || got.State != petition.Collecting || !got.OpensAt.Equal(storeNow) {
			t.Errorf("read back %+v %v", got, err)
		}
		if _, err := petition.ByID(ctx, d.R(), f.siteID+1000, p.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another site: %v", err)
		}
		public, err := petition.List(ctx, d.R(), f.siteID, petition.Filter{})
		if err != nil || len(public) != 1 || public[0].ID != p.ID {
			t.Errorf("public list shows drafts: %v %v", public, err)
		}
		mine, _ := petition.List(ctx, d.R(), f.siteID, petition.Filter{Agent: f.agent})
		if len(mine) != 2 {
			t.Errorf("the agent's list: %d", len(mine))
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return petition.Publish(ctx, tx, p, petition.DefaultSettings(f.siteID), storeNow)
		})
		if !errors.Is(err, petition.ErrState) {
			t.Errorf("published twice: %v", err)
		}
		tl, err := petition.Timeline(ctx, d.R(), p.ID)
		if err != nil || len(tl) != 2 || tl[0].State != petition.Draft || tl[1].State != petition.Collecting {
			t.Errorf("timeline %+v %v", tl, err)
		}
	})
}

func TestStoreSignatures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		p := f.published(t, "p")
		token, err := f.sign(p, f.divisions[0].ID, "K123456", "a@example.org")
		if err != nil {
			t.Fatal(err)
		}
		// Pending: not counted.
		if n := f.checkCounts(t, p); n != 0 {
			t.Errorf("a pending signature counts: %d", n)
		}
		if _, err := f.sign(p, f.divisions[1].ID, "K123456", "b@example.org"); !errors.Is(err, petition.ErrAlreadySigned) {
			t.Errorf("same CIN: %v", err)
		}
		if got, err := petition.Pending(ctx, d.R(), f.siteID, token); err != nil || got.ID != p.ID {
			t.Errorf("pending: %v", err)
		}
		if err := f.confirm(token); err != nil {
			t.Fatal(err)
		}
		if err := f.confirm(token); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("confirmed twice: %v", err)
		}
		if _, err := petition.Pending(ctx, d.R(), f.siteID, token); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a used link is pending: %v", err)
		}
		if n := f.checkCounts(t, p); n != 1 {
			t.Errorf("confirmed: %d", n)
		}
		// The CIN is nowhere in the clear, and the verifier can read it back.
		var hash string
		var sealed []byte
		if err := d.R().QueryRowContext(ctx, `SELECT cin_hash, cin_cipher FROM petition_signatures WHERE petition_id = ?`, p.ID).Scan(&hash, &sealed); err != nil {
			t.Fatal(err)
		}
		if hash != f.keys.Hash("K123456") || string(sealed) == "K123456" {
			t.Errorf("stored %q %q", hash, sealed)
		}
		if cin, err := f.keys.Open(sealed); err != nil || cin != "K123456" {
			t.Errorf("open: %q %v", cin, err)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM petition_signatures WHERE cin_hash LIKE '%K123456%' OR full_name LIKE '%K123456%'
			OR email LIKE '%K123456%' OR basis LIKE '%K123456%'`); n != 0 {
			t.Errorf("a column holds the CIN")
		}
		// Another petition takes the same CIN.
		other := f.published(t, "other")
		if _, err := f.sign(other, f.divisions[0].ID, "K123456", "a@example.org"); err != nil {
			t.Errorf("another petition: %v", err)
		}
		// A closed collection takes none.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := petition.Sign(ctx, tx, f.keys, p, petition.Signature{DivisionID: f.divisions[0].ID, CIN: "L1", Basis: petition.Resident},
				storeNow.AddDate(0, 0, 31))
			return err
		})
		if !errors.Is(err, petition.ErrClosed) {
			t.Errorf("after closing: %v", err)
		}
	})
}

func countRows(t *testing.T, d *db.DB, q string) int {
	t.Helper()
	var n int
	if err := d.R().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStoreConcurrentSigning signs and confirms from many goroutines at
// once, some of them with the same CIN, and checks that every count equals
// the stored rows and that each CIN counts once.
func TestStoreConcurrentSigning(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		f := newFixture(t, d)
		p := f.published(t, "busy")
		const workers, each = 8, 12
		var wg sync.WaitGroup
		var mu sync.Mutex
		var signed, dup int
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					// Workers 2k and 2k+1 sign with the same CINs.
					cin := fmt.Sprintf("AB%d%03d", w/2, i)
					token, err := f.sign(p, f.divisions[(w+i)%3].ID, cin, fmt.Sprintf("w%d-%d@example.org", w, i))
					if errors.Is(err, petition.ErrAlreadySigned) {
						mu.Lock()
						dup++
						mu.Unlock()
						continue
					}
					if err == nil {
						err = f.confirm(token)
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					signed++
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		if n := f.checkCounts(t, p); n != signed || signed != workers*each/2 || dup != workers*each/2 {
			t.Errorf("counted %d, signed %d, refused %d", n, signed, dup)
		}
		distinct := countRows(t, d, fmt.Sprintf(`SELECT COUNT(DISTINCT cin_hash) FROM petition_signatures WHERE petition_id = %d`, p.ID))
		if distinct != signed {
			t.Errorf("%d distinct CINs, %d signatures", distinct, signed)
		}
	})
}

func TestStoreStatesAndPaper(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		p := f.published(t, "states")
		token, err := f.sign(p, f.divisions[0].ID, "K1", "k1@example.org")
		if err != nil || f.confirm(token) != nil {
			t.Fatal(err)
		}
		in := func(fn func(tx *db.Tx) error) error { return d.InTx(ctx, fn) }
		paper := func(cin string, div int) error {
			return in(func(tx *db.Tx) error {
				return petition.AddPaper(ctx, tx, f.keys, p, petition.Signature{DivisionID: f.divisions[div].ID, FullName: "Paper", CIN: cin,
					Basis: petition.Activity, Locale: "ar"})
			})
		}
		if err := paper("L22", 1); err != nil {
			t.Fatal(err)
		}
		if err := paper("K1", 2); !errors.Is(err, petition.ErrAlreadySigned) {
			t.Errorf("a paper signature with an online CIN: %v", err)
		}
		if err := paper("L22", 2); !errors.Is(err, petition.ErrAlreadySigned) {
			t.Errorf("the same paper CIN twice: %v", err)
		}
		counts, _ := petition.Counts(ctx, d.R(), p.ID)
		prog := petition.Measure(p.Requirement(), []int64{f.divisions[0].ID, f.divisions[1].ID, f.divisions[2].ID}, counts[p.ID])
		if prog.Online != 1 || prog.Paper != 1 || prog.Divisions[1].Paper != 1 {
			t.Errorf("progress %+v", prog)
		}
		f.checkCounts(t, p)

		filed := storeNow.AddDate(0, 1, 0)
		if err := in(func(tx *db.Tx) error { return petition.Judge(ctx, tx, p, true, "early", filed) }); !errors.Is(err, petition.ErrState) {
			t.Errorf("judged before filing: %v", err)
		}
		if err := in(func(tx *db.Tx) error { return petition.File(ctx, tx, p, "R-2026-014", filed) }); err != nil {
			t.Fatal(err)
		}
		if err := paper("M33", 0); !errors.Is(err, petition.ErrClosed) {
			t.Errorf("paper after the filing: %v", err)
		}
		steps := []func(tx *db.Tx) error{
			func(tx *db.Tx) error {
				return petition.Judge(ctx, tx, p, true, "تدخل في صلاحيات المجلس", filed.AddDate(0, 1, 0))
			},
			func(tx *db.Tx) error {
				return petition.Schedule(ctx, tx, p, db.NewDate(2026, 7, 6), "لجنة التنمية الاقتصادية", filed.AddDate(0, 1, 1))
			},
			func(tx *db.Tx) error {
				return petition.Deliberate(ctx, tx, p, "صادق المجلس بالإجماع", filed.AddDate(0, 2, 0))
			},
		}
		for i, step := range steps {
			if err := in(step); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		got, err := petition.ByID(ctx, d.R(), f.siteID, p.ID)
		if err != nil || got.State != petition.Decided || got.ReceiptNumber != "R-2026-014" || !got.FiledAt.Equal(filed) ||
			got.Decision != "تدخل في صلاحيات المجلس" || got.SessionDate.String() != "2026-07-06" || got.Committee == "" || got.Deliberation == "" {
			t.Errorf("decided: %+v %v", got, err)
		}
		if got.Level.DecisionLate(got.FiledAt.Time, got.DecidedAt.Time, storeNow.AddDate(1, 0, 0)) {
			t.Error("a decision within a month is late")
		}
		tl, _ := petition.Timeline(ctx, d.R(), p.ID)
		if len(tl) != 6 || tl[2].State != petition.Filed || tl[2].Note != "R-2026-014" || tl[5].State != petition.Decided {
			t.Errorf("timeline %+v", tl)
		}
		if err := in(func(tx *db.Tx) error { return petition.Deliberate(ctx, tx, got, "again", filed) }); !errors.Is(err, petition.ErrState) {
			t.Errorf("decided twice: %v", err)
		}
	})
}
