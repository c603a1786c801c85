package demo_test

import (
	"context"
	"testing"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/site"
)

// TestPetitionSettings: the demo region has its eight prefectures and
// provinces, whose populations add up to the region's, and petitions there
// need 500 signatures, 25 from each.
func TestPetitionSettings(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	s, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := petition.LoadSettings(ctx, d.R(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	divs, err := petition.Divisions(ctx, d.R(), s.ID)
	if err != nil || len(divs) != 8 {
		t.Fatalf("divisions: %d %v", len(divs), err)
	}
	var sum int64
	for _, dv := range divs {
		sum += dv.Population
	}
	if q := settings.Requirement(); sum != demo.TTAPopulation || settings.Population != sum || q.Required != 500 || q.MinPerDivision != 25 {
		t.Errorf("population %d of %d, requirement %+v", sum, settings.Population, q)
	}
	// Petitions in several states, their counts equal to their rows.
	ps, err := petition.List(ctx, d.R(), s.ID, petition.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[petition.State]int{}
	for _, p := range ps {
		states[p.State]++
		counts, err := petition.Counts(ctx, d.R(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range counts[p.ID] {
			total += c.Online + c.Paper
		}
		var rows int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND status = 'confirmed'`, p.ID).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if total != rows || rows == 0 {
			t.Errorf("%s: counts %d, rows %d", p.Title, total, rows)
		}
		if p.State != petition.Collecting && total < 500 {
			t.Errorf("%s was filed with %d signatures", p.Title, total)
		}
	}
	if states[petition.Collecting] != 1 || states[petition.Filed] != 1 || states[petition.Decided] != 1 {
		t.Errorf("states %v", states)
	}
}
