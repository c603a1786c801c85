package comment

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// The SQL of the feature. Helpers take a db.Querier (the read pool or a
// transaction) or a *db.Tx, so several compose in one transaction. No query
// here reads guest_email but guestEmailOf, which only the confirmation mail
// uses.

const selectComment = `SELECT c.id, c.site_id, c.target_kind, c.target_id, COALESCE(c.parent_id, 0), c.depth,
	COALESCE(c.user_id, 0), COALESCE(u.name, ''), u.deleted_at, c.guest_name, c.body, c.body_html, c.stance, c.status,
	c.score, c.reply_count, c.report_count, c.created_at, c.edited_at
	FROM comments c LEFT JOIN users u ON u.id = c.user_id`

func scanComment(sc interface{ Scan(...any) error }) (Comment, error) {
	var c Comment
	var deleted db.Timestamp
	var guestName string
	err := sc.Scan(&c.ID, &c.SiteID, &c.Target.Kind, &c.Target.ID, &c.ParentID, &c.Depth, &c.UserID, &c.Author, &deleted,
		&guestName, &c.Body, &c.HTML, &c.Stance, &c.Status, &c.Score, &c.ReplyCount, &c.ReportCount, &c.CreatedAt, &c.EditedAt)
	switch {
	case c.UserID == 0 && guestName != "":
		c.Author, c.Guest = guestName, true
	case !deleted.IsZero():
		c.Author = ""
	}
	return c, err
}

func collect(rows *sql.Rows, err error) ([]Comment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// shownStatuses are the states a thread lists: pending comments are not
// listed; hidden and deleted ones are placeholders.
const shownStatuses = `('visible', 'hidden', 'deleted')`

// topLevel returns up to limit top-level comments of the thread, newest
// first, older than the id before (all when 0), and whether more follow.
func topLevel(ctx context.Context, q db.Querier, siteID int64, t Target, before int64, limit int) ([]Comment, bool, error) {
	if before == 0 {
		before = 1<<63 - 1
	}
	list, err := collect(q.QueryContext(ctx, selectComment+` WHERE c.site_id = ? AND c.target_kind = ? AND c.target_id = ?
		AND c.parent_id IS NULL AND c.id < ? AND c.status IN `+shownStatuses+` ORDER BY c.id DESC LIMIT ?`,
		siteID, t.Kind, t.ID, before, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("thread: %w", err)
	}
	if len(list) > limit {
		return list[:limit], true, nil
	}
	return list, false, nil
}

// repliesOf returns the direct replies of a comment, oldest first.
func repliesOf(ctx context.Context, q db.Querier, siteID, parentID int64, limit int) ([]Comment, error) {
	list, err := collect(q.QueryContext(ctx, selectComment+` WHERE c.parent_id = ? AND c.site_id = ?
		AND c.status IN `+shownStatuses+` ORDER BY c.id LIMIT ?`, parentID, siteID, limit))
	if err != nil {
		return nil, fmt.Errorf("replies: %w", err)
	}
	return list, nil
}

// byID returns a comment of the site in any state; db.ErrNotFound when none.
func byID(ctx context.Context, q db.Querier, siteID, id int64) (*Comment, error) {
	c, err := scanComment(q.QueryRowContext(ctx, selectComment+` WHERE c.id = ? AND c.site_id = ?`, id, siteID))
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &c, nil
}

// publicPage returns up to limit visible comments of the thread (every
// depth), newest first, older than before (all when 0); for the API.
func publicPage(ctx context.Context, q db.Querier, siteID int64, t *Target, before int64, limit int) ([]Comment, error) {
	if before == 0 {
		before = 1<<63 - 1
	}
	if t == nil {
		return collect(q.QueryContext(ctx, selectComment+` WHERE c.site_id = ? AND c.status = 'visible' AND c.id < ?
			ORDER BY c.id DESC LIMIT ?`, siteID, before, limit))
	}
	return collect(q.QueryContext(ctx, selectComment+` WHERE c.site_id = ? AND c.target_kind = ? AND c.target_id = ?
		AND c.status = 'visible' AND c.id < ? ORDER BY c.id DESC LIMIT ?`, siteID, t.Kind, t.ID, before, limit))
}

// countVisible counts the visible comments of a thread, replies included.
func countVisible(ctx context.Context, q db.Querier, siteID int64, t Target) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT visible FROM comment_counts WHERE site_id = ? AND target_kind = ? AND target_id = ?`,
		siteID, t.Kind, t.ID).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, err
}

// bump changes the count of a thread's visible comments by delta; every
// change of a comment's state to or from visible calls it.
func bump(ctx context.Context, tx *db.Tx, siteID int64, t Target, delta int) error {
	if delta == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO comment_counts (site_id, target_kind, target_id, visible) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id, target_kind, target_id) DO UPDATE SET visible = comment_counts.visible + excluded.visible`,
		siteID, t.Kind, t.ID, delta)
	return err
}

// visibleDelta is the change of a thread's visible count when a comment goes
// from one state to another.
func visibleDelta(from, to Status) int {
	switch {
	case from != Visible && to == Visible:
		return 1
	case from == Visible && to != Visible:
		return -1
	}
	return 0
}

// countsOf counts the visible comments of several things of one kind.
func countsOf(ctx context.Context, q db.Querier, siteID int64, kind string, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{siteID, kind}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT target_id, visible FROM comment_counts WHERE site_id = ? AND target_kind = ?
		AND target_id IN (`+db.Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// isBlocked reports whether the account is blocked from commenting.
func isBlocked(ctx context.Context, q db.Querier, userID int64) (bool, error) {
	var at db.Timestamp
	err := q.QueryRowContext(ctx, `SELECT blocked_at FROM users WHERE id = ?`, userID).Scan(&at)
	if err != nil {
		return false, db.NotFound(err)
	}
	return !at.IsZero(), nil
}

// votesOf returns the user's votes on the comments.
func votesOf(ctx context.Context, q db.Querier, userID int64, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	args := []any{userID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT comment_id, value FROM comment_votes WHERE user_id = ?
		AND comment_id IN (`+db.Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

// lastBody returns the body of the author's latest comment on the thread
// ("" when none): a user's by id, a guest's by address.
func lastBody(ctx context.Context, q db.Querier, siteID int64, t Target, userID int64, guestEmail string) (string, error) {
	var body string
	var err error
	if userID != 0 {
		err = q.QueryRowContext(ctx, `SELECT body FROM comments WHERE user_id = ? AND target_kind = ? AND target_id = ?
			AND site_id = ? ORDER BY id DESC LIMIT 1`, userID, t.Kind, t.ID, siteID).Scan(&body)
	} else {
		err = q.QueryRowContext(ctx, `SELECT body FROM comments WHERE site_id = ? AND target_kind = ? AND target_id = ?
			AND user_id IS NULL AND guest_email = ? ORDER BY id DESC LIMIT 1`, siteID, t.Kind, t.ID, guestEmail).Scan(&body)
	}
	if err == sql.ErrNoRows {
		return "", nil
	}
	return body, err
}

// insert writes a new comment (c.ID is set) and counts it on its parent when
// it is shown at once.
func insert(ctx context.Context, tx *db.Tx, c *Comment, guestEmail string) error {
	var parent, user any
	if c.ParentID != 0 {
		parent = c.ParentID
	}
	if c.UserID != 0 {
		user = c.UserID
	}
	guestName := ""
	if c.Guest {
		guestName = c.Author
	}
	c.CreatedAt = db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, parent_id, depth, user_id,
		guest_name, guest_email, body, body_html, stance, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, c.SiteID, c.Target.Kind, c.Target.ID, parent, c.Depth, user, guestName, guestEmail, c.Body, c.HTML,
		c.Stance, c.Status, c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert comment: %w", err)
	}
	if err := bump(ctx, tx, c.SiteID, c.Target, visibleDelta(Pending, c.Status)); err != nil {
		return err
	}
	if err := syncSearch(ctx, tx, c.SiteID, c.ID); err != nil {
		return err
	}
	if c.ParentID != 0 && c.Status != Pending {
		return addReplies(ctx, tx, c.ParentID, 1)
	}
	return nil
}

func addReplies(ctx context.Context, tx *db.Tx, id int64, n int) error {
	_, err := tx.ExecContext(ctx, `UPDATE comments SET reply_count = reply_count + ? WHERE id = ?`, n, id)
	return err
}

// edit replaces a comment's text and marks it edited.
func edit(ctx context.Context, tx *db.Tx, id int64, body, html string, stance Stance) error {
	if _, err := tx.ExecContext(ctx, `UPDATE comments SET body = ?, body_html = ?, stance = ?, edited_at = ? WHERE id = ?`,
		body, html, stance, db.Timestamp{Time: tx.Now()}, id); err != nil {
		return err
	}
	var siteID int64
	if err := tx.QueryRowContext(ctx, `SELECT site_id FROM comments WHERE id = ?`, id).Scan(&siteID); err != nil {
		return err
	}
	return syncSearch(ctx, tx, siteID, id)
}

// remove deletes a comment: a comment with replies becomes a placeholder
// without its text; one without goes, and so does its parent when that was a
// placeholder left with no reply.
func remove(ctx context.Context, tx *db.Tx, c *Comment) error {
	if err := bump(ctx, tx, c.SiteID, c.Target, visibleDelta(c.Status, Deleted)); err != nil {
		return err
	}
	if err := unindex(ctx, tx, c.SiteID, c.ID); err != nil {
		return err
	}
	if OnDelete(c.ReplyCount) {
		_, err := tx.ExecContext(ctx, `UPDATE comments SET status = 'deleted', body = '', body_html = '', stance = '',
			guest_name = '', guest_email = '' WHERE id = ?`, c.ID)
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM comments WHERE id = ?`, c.ID); err != nil {
		return err
	}
	if err := dropReports(ctx, tx, Target{Kind: commentKind, ID: c.ID}); err != nil {
		return err
	}
	if c.ParentID == 0 || c.Status == Pending {
		return nil
	}
	if err := addReplies(ctx, tx, c.ParentID, -1); err != nil {
		return err
	}
	parent, err := byID(ctx, tx, c.SiteID, c.ParentID)
	if err != nil {
		return err
	}
	if parent.Status == Deleted && parent.ReplyCount == 0 {
		return remove(ctx, tx, parent)
	}
	return nil
}

// vote records the user's vote (1 or -1; 0 withdraws it) and recounts the
// comment's score.
func vote(ctx context.Context, tx *db.Tx, commentID, userID int64, value int) error {
	var err error
	if value == 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM comment_votes WHERE comment_id = ? AND user_id = ?`, commentID, userID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO comment_votes (comment_id, user_id, value, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value`, commentID, userID, value,
			db.Timestamp{Time: tx.Now()})
	}
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE comments SET score = (SELECT COALESCE(SUM(value), 0) FROM comment_votes
		WHERE comment_id = ?) WHERE id = ?`, commentID, commentID)
	return err
}

// report records the user's report (once per person) and hides the comment
// when its unresolved reports reach the site's threshold. It returns whether
// this report was new and whether the comment is now hidden.
func report(ctx context.Context, tx *db.Tx, c *Comment, userID int64, reason Reason) (added, hidden bool, err error) {
	added, open, err := addReport(ctx, tx, c.SiteID, Target{Kind: commentKind, ID: c.ID}, userID, reason)
	if err != nil || !added {
		return false, false, err
	}
	// report_count mirrors the unresolved reports, for the thread and the queue.
	if _, err := tx.ExecContext(ctx, `UPDATE comments SET report_count = ? WHERE id = ?`, open, c.ID); err != nil {
		return false, false, err
	}
	threshold, err := reportThreshold(ctx, tx, c.SiteID)
	if err != nil {
		return false, false, err
	}
	if c.Status == Visible && HiddenByReports(open, threshold) {
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = 'hidden', moderated_at = NULL, moderated_by = NULL
			WHERE id = ?`, c.ID); err != nil {
			return false, false, err
		}
		if err := bump(ctx, tx, c.SiteID, c.Target, -1); err != nil {
			return false, false, err
		}
		if err := syncSearch(ctx, tx, c.SiteID, c.ID); err != nil {
			return false, false, err
		}
		return true, true, nil
	}
	return true, false, nil
}

// reportThreshold is the site's number of reports that hides a comment.
func reportThreshold(ctx context.Context, q db.Querier, siteID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT comment_report_threshold FROM sites WHERE id = ?`, siteID).Scan(&n)
	return n, db.NotFound(err)
}

// SetReportThreshold changes the site's number of reports that hides a
// comment (at least 1).
func SetReportThreshold(ctx context.Context, tx *db.Tx, siteID int64, n int) error {
	if n < 1 {
		return fmt.Errorf("comment: report threshold %d below 1", n)
	}
	_, err := tx.ExecContext(ctx, `UPDATE sites SET comment_report_threshold = ? WHERE id = ?`, n, siteID)
	return err
}

// moderate sets a comment's state on a moderator's decision, which resolves
// the reports filed so far: they no longer queue the comment nor count
// towards hiding it, and new reports start afresh. A pending reply shown for
// the first time is counted on its parent.
func moderate(ctx context.Context, tx *db.Tx, c *Comment, to Status, moderatorID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = ?, moderated_by = ?, moderated_at = ?, report_count = 0
		WHERE id = ?`, to, moderatorID, db.Timestamp{Time: tx.Now()}, c.ID); err != nil {
		return fmt.Errorf("moderate: %w", err)
	}
	if err := resolveReports(ctx, tx, Target{Kind: commentKind, ID: c.ID}); err != nil {
		return err
	}
	if err := bump(ctx, tx, c.SiteID, c.Target, visibleDelta(c.Status, to)); err != nil {
		return err
	}
	if err := syncSearch(ctx, tx, c.SiteID, c.ID); err != nil {
		return err
	}
	if c.Status == Pending && to != Pending && c.ParentID != 0 {
		return addReplies(ctx, tx, c.ParentID, 1)
	}
	return nil
}

// queue lists what awaits a moderator, newest first: pending comments,
// hidden ones not yet reviewed, and visible ones with reports.
func queue(ctx context.Context, q db.Querier, siteID int64, before int64, limit int) ([]Comment, error) {
	if before == 0 {
		before = 1<<63 - 1
	}
	return collect(q.QueryContext(ctx, selectComment+` WHERE c.site_id = ? AND c.id < ? AND (c.status = 'pending'
		OR (c.status = 'hidden' AND c.moderated_at IS NULL) OR (c.status = 'visible' AND c.report_count > 0))
		ORDER BY c.id DESC LIMIT ?`, siteID, before, limit))
}

// reasonsOf counts each comment's unresolved reports by reason.
func reasonsOf(ctx context.Context, q db.Querier, ids []int64) (map[int64]map[Reason]int, error) {
	return openReasons(ctx, q, commentKind, ids)
}

// setBlocked blocks (or unblocks) an account of the site; db.ErrNotFound
// when the site has no such live account.
func setBlocked(ctx context.Context, tx *db.Tx, siteID, userID int64, blocked bool) error {
	var at any
	if blocked {
		at = db.Timestamp{Time: tx.Now()}
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET blocked_at = ? WHERE id = ? AND site_id = ? AND deleted_at IS NULL`,
		at, userID, siteID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}

// insertToken stores the hash of a guest's confirmation link.
func insertToken(ctx context.Context, tx *db.Tx, commentID int64, hash string, expires db.Timestamp) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO comment_tokens (hash, comment_id, expires_at, created_at) VALUES (?, ?, ?, ?)`,
		hash, commentID, expires, db.Timestamp{Time: tx.Now()})
	return err
}

// checkToken returns the comment of a valid, unused link without using it
// up (the link's page only shows a button); db.ErrNotFound when the link is
// unknown, used or expired.
func checkToken(ctx context.Context, q db.Querier, siteID int64, hash string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT comment_id FROM comment_tokens WHERE hash = ? AND used_at IS NULL AND expires_at > ?
		AND comment_id IN (SELECT id FROM comments WHERE site_id = ?)`, hash, db.Timestamp{Time: now}, siteID).Scan(&id)
	return id, db.NotFound(err)
}

// useToken marks a valid, unused link used and returns its comment's id;
// db.ErrNotFound when the link is unknown, used or expired.
func useToken(ctx context.Context, tx *db.Tx, siteID int64, hash string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE comment_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?
		AND comment_id IN (SELECT id FROM comments WHERE site_id = ?) RETURNING comment_id`,
		db.Timestamp{Time: tx.Now()}, hash, db.Timestamp{Time: tx.Now()}, siteID).Scan(&id)
	return id, db.NotFound(err)
}
