package db_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// A read through a cached prepared statement sees what was written after
// its previous use (a statement left unreset would pin an old snapshot),
// and statements past the cache's bound still run.
func TestCachedStatementsSeeNewWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		count := func() int {
			var n int
			if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites WHERE slug LIKE ?`, "cache-%").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for i := range 3 {
			if got := count(); got != i {
				t.Fatalf("before write %d: %d sites", i, got)
			}
			inTx(t, d, func(tx *db.Tx) error {
				insertSite(t, ctx, tx, fmt.Sprintf("cache-%d", i), time.Now())
				return nil
			})
		}
		// Rows left open by one caller do not hold the statement from
		// another.
		rows, err := d.R().QueryContext(ctx, `SELECT slug FROM sites WHERE slug LIKE ? ORDER BY slug`, "cache-%")
		if err != nil {
			t.Fatal(err)
		}
		if got := count(); got != 3 {
			t.Errorf("with rows open: %d", got)
		}
		rows.Close()
		// More distinct statements than the cache keeps.
		for i := range 600 {
			var n int
			if err := d.R().QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + COUNT(*) FROM sites WHERE slug LIKE ?`, i), "cache-%").Scan(&n); err != nil || n != i+3 {
				t.Fatalf("statement %d: %d, %v", i, n, err)
			}
		}
	})
}
