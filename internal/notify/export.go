package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The person's follows, notification preference, notifications and
// unsubscribe links, for their data download (account.ExportSection).
// A notification's excerpt and actor name are left out: they are another
// person's words and name (a reply), which may hold that person's contacts.
// Unsubscribe tokens are left out too: only when they were made and used.

// ExportData is the "notifications" section.
type ExportData struct {
	Frequency     Frequency            `json:"frequency"` // instant when never chosen
	ChosenAt      db.Timestamp         `json:"frequency_chosen_at"`
	Follows       []ExportFollow       `json:"follows"`
	Notifications []ExportNotification `json:"notifications"`
	Unsubscribe   []ExportUnsubscribe  `json:"unsubscribe_links"`
}

// ExportFollow is one thing the person follows; title and URL when its
// feature still finds it.
type ExportFollow struct {
	TargetKind string       `json:"target_kind"`
	TargetID   int64        `json:"target_id"`
	Title      i18n.Text    `json:"title,omitempty"`
	URL        string       `json:"url,omitempty"`
	CreatedAt  db.Timestamp `json:"created_at"`
}

// ExportNotification is one notification kept for the person (sent ones
// are purged after 90 days).
type ExportNotification struct {
	Kind       string       `json:"kind"`
	TargetKind string       `json:"target_kind"`
	TargetID   int64        `json:"target_id"`
	Title      i18n.Text    `json:"title"`
	URL        string       `json:"url"`
	Frequency  Frequency    `json:"frequency"`
	CreatedAt  db.Timestamp `json:"created_at"`
	SentAt     db.Timestamp `json:"sent_at"`
}

// ExportUnsubscribe is an unsubscribe link sent to the person.
type ExportUnsubscribe struct {
	CreatedAt db.Timestamp `json:"created_at"`
	UsedAt    db.Timestamp `json:"used_at"`
}

// ExportSection is an account.ExportSection. A method of the Registry, so
// that follows get their titles and URLs from the features' lookups.
func (r *Registry) ExportSection(ctx context.Context, q db.Querier, siteID, userID int64) (string, any, error) {
	const name = "notifications"
	out := ExportData{Frequency: Instant}
	err := q.QueryRowContext(ctx, `SELECT frequency, updated_at FROM notify_settings WHERE user_id = ?`, userID).
		Scan(&out.Frequency, &out.ChosenAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return name, nil, fmt.Errorf("notification frequency: %w", err)
	}
	if out.Follows, err = r.followsOf(ctx, q, siteID, userID); err != nil {
		return name, nil, err
	}
	if out.Notifications, err = notificationsOf(ctx, q, siteID, userID); err != nil {
		return name, nil, err
	}
	out.Unsubscribe, err = unsubscribeLinksOf(ctx, q, userID)
	return name, out, err
}

func (r *Registry) followsOf(ctx context.Context, q db.Querier, siteID, userID int64) ([]ExportFollow, error) {
	rows, err := q.QueryContext(ctx, `SELECT target_kind, target_id, created_at FROM follows
		WHERE site_id = ? AND user_id = ? ORDER BY created_at, target_kind, target_id`, siteID, userID)
	if err != nil {
		return nil, fmt.Errorf("follows of a person: %w", err)
	}
	out := []ExportFollow{}
	for rows.Next() {
		var f ExportFollow
		if err := rows.Scan(&f.TargetKind, &f.TargetID, &f.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close() // before the lookups, which query too
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		info, err := r.Find(ctx, q, siteID, Target{Kind: out[i].TargetKind, ID: out[i].TargetID})
		switch {
		case errors.Is(err, db.ErrNotFound): // gone or unregistered: the follow alone
		case err != nil:
			return nil, err
		default:
			out[i].Title, out[i].URL = info.Title, info.URL
		}
	}
	return out, nil
}

func notificationsOf(ctx context.Context, q db.Querier, siteID, userID int64) ([]ExportNotification, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, target_kind, target_id, title, url, frequency, created_at, sent_at
		FROM notifications WHERE site_id = ? AND user_id = ? ORDER BY id`, siteID, userID)
	if err != nil {
		return nil, fmt.Errorf("notifications of a person: %w", err)
	}
	defer rows.Close()
	out := []ExportNotification{}
	for rows.Next() {
		var n ExportNotification
		if err := rows.Scan(&n.Kind, &n.TargetKind, &n.TargetID, &n.Title, &n.URL, &n.Frequency, &n.CreatedAt, &n.SentAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func unsubscribeLinksOf(ctx context.Context, q db.Querier, userID int64) ([]ExportUnsubscribe, error) {
	rows, err := q.QueryContext(ctx, `SELECT created_at, used_at FROM notify_unsubscribe
		WHERE user_id = ? ORDER BY created_at`, userID)
	if err != nil {
		return nil, fmt.Errorf("unsubscribe links of a person: %w", err)
	}
	defer rows.Close()
	out := []ExportUnsubscribe{}
	for rows.Next() {
		var u ExportUnsubscribe
		if err := rows.Scan(&u.CreatedAt, &u.UsedAt); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
