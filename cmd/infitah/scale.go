package main

import (
	"context"
	"fmt"
	"io"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/demo/scale"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/site"
)

// fillScale adds n synthetic documents to the search test corpus, with the
// demo site's own words as the most frequent ones.
func fillScale(ctx context.Context, d *db.DB, n int, stdout io.Writer) error {
	s, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		return err
	}
	ar, fr, err := scale.VocabulariesOf(ctx, d.R(), s.ID)
	if err != nil {
		return err
	}
	elapsed, err := scale.Fill(ctx, d, ar, fr, n, 10000, 1, func(done int) {
		if done%100000 == 0 || done == n {
			fmt.Fprintf(stdout, "  %d documents\n", done)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search corpus: %d documents added to site %q in %s (%.0f documents/s)\n",
		n, scale.Slug, elapsed.Round(1e7), float64(n)/elapsed.Seconds())
	var size int64
	q := `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`
	if d.Dialect == db.Postgres {
		q = `SELECT pg_database_size(current_database())`
	}
	if err := d.R().QueryRowContext(ctx, q).Scan(&size); err == nil {
		fmt.Fprintf(stdout, "database size: %.1f MB\n", float64(size)/1e6)
	}
	return nil
}
