package search

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// statsDelta is a change to a site's row of search_stats: documents and
// terms added (or, negative, removed).
type statsDelta struct{ docs, terms int64 }

// addStats applies a change to a site's statistics, creating its row.
func addStats(ctx context.Context, tx *db.Tx, siteID int64, d statsDelta) error {
	if d == (statsDelta{}) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_stats (site_id, docs, terms) VALUES (?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET docs = search_stats.docs + excluded.docs, terms = search_stats.terms + excluded.terms`,
		siteID, d.docs, d.terms); err != nil {
		return fmt.Errorf("search: statistics of site %d: %w", siteID, err)
	}
	return nil
}

// removedStats is what removing the documents a condition selects takes
// from a site's statistics; call it before deleting them.
func removedStats(ctx context.Context, tx *db.Tx, where string, args ...any) (statsDelta, error) {
	var d statsDelta
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(length), 0) FROM search_docs WHERE `+where, args...).
		Scan(&d.docs, &d.terms)
	return statsDelta{docs: -d.docs, terms: -d.terms}, err
}
