package event

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// ExportRegistration is one of the person's registrations, for their data
// download (account.ExportSection). Their name and email are in the
// profile, read from the account as registrations are; the confirm and
// cancel hashes stay out, since they work as links.
type ExportRegistration struct {
	ID         int64        `json:"id"`
	EventID    int64        `json:"event_id"`
	EventTitle i18n.Text    `json:"event_title"`
	EventURL   string       `json:"event_url"`
	StartsAt   db.Timestamp `json:"starts_at"`
	Status     Status       `json:"status"` // confirmed, waiting, cancelled (pending is a guest's)
	Locale     string       `json:"locale"`
	CreatedAt  db.Timestamp `json:"created_at"`
	QueuedAt   db.Timestamp `json:"queued_at"` // when the place was taken or the wait began
	UpdatedAt  db.Timestamp `json:"updated_at"`
}

// ExportSection is an account.ExportSection: the "event_registrations"
// section. It includes registrations made as a guest with the address the
// account has since verified, once the guest confirmed them: an
// unconfirmed one may be someone else's use of that address.
func ExportSection(ctx context.Context, q db.Querier, siteID, userID int64) (string, any, error) {
	const name = "event_registrations"
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.event_id, e.title, e.starts_at, r.status, r.locale, r.created_at,
		r.queued_at, r.updated_at
		FROM event_registrations r JOIN events e ON e.id = r.event_id
		WHERE e.site_id = ? AND (r.user_id = ? OR (r.user_id IS NULL AND r.status <> 'pending'
			AND r.email = (SELECT email FROM users WHERE id = ? AND site_id = ? AND email_verified_at IS NOT NULL)))
		ORDER BY r.id`, siteID, userID, userID, siteID)
	if err != nil {
		return name, nil, fmt.Errorf("registrations of a person: %w", err)
	}
	defer rows.Close()
	out := []ExportRegistration{}
	for rows.Next() {
		var r ExportRegistration
		if err := rows.Scan(&r.ID, &r.EventID, &r.EventTitle, &r.StartsAt, &r.Status, &r.Locale, &r.CreatedAt,
			&r.QueuedAt, &r.UpdatedAt); err != nil {
			return name, nil, err
		}
		r.EventURL = "/events/" + itoa(r.EventID)
		out = append(out, r)
	}
	return name, out, rows.Err()
}
