package petition

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// advance moves p to state to at at, setting the columns of sets (column =
// value pairs) in the same statement, and adds the timeline entry with
// note. ErrState when the law does not allow the move or p changed
// meanwhile.
func advance(ctx context.Context, tx *db.Tx, p *Petition, to State, at time.Time, note string, sets ...any) error {
	if !CanMove(p.State, to) {
		return ErrState
	}
	q := `UPDATE petitions SET state = ?, updated_at = ?`
	args := []any{to, db.Timestamp{Time: at}}
	for i := 0; i+1 < len(sets); i += 2 {
		q += `, ` + sets[i].(string) + ` = ?`
		args = append(args, sets[i+1])
	}
	res, err := tx.ExecContext(ctx, q+` WHERE id = ? AND state = ?`, append(args, p.ID, p.State)...)
	if err != nil {
		return fmt.Errorf("petition %s: %w", to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrState
	}
	p.State = to
	p.UpdatedAt = db.Timestamp{Time: at}
	return addEvent(ctx, tx, p.ID, to, note, at)
}

// File records that the agent filed the petition with the council at at,
// with the receipt's number: the dossier is frozen and the bureau's
// deadline runs. ErrState unless it was collecting.
func File(ctx context.Context, tx *db.Tx, p *Petition, receipt string, at time.Time) error {
	if err := advance(ctx, tx, p, Filed, at, receipt, "filed_at", db.Timestamp{Time: at}, "receipt_number", receipt); err != nil {
		return err
	}
	p.FiledAt, p.ReceiptNumber = db.Timestamp{Time: at}, receipt
	return indexPetition(ctx, tx, p)
}

// Judge records the bureau's reasoned decision on admissibility at at.
// ErrState unless the petition was filed.
func Judge(ctx context.Context, tx *db.Tx, p *Petition, admissible bool, reason string, at time.Time) error {
	to := Inadmissible
	if admissible {
		to = Admissible
	}
	if err := advance(ctx, tx, p, to, at, "", "decided_at", db.Timestamp{Time: at}, "decision", reason); err != nil {
		return err
	}
	p.DecidedAt, p.Decision = db.Timestamp{Time: at}, reason
	return indexPetition(ctx, tx, p)
}

// Schedule puts an admissible petition on the agenda of the session of
// day, sent to committee. ErrState unless it was admissible.
func Schedule(ctx context.Context, tx *db.Tx, p *Petition, day db.Date, committee string, at time.Time) error {
	if err := advance(ctx, tx, p, OnAgenda, at, "", "session_date", day, "committee", committee); err != nil {
		return err
	}
	p.SessionDate, p.Committee = day, committee
	return indexPetition(ctx, tx, p)
}

// Deliberate records the council's deliberation. ErrState unless the
// petition was on the agenda.
func Deliberate(ctx context.Context, tx *db.Tx, p *Petition, deliberation string, at time.Time) error {
	if err := advance(ctx, tx, p, Decided, at, "", "deliberation", deliberation); err != nil {
		return err
	}
	p.Deliberation = deliberation
	return indexPetition(ctx, tx, p)
}
