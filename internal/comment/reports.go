package comment

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// Reports on any public contribution, named by a Target: a comment
// ("comment", id) or another feature's contribution registered as a
// Reportable ("proposal", id). One report per person and thing. A
// moderator's decision resolves the reports filed so far: they are kept, so
// the same people cannot report the same thing again and re-queue it, but
// only unresolved reports put a thing in the queue and count towards hiding
// it (Review).

// commentKind is the reports' kind for comments.
const commentKind = "comment"

// addReport records the user's report on t, once per person, and returns
// whether it was new and how many unresolved reports t now has.
func addReport(ctx context.Context, tx *db.Tx, siteID int64, t Target, userID int64, reason Reason) (added bool, open int, err error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO reports (site_id, target_kind, target_id, user_id, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target_kind, target_id, user_id) DO NOTHING`,
		siteID, t.Kind, t.ID, userID, reason, db.Timestamp{Time: tx.Now()})
	if err != nil {
		return false, 0, fmt.Errorf("report: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, 0, nil
	}
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE target_kind = ? AND target_id = ? AND resolved_at IS NULL`,
		t.Kind, t.ID).Scan(&open)
	return true, open, err
}

// resolveReports marks t's unresolved reports resolved by a moderator's
// decision.
func resolveReports(ctx context.Context, tx *db.Tx, t Target) error {
	_, err := tx.ExecContext(ctx, `UPDATE reports SET resolved_at = ? WHERE target_kind = ? AND target_id = ?
		AND resolved_at IS NULL`, db.Timestamp{Time: tx.Now()}, t.Kind, t.ID)
	return err
}

// dropReports removes the reports on a thing that no longer exists.
func dropReports(ctx context.Context, tx *db.Tx, t Target) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM reports WHERE target_kind = ? AND target_id = ?`, t.Kind, t.ID)
	return err
}

// openReasons counts the unresolved reports of things of kind by reason.
func openReasons(ctx context.Context, q db.Querier, kind string, ids []int64) (map[int64]map[Reason]int, error) {
	out := map[int64]map[Reason]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{kind}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT target_id, reason, COUNT(*) FROM reports WHERE target_kind = ?
		AND target_id IN (`+db.Placeholders(len(ids))+`) AND resolved_at IS NULL GROUP BY target_id, reason`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Reason
		var n int
		if err := rows.Scan(&id, &r, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[Reason]int{}
		}
		out[id][r] = n
	}
	return out, rows.Err()
}

// reported is a thing other than a comment with unresolved reports.
type reported struct {
	Target Target
	Open   int
	Last   db.Timestamp // the latest report
}

// reportedThings lists the site's things of the kinds (comments aside, which
// have their own queue) with unresolved reports, most recently reported
// first, at most limit.
func reportedThings(ctx context.Context, q db.Querier, siteID int64, kinds []string, limit int) ([]reported, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{siteID}
	for _, k := range kinds {
		args = append(args, k)
	}
	rows, err := q.QueryContext(ctx, `SELECT target_kind, target_id, COUNT(*), MAX(created_at) FROM reports
		WHERE site_id = ? AND resolved_at IS NULL AND target_kind IN (`+db.Placeholders(len(kinds))+`)
		GROUP BY target_kind, target_id ORDER BY MAX(created_at) DESC, target_id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("reported things: %w", err)
	}
	defer rows.Close()
	var out []reported
	for rows.Next() {
		var r reported
		var last db.Timestamp
		if err := rows.Scan(&r.Target.Kind, &r.Target.ID, &r.Open, &last); err != nil {
			return nil, err
		}
		r.Last = last
		out = append(out, r)
	}
	return out, rows.Err()
}
