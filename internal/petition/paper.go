package petition

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// AddPaper records a signature collected on paper, entered by an official:
// it counts at once, apart from online ones, and is refused with
// ErrAlreadySigned when its CIN signed the petition already, online or on
// paper. ErrClosed once the petition is filed (the dossier is frozen).
func AddPaper(ctx context.Context, tx *db.Tx, keys *Keys, p *Petition, s Signature) error {
	if p.State != Collecting {
		return ErrClosed
	}
	// Checked first, so that a bulk entry's transaction is not aborted by
	// the unique index on PostgreSQL.
	hash := keys.Hash(s.CIN)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND cin_hash = ?`,
		p.ID, hash).Scan(&n); err != nil {
		return fmt.Errorf("paper signature: %w", err)
	}
	if n > 0 {
		return ErrAlreadySigned
	}
	stamp := db.Timestamp{Time: tx.Now()}
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_signatures (petition_id, division_id, cin_hash, cin_cipher, full_name, email,
		basis, electoral_roll, source, status, public_name, locale, confirm_hash, created_at, confirmed_at)
		VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, '', ?, ?)`,
		p.ID, s.DivisionID, hash, keys.Seal(s.CIN), s.FullName, s.Basis, s.ElectoralRoll, SourcePaper, SigConfirmed,
		s.PublicName, s.Locale, stamp, stamp)
	if db.IsUniqueViolation(err) {
		return ErrAlreadySigned
	}
	if err != nil {
		return fmt.Errorf("paper signature: %w", err)
	}
	return addCount(ctx, tx, p.ID, s.DivisionID, SourcePaper, 1)
}
