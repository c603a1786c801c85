package budget_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func newSite(t *testing.T, d *db.DB, slug string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		s := site.Site{Slug: slug, Name: i18n.Text{i18n.AR: "جهة"}, Timezone: "Africa/Casablanca"}
		err := site.Upsert(ctx, tx, &s)
		id = s.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func goodLines(t *testing.T) []budget.Line {
	t.Helper()
	f, err := os.Open("testdata/good.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, errs := budget.ParseImport(f)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return lines
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID, other := newSite(t, d, "s1"), newSite(t, d, "s2")
		lines := goodLines(t)
		editor := &auth.User{ID: 0, Name: "Finance"}
		imp := func(site int64, year int, stage budget.Stage, pop int64, ls []budget.Line) *budget.Budget {
			t.Helper()
			var b *budget.Budget
			err := d.InTx(ctx, func(tx *db.Tx) (err error) {
				b, _, err = budget.Import(ctx, tx, site, editor, year, stage, pop, "good.csv", ls)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		first := imp(siteID, 2025, budget.StageAdopted, 3_000_000, lines)
		imp(siteID, 2025, budget.StageExecution, 0, lines)
		imp(siteID, 2024, budget.StageAdopted, 0, lines[:2])
		imp(other, 2026, budget.StageAdopted, 0, lines[:1])

		got, err := budget.Load(ctx, d.R(), siteID, 2025, budget.StageAdopted)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != first.ID || got.Population != 3_000_000 || len(got.Lines) != len(lines) {
			t.Fatalf("loaded %d %d %d lines", got.ID, got.Population, len(got.Lines))
		}
		for i := range lines {
			if got.Lines[i].FullCode() != lines[i].FullCode() || got.Lines[i].Executed != lines[i].Executed ||
				got.Lines[i].Label[i18n.AR] != lines[i].Label[i18n.AR] || got.Lines[i].Province != lines[i].Province ||
				got.Lines[i].Commitment != lines[i].Commitment || got.Lines[i].Revised != lines[i].Revised {
				t.Errorf("line %d: %+v, want %+v", i, got.Lines[i], lines[i])
			}
		}

		// Re-importing a year and stage replaces it, under the same id.
		again := imp(siteID, 2025, budget.StageAdopted, 0, lines[:3])
		if again.ID != first.ID {
			t.Errorf("re-import id %d, was %d", again.ID, first.ID)
		}
		got, err = budget.Load(ctx, d.R(), siteID, 2025, budget.StageAdopted)
		if err != nil || len(got.Lines) != 3 || got.Population != 0 {
			t.Fatalf("after re-import: %v %+v", err, got)
		}

		sums, err := budget.Summaries(ctx, d.R(), siteID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != 3 || sums[0].Year != 2025 || sums[0].Stage != budget.StageAdopted || sums[1].Stage != budget.StageExecution ||
			sums[2].Year != 2024 || sums[0].Lines != 3 {
			t.Errorf("summaries: %+v", sums)
		}
		if _, err := budget.Load(ctx, d.R(), other, 2025, budget.StageAdopted); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another site's budget: %v", err)
		}

		// The ledger says who imported what: a creation, then a replacement.
		var n, updates int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN action = 'update' THEN 1 ELSE 0 END) FROM audit_entries
			WHERE site_id = ? AND entity = 'budget' AND entity_id = ? AND actor_name = 'Finance'`, siteID, first.ID).Scan(&n, &updates); err != nil {
			t.Fatal(err)
		}
		if n != 2 || updates != 1 {
			t.Errorf("ledger: %d entries, %d updates", n, updates)
		}

		// A failing transaction leaves the earlier import whole.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, _, err := budget.Import(ctx, tx, siteID, editor, 2025, budget.StageAdopted, 0, "x.csv", lines[:1]); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if got, _ := budget.Load(ctx, d.R(), siteID, 2025, budget.StageAdopted); got == nil || len(got.Lines) != 3 {
			t.Errorf("rolled back import changed the budget")
		}
	})
}

// A year of 20,000 lines goes in and comes back whole.
func TestStoreManyLines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID := newSite(t, d, "big")
		base := goodLines(t)
		lines := make([]budget.Line, 20_000)
		for i := range lines {
			lines[i] = base[i%len(base)]
			lines[i].Code = budget.Itoa(i + 1)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, _, err := budget.Import(ctx, tx, siteID, nil, 2026, budget.StageAdopted, 0, "big.csv", lines)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := budget.Load(ctx, d.R(), siteID, 2026, budget.StageAdopted)
		if err != nil || len(got.Lines) != 20_000 || got.Lines[19_999].Code != "20000" {
			t.Fatalf("%v %d", err, len(got.Lines))
		}
		if budget.Sum(got.Lines) != budget.Sum(lines) {
			t.Error("totals differ")
		}
	})
}
