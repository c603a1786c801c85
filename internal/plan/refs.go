package plan

import (
	"context"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
)

// CommitmentRefs returns the references ("TTA-03") of the site's
// commitments among ids, by id; ids of other sites' or deleted commitments
// are left out. The public ledger names commitments with it.
func CommitmentRefs(ctx context.Context, q db.Querier, siteID int64, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for len(ids) > 0 {
		// A bounded number of placeholders per query, whatever the caller passes.
		n := min(len(ids), 200)
		args := make([]any, 0, n+1)
		args = append(args, siteID)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := q.QueryContext(ctx, `SELECT id, ref FROM commitments WHERE site_id = ? AND id IN (?`+
			strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("commitment refs: %w", err)
		}
		for rows.Next() {
			var id int64
			var ref string
			if err := rows.Scan(&id, &ref); err != nil {
				rows.Close()
				return nil, fmt.Errorf("commitment refs: %w", err)
			}
			out[id] = ref
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("commitment refs: %w", err)
		}
		ids = ids[n:]
	}
	return out, nil
}
