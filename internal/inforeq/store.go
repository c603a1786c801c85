package inforeq

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Body is an organisation that accepts requests, with its person in charge.
type Body struct {
	OrganisationID int64     `json:"id"`
	Name           i18n.Text `json:"name"`
	OfficerID      int64     `json:"-"`
	OfficerTitle   string    `json:"person_in_charge"`
}

// SetBody makes organisation orgID of site accept requests, with the user
// officerID (0 for none yet) as its person in charge under the public title.
func SetBody(ctx context.Context, tx *db.Tx, siteID, orgID, officerID int64, title string) error {
	now := db.Timestamp{Time: tx.Now()}
	var officer any
	if officerID > 0 {
		officer = officerID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO info_bodies (organisation_id, site_id, accepts, officer_id, officer_title, created_at, updated_at)
		SELECT id, site_id, ?, ?, ?, ?, ? FROM organisations WHERE id = ? AND site_id = ?
		ON CONFLICT (organisation_id) DO UPDATE SET accepts = excluded.accepts, officer_id = excluded.officer_id,
			officer_title = excluded.officer_title, updated_at = excluded.updated_at`,
		true, officer, title, now, now, orgID, siteID)
	return err
}

// Bodies lists the site's bodies that accept requests.
func Bodies(ctx context.Context, q db.Querier, siteID int64) ([]Body, error) {
	rows, err := q.QueryContext(ctx, `SELECT b.organisation_id, o.name, COALESCE(b.officer_id, 0), b.officer_title
		FROM info_bodies b JOIN organisations o ON o.id = b.organisation_id
		WHERE b.site_id = ? AND b.accepts ORDER BY o.slug`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Body
	for rows.Next() {
		var b Body
		if err := rows.Scan(&b.OrganisationID, &b.Name, &b.OfficerID, &b.OfficerTitle); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Holiday is a movable public holiday of a site.
type Holiday struct {
	Day  db.Date `json:"day"`
	Name string  `json:"name"`
}

// Holidays lists the site's movable holidays, by day.
func Holidays(ctx context.Context, q db.Querier, siteID int64) ([]Holiday, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, name FROM site_holidays WHERE site_id = ? ORDER BY day`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Holiday
	for rows.Next() {
		var h Holiday
		if err := rows.Scan(&h.Day, &h.Name); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// CalendarOf is the site's calendar: the fixed holidays and its movable ones.
func CalendarOf(ctx context.Context, q db.Querier, siteID int64) (Calendar, error) {
	hs, err := Holidays(ctx, q, siteID)
	if err != nil {
		return Calendar{}, err
	}
	days := make([]time.Time, len(hs))
	for i, h := range hs {
		days[i] = h.Day.Time
	}
	return NewCalendar(days...), nil
}

// SetHolidays adds (or renames) movable holidays of the site and
// recomputes the deadlines of its open requests, which they may move.
func SetHolidays(ctx context.Context, tx *db.Tx, siteID int64, hs []Holiday) error {
	for _, h := range hs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_holidays (site_id, day, name) VALUES (?, ?, ?)
			ON CONFLICT (site_id, day) DO UPDATE SET name = excluded.name`, siteID, h.Day, h.Name); err != nil {
			return err
		}
	}
	return Recompute(ctx, tx, siteID)
}

// DeleteHoliday removes a movable holiday and recomputes open deadlines.
func DeleteHoliday(ctx context.Context, tx *db.Tx, siteID int64, day db.Date) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM site_holidays WHERE site_id = ? AND day = ?`, siteID, day); err != nil {
		return err
	}
	return Recompute(ctx, tx, siteID)
}

// Submit records a new request received at now (its day in loc is day 0),
// with the requester's identity kept apart, and sets r's number, state and
// deadlines. r.SiteID, OrganisationID, subject, body, form and urgency must
// be set (Input.Validate checks them).
func Submit(ctx context.Context, tx *db.Tx, r *Request, id Identity, now time.Time, loc *time.Location) error {
	cal, err := CalendarOf(ctx, tx, r.SiteID)
	if err != nil {
		return err
	}
	local := now.In(loc)
	r.ReceivedOn = db.Date{Time: Day(local)}
	r.State = Received
	first, _ := cal.FirstDeadline(Clock{Received: r.ReceivedOn.Time, Urgent: r.Urgent})
	r.FirstDeadline, r.Deadline = db.Date{Time: first}, db.Date{Time: first}
	// Numbers run per year of receipt: 2026-0001, 2026-0002…
	prefix := fmt.Sprintf("%04d-", local.Year())
	var last sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT MAX(number) FROM info_requests WHERE site_id = ? AND number LIKE ?`,
		r.SiteID, prefix+"%").Scan(&last); err != nil {
		return err
	}
	seq := 1
	if last.Valid {
		var n int
		fmt.Sscanf(strings.TrimPrefix(last.String, prefix), "%d", &n)
		seq = n + 1
	}
	r.Number = fmt.Sprintf("%s%04d", prefix, seq)
	ts := db.Timestamp{Time: now}
	r.CreatedAt, r.UpdatedAt = ts, ts
	var user any
	if r.UserID > 0 {
		user = r.UserID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO info_requests (site_id, number, organisation_id, user_id, public_name, locale,
			subject, body, form, urgent, urgency_reason, state, received_on, first_deadline, deadline, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.SiteID, r.Number, r.OrganisationID, user, r.PublicName, r.Locale, r.Subject, r.Body, r.Form, r.Urgent,
		r.UrgencyReason, r.State, r.ReceivedOn, r.FirstDeadline, r.Deadline, ts, ts).Scan(&r.ID); err != nil {
		return fmt.Errorf("inforeq: insert request: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO info_request_identities (request_id, name, id_number, address, email)
		VALUES (?, ?, ?, ?, ?)`, r.ID, id.Name, id.IDNumber, id.Address, id.Email); err != nil {
		return err
	}
	return addEvent(ctx, tx, r.ID, &Event{At: ts, Day: r.ReceivedOn, Action: "receive", State: Received})
}

// Event is one step of a request's history.
type Event struct {
	ID        int64        `json:"-"`
	At        db.Timestamp `json:"at"`
	Day       db.Date      `json:"day"`
	Action    Action       `json:"action"`
	State     State        `json:"state"`
	ActorID   int64        `json:"-"`
	Reason    string       `json:"reason,omitempty"`
	Answer    string       `json:"answer,omitempty"`
	Links     []string     `json:"links,omitempty"`
	Ground    Ground       `json:"ground,omitempty"`
	Exception Exception    `json:"exception,omitempty"`
	Costs     string       `json:"costs,omitempty"`
	Transfer  int64        `json:"transfer,omitempty"`
}

func addEvent(ctx context.Context, tx *db.Tx, requestID int64, e *Event) error {
	var actor, transfer any
	if e.ActorID > 0 {
		actor = e.ActorID
	}
	if e.Transfer > 0 {
		transfer = e.Transfer
	}
	return tx.QueryRowContext(ctx, `INSERT INTO info_request_events (request_id, at, day, action, state, actor_id, reason, answer,
			links, ground, exception, costs, transfer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		requestID, e.At, e.Day, e.Action, e.State, actor, e.Reason, e.Answer, strings.Join(e.Links, "\n"), e.Ground,
		e.Exception, e.Costs, transfer).Scan(&e.ID)
}

// Events is the request's history, oldest first.
func Events(ctx context.Context, q db.Querier, requestID int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at, day, action, state, COALESCE(actor_id, 0), reason, answer, links, ground,
		exception, costs, COALESCE(transfer, 0) FROM info_request_events WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var links string
		if err := rows.Scan(&e.ID, &e.At, &e.Day, &e.Action, &e.State, &e.ActorID, &e.Reason, &e.Answer, &links, &e.Ground,
			&e.Exception, &e.Costs, &e.Transfer); err != nil {
			return nil, err
		}
		if links != "" {
			e.Links = strings.Split(links, "\n")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// clockOf rebuilds a request's clock from its history.
func clockOf(r *Request, events []Event) Clock {
	c := Clock{Received: r.ReceivedOn.Time, Urgent: r.Urgent}
	for _, e := range events {
		switch e.Action {
		case ActAsk:
			c.Pauses = append(c.Pauses, Pause{From: e.Day.Time})
		case ActClarify:
			if n := len(c.Pauses); n > 0 && c.Pauses[n-1].To.IsZero() {
				c.Pauses[n-1].To = e.Day.Time
			}
		case ActExtend:
			c.Extended = true
		}
	}
	return c
}

// Act applies decision d, taken by actor at now, to request r: the state
// machine (Next) and, for an extension, the clock (CanExtend) decide
// whether it may; then the step joins the history and the request's state
// and deadlines are brought up to date. Errors of the rules are returned
// as they are (FieldOf maps them to the form).
func Act(ctx context.Context, tx *db.Tx, r *Request, d Decision, actorID int64, now time.Time, loc *time.Location) (*Event, error) {
	next, err := Next(r.State, d)
	if err != nil {
		return nil, err
	}
	cal, err := CalendarOf(ctx, tx, r.SiteID)
	if err != nil {
		return nil, err
	}
	events, err := Events(ctx, tx, r.ID)
	if err != nil {
		return nil, err
	}
	today := Day(now.In(loc))
	if d.Action == ActExtend {
		if err := cal.CanExtend(clockOf(r, events), today); err != nil {
			return nil, err
		}
	}
	e := &Event{At: db.Timestamp{Time: now}, Day: db.Date{Time: today}, Action: d.Action, State: next, ActorID: actorID,
		Reason: d.Reason, Answer: d.Answer, Links: d.Links, Ground: d.Ground, Exception: d.Exception, Costs: d.Costs,
		Transfer: d.Transfer}
	if err := addEvent(ctx, tx, r.ID, e); err != nil {
		return nil, err
	}
	events = append(events, *e)
	r.State = next
	if !next.Open() {
		r.ClosedOn = e.Day
		r.Ground, r.Exception, r.TransferredTo = d.Ground, d.Exception, d.Transfer
	}
	if err := update(ctx, tx, cal, r, events, now); err != nil {
		return nil, err
	}
	return e, nil
}

// update recomputes r's deadlines from its history and writes r.
func update(ctx context.Context, tx *db.Tx, cal Calendar, r *Request, events []Event, now time.Time) error {
	c := clockOf(r, events)
	r.Extended = c.Extended
	first, stopped := cal.FirstDeadline(c)
	deadline, _ := cal.Deadline(c)
	r.FirstDeadline, r.Deadline = db.Date{Time: first}, db.Date{Time: deadline}
	if stopped {
		r.FirstDeadline, r.Deadline = db.Date{}, db.Date{}
	}
	r.UpdatedAt = db.Timestamp{Time: now}
	var transfer any
	if r.TransferredTo > 0 {
		transfer = r.TransferredTo
	}
	_, err := tx.ExecContext(ctx, `UPDATE info_requests SET state = ?, first_deadline = ?, deadline = ?, extended = ?, closed_on = ?,
		ground = ?, exception = ?, transferred_to = ?, updated_at = ? WHERE id = ? AND site_id = ?`,
		r.State, r.FirstDeadline, r.Deadline, r.Extended, r.ClosedOn, r.Ground, r.Exception, transfer, r.UpdatedAt, r.ID, r.SiteID)
	return err
}

// Recompute brings the deadlines of the site's open requests up to date
// with its calendar: after a change of holidays.
func Recompute(ctx context.Context, tx *db.Tx, siteID int64) error {
	cal, err := CalendarOf(ctx, tx, siteID)
	if err != nil {
		return err
	}
	open, err := List(ctx, tx, siteID, Filter{Open: true, Limit: 1 << 30, Hidden: true})
	if err != nil {
		return err
	}
	for i := range open {
		events, err := Events(ctx, tx, open[i].ID)
		if err != nil {
			return err
		}
		if err := update(ctx, tx, cal, &open[i], events, tx.Now()); err != nil {
			return err
		}
	}
	return nil
}

// Hide hides a request from the register, with the reason shown instead
// (personal data, abuse); an empty reason shows it again.
func Hide(ctx context.Context, tx *db.Tx, siteID, id int64, reason string) error {
	res, err := tx.ExecContext(ctx, `UPDATE info_requests SET hidden_reason = ?, updated_at = ? WHERE id = ? AND site_id = ?`,
		reason, db.Timestamp{Time: tx.Now()}, id, siteID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}

// IdentityOf reads a request's private identity: for the requester's
// emails and the person in charge's screen, never for a public output.
func IdentityOf(ctx context.Context, q db.Querier, requestID int64) (Identity, error) {
	var id Identity
	err := q.QueryRowContext(ctx, `SELECT name, id_number, address, email FROM info_request_identities WHERE request_id = ?`,
		requestID).Scan(&id.Name, &id.IDNumber, &id.Address, &id.Email)
	return id, db.NotFound(err)
}
