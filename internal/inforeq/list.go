package inforeq

import (
	"context"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// Filter narrows the register.
type Filter struct {
	Body     int64     // an organisation, or 0 for all
	State    State     // "" for all
	From, To time.Time // received on or after From, on or before To (zero: unbounded)
	Open     bool      // only requests still owed an answer
	Overdue  time.Time // when set, only open requests past their deadline on that day
	User     int64     // only the requests of this user
	Hidden   bool      // include hidden requests
	After    int64     // a cursor: ids below it (the register is newest first)
	Limit    int
}

const requestColumns = `r.id, r.site_id, r.number, r.organisation_id, o.name, r.public_name, COALESCE(r.user_id, 0), r.locale,
	r.subject, r.body, r.form, r.urgent, r.urgency_reason, r.state, r.received_on, r.first_deadline, r.deadline, r.extended,
	r.closed_on, r.ground, r.exception, COALESCE(r.transferred_to, 0), r.hidden_reason, r.created_at, r.updated_at`

func scanRequest(s interface{ Scan(...any) error }, r *Request) error {
	return s.Scan(&r.ID, &r.SiteID, &r.Number, &r.OrganisationID, &r.BodyName, &r.PublicName, &r.UserID, &r.Locale,
		&r.Subject, &r.Body, &r.Form, &r.Urgent, &r.UrgencyReason, &r.State, &r.ReceivedOn, &r.FirstDeadline, &r.Deadline,
		&r.Extended, &r.ClosedOn, &r.Ground, &r.Exception, &r.TransferredTo, &r.HiddenReason, &r.CreatedAt, &r.UpdatedAt)
}

// List reads the site's requests, newest first. Overdue is not set: the
// caller knows the day (MarkOverdue).
func List(ctx context.Context, q db.Querier, siteID int64, f Filter) ([]Request, error) {
	where := []string{"r.site_id = ?"}
	args := []any{siteID}
	if f.Body > 0 {
		where, args = append(where, "r.organisation_id = ?"), append(args, f.Body)
	}
	if f.State != "" {
		where, args = append(where, "r.state = ?"), append(args, f.State)
	}
	if !f.From.IsZero() {
		where, args = append(where, "r.received_on >= ?"), append(args, db.Date{Time: Day(f.From)})
	}
	if !f.To.IsZero() {
		where, args = append(where, "r.received_on <= ?"), append(args, db.Date{Time: Day(f.To)})
	}
	if f.Open {
		where, args = append(where, "r.state IN (?, ?)"), append(args, Received, Clarification)
	}
	if !f.Overdue.IsZero() {
		where, args = append(where, "r.state = ? AND r.deadline < ?"), append(args, Received, db.Date{Time: Day(f.Overdue)})
	}
	if f.User > 0 {
		where, args = append(where, "r.user_id = ?"), append(args, f.User)
	}
	if !f.Hidden {
		where = append(where, "r.hidden_reason = ''")
	}
	if f.After > 0 {
		where, args = append(where, "r.id < ?"), append(args, f.After)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+requestColumns+` FROM info_requests r JOIN organisations o ON o.id = r.organisation_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY r.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		var r Request
		if err := scanRequest(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ByID reads one request of the site, hidden or not.
func ByID(ctx context.Context, q db.Querier, siteID, id int64) (*Request, error) {
	var r Request
	err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM info_requests r
		JOIN organisations o ON o.id = r.organisation_id WHERE r.site_id = ? AND r.id = ?`, siteID, id), &r)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &r, nil
}

// MarkOverdue sets Overdue on the requests still owed an answer whose
// deadline passed before today.
func MarkOverdue(rs []Request, today time.Time) {
	for i := range rs {
		rs[i].MarkOverdue(today)
	}
}

// MarkOverdue sets r.Overdue for today.
func (r *Request) MarkOverdue(today time.Time) {
	r.Overdue = r.State == Received && !r.Deadline.IsZero() && Day(today).After(r.Deadline.Time)
}
