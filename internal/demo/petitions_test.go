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
}
