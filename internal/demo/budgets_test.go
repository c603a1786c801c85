package demo_test

import (
	"context"
	"testing"

	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/site"
)

// The demo has two illustrative years, each adopted and executed; the lines
// that fund commitments name the plan's, and the figures hang together.
func TestDemoBudgets(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	s, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := budget.Summaries(ctx, d.R(), s.ID, 10)
	if err != nil || len(sums) != 4 || sums[0].Year != 2022 || sums[3].Year != 2021 || sums[3].Stage != budget.StageExecution {
		t.Fatalf("budgets %+v %v", sums, err)
	}
	refs := map[string]bool{}
	rows, err := d.R().QueryContext(ctx, `SELECT ref FROM commitments`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		refs[r] = true
	}
	rows.Close()
	for _, sm := range sums {
		b, err := budget.Load(ctx, d.R(), s.ID, sm.Year, sm.Stage)
		if err != nil {
			t.Fatal(err)
		}
		linked := 0
		for _, l := range b.Lines {
			if l.Commitment != "" {
				linked++
				if !refs[l.Commitment] {
					t.Errorf("%d %s: line %s funds unknown commitment %q", sm.Year, sm.Stage, l.FullCode(), l.Commitment)
				}
			}
		}
		rev, exp := budget.Sum(budget.Filter(b.Lines, budget.Revenue, "")), budget.Sum(budget.Filter(b.Lines, budget.Expenditure, ""))
		if linked < 3 || b.Population == 0 || rev.Planned < exp.Planned {
			t.Errorf("%d %s: %d linked lines, population %d, revenue %d < expenditure %d", sm.Year, sm.Stage, linked, b.Population, rev.Planned, exp.Planned)
		}
		if rate, ok := exp.Rate(); sm.Stage == budget.StageExecution && (!ok || rate < 400 || rate > 1000) {
			t.Errorf("%d execution rate %d", sm.Year, rate)
		}
	}
	var n int
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM budgets WHERE file_name LIKE 'illustrative-%'`).Scan(&n); err != nil || n != 4 {
		t.Errorf("files named illustrative: %d %v", n, err)
	}
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs WHERE kind = 'budget'`).Scan(&n); err != nil || n != 56 {
		t.Errorf("%d budget lines in the search index, want 56 (two years of 28)", n)
	}
}
