package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Follow records that user follows t on the site; following twice is one
// follow.
func Follow(ctx context.Context, tx *db.Tx, siteID, userID int64, t Target) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO follows (user_id, site_id, target_kind, target_id, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, target_kind, target_id) DO NOTHING`,
		userID, siteID, t.Kind, t.ID, db.Timestamp{Time: tx.Now()})
	if err != nil {
		return fmt.Errorf("follow: %w", err)
	}
	return nil
}

// Unfollow removes user's follow of t, if any.
func Unfollow(ctx context.Context, tx *db.Tx, siteID, userID int64, t Target) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE user_id = ? AND site_id = ? AND target_kind = ? AND target_id = ?`,
		userID, siteID, t.Kind, t.ID)
	if err != nil {
		return fmt.Errorf("unfollow: %w", err)
	}
	return nil
}

// IsFollowing reports whether user follows t.
func IsFollowing(ctx context.Context, q db.Querier, siteID, userID int64, t Target) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM follows WHERE user_id = ? AND site_id = ? AND target_kind = ? AND target_id = ?`,
		userID, siteID, t.Kind, t.ID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("is following: %w", err)
	}
	return n > 0, nil
}

// Followers returns the ids of the people following t, in id order.
func Followers(ctx context.Context, q db.Querier, siteID int64, t Target) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM follows WHERE site_id = ? AND target_kind = ? AND target_id = ? ORDER BY user_id`,
		siteID, t.Kind, t.ID)
	if err != nil {
		return nil, fmt.Errorf("followers: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FrequencyOf returns user's notification frequency (Instant when never
// chosen).
func FrequencyOf(ctx context.Context, q db.Querier, userID int64) (Frequency, error) {
	var f Frequency
	err := q.QueryRowContext(ctx, `SELECT frequency FROM notify_settings WHERE user_id = ?`, userID).Scan(&f)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Instant, nil
	case err != nil:
		return "", fmt.Errorf("notification frequency: %w", err)
	}
	return f, nil
}

// SetFrequency records user's choice.
func SetFrequency(ctx context.Context, tx *db.Tx, userID int64, f Frequency) error {
	if !f.Valid() {
		return fmt.Errorf("notify: unknown frequency %q", f)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notify_settings (user_id, frequency, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, updated_at = excluded.updated_at`,
		userID, f, db.Timestamp{Time: tx.Now()})
	if err != nil {
		return fmt.Errorf("set notification frequency: %w", err)
	}
	return nil
}

// issueUnsubscribe stores a new unsubscribe token for user and returns it.
func issueUnsubscribe(ctx context.Context, tx *db.Tx, userID int64, now time.Time) (string, error) {
	plain, hash := newToken()
	if _, err := tx.ExecContext(ctx, `INSERT INTO notify_unsubscribe (hash, user_id, created_at) VALUES (?, ?, ?)`,
		hash, userID, db.Timestamp{Time: now}); err != nil {
		return "", fmt.Errorf("unsubscribe token: %w", err)
	}
	return plain, nil
}

// ErrBadToken is returned for an unsubscribe token that is malformed or
// unknown on the site.
var ErrBadToken = errors.New("notify: bad unsubscribe token")

// tokenUser returns the user an unsubscribe token belongs to on the site.
func tokenUser(ctx context.Context, q db.Querier, siteID int64, token string) (int64, error) {
	if !wellFormedToken(token) {
		return 0, ErrBadToken
	}
	var userID int64
	err := q.QueryRowContext(ctx, `SELECT t.user_id FROM notify_unsubscribe t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND u.site_id = ? AND u.deleted_at IS NULL`, hashToken(token), siteID).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("unsubscribe token: %w", err)
	}
	return userID, nil
}

// Unsubscribe turns off every notification email of the token's owner. It
// may be used again (a mail client may post twice); it returns ErrBadToken
// for a token it does not know.
func Unsubscribe(ctx context.Context, tx *db.Tx, siteID int64, token string) error {
	userID, err := tokenUser(ctx, tx, siteID, token)
	if err != nil {
		return err
	}
	if err := SetFrequency(ctx, tx, userID, Never); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notify_unsubscribe SET used_at = ? WHERE hash = ? AND used_at IS NULL`,
		db.Timestamp{Time: tx.Now()}, hashToken(token)); err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	// What was waiting for a digest is not sent either.
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET sent_at = ? WHERE user_id = ? AND sent_at IS NULL`,
		db.Timestamp{Time: tx.Now()}, userID); err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	return nil
}

// notification is one row of the notifications table.
type notification struct {
	ID        int64
	SiteID    int64
	UserID    int64
	Kind      string
	Target    Target
	Title     i18n.Text
	Excerpt   i18n.Text
	URL       string
	ActorName string
	Frequency Frequency
	CreatedAt time.Time
}

const notificationColumns = `id, site_id, user_id, kind, target_kind, target_id, title, excerpt, url, actor_name, frequency, created_at`

func scanNotifications(rows *sql.Rows) ([]notification, error) {
	defer rows.Close()
	var out []notification
	for rows.Next() {
		var n notification
		var at db.Timestamp
		if err := rows.Scan(&n.ID, &n.SiteID, &n.UserID, &n.Kind, &n.Target.Kind, &n.Target.ID, &n.Title, &n.Excerpt,
			&n.URL, &n.ActorName, &n.Frequency, &at); err != nil {
			return nil, err
		}
		n.CreatedAt = at.Time
		out = append(out, n)
	}
	return out, rows.Err()
}

// claimInstant marks up to limit unsent instant notifications sent and
// returns them, oldest first. On PostgreSQL, rows another worker is
// claiming are skipped; on SQLite the single writer serialises claims.
func claimInstant(ctx context.Context, tx *db.Tx, limit int) ([]notification, error) {
	lock := ""
	if tx.Dialect() == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := tx.QueryContext(ctx, `UPDATE notifications SET sent_at = ?
		WHERE id IN (SELECT id FROM notifications WHERE frequency = 'instant' AND sent_at IS NULL ORDER BY id LIMIT ?`+lock+`)
		RETURNING `+notificationColumns, db.Timestamp{Time: tx.Now()}, limit)
	if err != nil {
		return nil, fmt.Errorf("claim notifications: %w", err)
	}
	out, err := scanNotifications(rows)
	if err != nil {
		return nil, fmt.Errorf("claim notifications: %w", err)
	}
	sortByID(out)
	return out, nil
}

// digestRecipients returns the people of the site with notifications of
// frequency f created before cutoff and not yet sent.
func digestRecipients(ctx context.Context, q db.Querier, siteID int64, f Frequency, cutoff time.Time) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT user_id FROM notifications
		WHERE site_id = ? AND frequency = ? AND sent_at IS NULL AND created_at < ? ORDER BY user_id`,
		siteID, f, db.Timestamp{Time: cutoff})
	if err != nil {
		return nil, fmt.Errorf("digest recipients: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// claimDigest marks user's unsent notifications of frequency f created
// before cutoff sent and returns them, oldest first. Two workers claiming
// the same digest at once get the rows once: the second UPDATE waits for
// the first (a row lock on PostgreSQL, the single writer on SQLite) and
// then finds them sent.
func claimDigest(ctx context.Context, tx *db.Tx, userID int64, f Frequency, cutoff time.Time) ([]notification, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE notifications SET sent_at = ?
		WHERE user_id = ? AND frequency = ? AND sent_at IS NULL AND created_at < ?
		RETURNING `+notificationColumns, db.Timestamp{Time: tx.Now()}, userID, f, db.Timestamp{Time: cutoff})
	if err != nil {
		return nil, fmt.Errorf("claim digest: %w", err)
	}
	out, err := scanNotifications(rows)
	if err != nil {
		return nil, fmt.Errorf("claim digest: %w", err)
	}
	sortByID(out)
	return out, nil
}

func sortByID(ns []notification) {
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && ns[j].ID < ns[j-1].ID; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}

// recipient is what an email needs of a person.
type recipient struct {
	ID        int64
	Email     string
	Name      string
	Locale    i18n.Locale
	Frequency Frequency
	Active    bool // verified and not deleted
}

func recipientByID(ctx context.Context, q db.Querier, userID int64) (*recipient, error) {
	r := &recipient{ID: userID}
	var verified, deleted db.Timestamp
	var freq sql.NullString
	err := q.QueryRowContext(ctx, `SELECT u.email, u.name, u.locale, u.email_verified_at, u.deleted_at, s.frequency
		FROM users u LEFT JOIN notify_settings s ON s.user_id = u.id WHERE u.id = ?`, userID).
		Scan(&r.Email, &r.Name, &r.Locale, &verified, &deleted, &freq)
	if err != nil {
		return nil, db.NotFound(err)
	}
	r.Frequency = Instant
	if freq.Valid {
		r.Frequency = Frequency(freq.String)
	}
	if l, ok := i18n.Parse(string(r.Locale)); ok {
		r.Locale = l
	} else {
		r.Locale = i18n.Default
	}
	r.Active = !verified.IsZero() && deleted.IsZero()
	return r, nil
}
