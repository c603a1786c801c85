package petition

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// Status of a signature a moderator invalidated: kept, never counted.
const SigInvalid = "invalid"

// Traces returns what the moderators' view reads of the petition's online
// signatures that count or may (pending or confirmed).
func Traces(ctx context.Context, q db.Querier, petitionID int64) ([]SignatureTrace, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, address_block, email, created_at, status FROM petition_signatures
		WHERE petition_id = ? AND source = 'online' AND status IN ('pending', 'confirmed') ORDER BY id`, petitionID)
	if err != nil {
		return nil, fmt.Errorf("signature traces: %w", err)
	}
	defer rows.Close()
	var out []SignatureTrace
	for rows.Next() {
		var t SignatureTrace
		var email, status string
		var at db.Timestamp
		if err := rows.Scan(&t.ID, &t.Block, &email, &at, &status); err != nil {
			return nil, err
		}
		t.Domain, t.CreatedAt, t.Confirmed = DomainOf(email), at.Time, status == SigConfirmed
		out = append(out, t)
	}
	return out, rows.Err()
}

// Invalidate marks the petition's online signatures of the group key under
// g invalid (pending ones too, whose links then stop working), and recounts
// the petition from its rows, in tx; it returns how many it invalidated.
// ErrState once the petition is filed: the dossier is frozen.
func Invalidate(ctx context.Context, tx *db.Tx, p *Petition, g Grouping, key string, loc *time.Location) (int, error) {
	if p.State != Collecting {
		return 0, ErrState
	}
	traces, err := Traces(ctx, tx, p.ID)
	if err != nil {
		return 0, err
	}
	var ids []any
	for _, t := range traces {
		if t.Key(g, loc) == key {
			ids = append(ids, t.ID)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		if _, err := tx.ExecContext(ctx, `UPDATE petition_signatures SET status = ?, confirm_hash = '', withdraw_hash = ''
			WHERE id IN (`+db.Placeholders(len(chunk))+`)`, append([]any{SigInvalid}, chunk...)...); err != nil {
			return 0, fmt.Errorf("invalidate signatures: %w", err)
		}
	}
	return len(ids), Recount(ctx, tx, p.ID)
}

// Recount rewrites the petition's counts from its confirmed rows.
func Recount(ctx context.Context, tx *db.Tx, petitionID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM petition_counts WHERE petition_id = ?`, petitionID); err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_counts (petition_id, division_id, online, paper)
		SELECT petition_id, division_id, SUM(CASE WHEN source = 'online' THEN 1 ELSE 0 END), SUM(CASE WHEN source = 'paper' THEN 1 ELSE 0 END)
		FROM petition_signatures WHERE petition_id = ? AND status = ? GROUP BY petition_id, division_id`, petitionID, SigConfirmed)
	if err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	return nil
}

func joinDomains(ds []string) string { return strings.Join(ds, "\n") }
