package event

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

var errStale = errors.New("event: changed meanwhile")

// IsStale reports whether err is Update's answer to a stale version.
func IsStale(err error) bool { return errors.Is(err, errStale) }

const eventColumns = `e.id, e.site_id, e.slug, e.kind, e.title, e.description, e.starts_at, e.ends_at, e.timezone,
	e.online_url, e.place, e.agenda, e.minutes, e.registration, e.capacity, e.registration_deadline, e.updated_at, e.version,
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting')`

func scanEvent(row interface{ Scan(...any) error }) (*Event, error) {
	var e Event
	err := row.Scan(&e.ID, &e.SiteID, &e.Slug, &e.Kind, &e.Title, &e.Description, &e.StartsAt, &e.EndsAt, &e.Timezone,
		&e.OnlineURL, &e.Place, &e.Agenda, &e.Minutes, &e.Registration, &e.Capacity, &e.Deadline, &e.UpdatedAt, &e.Version,
		&e.Registered, &e.Waiting)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// ByID returns the site's event with its organisations, speakers and files;
// db.ErrNotFound when there is none.
func ByID(ctx context.Context, q db.Querier, siteID, id int64) (*Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.site_id = ? AND e.id = ?`, siteID, id))
	if err != nil {
		return nil, db.NotFound(err)
	}
	if err := fill(ctx, q, []*Event{e}); err != nil {
		return nil, err
	}
	return e, nil
}

// BySlug returns the site's event with that slug; db.ErrNotFound when there is none.
func BySlug(ctx context.Context, q db.Querier, siteID int64, slug string) (*Event, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM events WHERE site_id = ? AND slug = ?`, siteID, slug).Scan(&id); err != nil {
		return nil, db.NotFound(err)
	}
	return ByID(ctx, q, siteID, id)
}

// Filter chooses events.
type Filter struct {
	Upcoming *time.Time // only events not yet over at this time, soonest first
	Past     *time.Time // only events over at this time, latest first
	After    int64      // the id of the last event of the previous page (by id, for the API)
	Limit    int
}

// List returns the site's events by filter, with their organisations,
// speakers and files. Without Upcoming or Past, events come by id.
func List(ctx context.Context, q db.Querier, siteID int64, f Filter) ([]Event, error) {
	query := `SELECT ` + eventColumns + ` FROM events e WHERE e.site_id = ?`
	args := []any{siteID}
	order := ` ORDER BY e.id`
	switch {
	case f.Upcoming != nil:
		query += ` AND e.ends_at > ?`
		args = append(args, db.Timestamp{Time: *f.Upcoming})
		order = ` ORDER BY e.starts_at, e.id`
	case f.Past != nil:
		query += ` AND e.ends_at <= ?`
		args = append(args, db.Timestamp{Time: *f.Past})
		order = ` ORDER BY e.starts_at DESC, e.id DESC`
	}
	if f.After > 0 {
		query += ` AND e.id > ?`
		args = append(args, f.After)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, query+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var ptrs []*Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		ptrs = append(ptrs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := fill(ctx, q, ptrs); err != nil {
		return nil, err
	}
	out := make([]Event, len(ptrs))
	for i, e := range ptrs {
		out[i] = *e
	}
	return out, nil
}

// UpcomingCards returns the site's events not over at now, soonest first,
// at most limit, as cards: id, slug, kind, title, times and zone, place and
// online link. Descriptions, agendas, minutes, organisations, speakers,
// files and registration counts are left empty: a list that only links to
// the events reads them in one query.
func UpcomingCards(ctx context.Context, q db.Querier, siteID int64, now time.Time, limit int) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.site_id, e.slug, e.kind, e.title, e.starts_at, e.ends_at, e.timezone,
		e.online_url, e.place FROM events e WHERE e.site_id = ? AND e.ends_at > ? ORDER BY e.starts_at, e.id LIMIT ?`,
		siteID, db.Timestamp{Time: now}, limit)
	if err != nil {
		return nil, fmt.Errorf("upcoming events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.SiteID, &e.Slug, &e.Kind, &e.Title, &e.StartsAt, &e.EndsAt, &e.Timezone,
			&e.OnlineURL, &e.Place); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func fill(ctx context.Context, q db.Querier, events []*Event) error {
	if len(events) == 0 {
		return nil
	}
	byID := map[int64]*Event{}
	ids := make([]any, len(events))
	for i, e := range events {
		byID[e.ID], ids[i] = e, e.ID
		e.Organisers, e.Partners, e.Speakers, e.Photos, e.Documents = []OrgRef{}, []OrgRef{}, []Speaker{}, []File{}, []File{}
	}
	in := db.Placeholders(len(ids))
	rows, err := q.QueryContext(ctx, `SELECT eo.event_id, eo.role, o.id, o.name, o.acronym FROM event_organisations eo
		JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id IN (`+in+`) ORDER BY eo.event_id, eo.position`, ids...)
	if err != nil {
		return fmt.Errorf("event organisations: %w", err)
	}
	for rows.Next() {
		var id int64
		var role string
		var o OrgRef
		if err := rows.Scan(&id, &role, &o.ID, &o.Name, &o.Acronym); err != nil {
			rows.Close()
			return err
		}
		if role == "organiser" {
			byID[id].Organisers = append(byID[id].Organisers, o)
		} else {
			byID[id].Partners = append(byID[id].Partners, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT event_id, name, role FROM event_speakers WHERE event_id IN (`+in+`) ORDER BY event_id, position`, ids...)
	if err != nil {
		return fmt.Errorf("event speakers: %w", err)
	}
	for rows.Next() {
		var id int64
		var s Speaker
		if err := rows.Scan(&id, &s.Name, &s.Role); err != nil {
			rows.Close()
			return err
		}
		byID[id].Speakers = append(byID[id].Speakers, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT ef.event_id, ef.kind, ef.hash, COALESCE(fs.name, f.name), f.content_type, ef.title
		FROM event_files ef JOIN files f ON f.hash = ef.hash
		LEFT JOIN file_sites fs ON fs.hash = ef.hash AND fs.site_id = (SELECT site_id FROM events WHERE id = ef.event_id)
		WHERE ef.event_id IN (`+in+`) ORDER BY ef.event_id, ef.position`, ids...)
	if err != nil {
		return fmt.Errorf("event files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind string
		var f File
		if err := rows.Scan(&id, &kind, &f.Hash, &f.Name, &f.ContentType, &f.Title); err != nil {
			return err
		}
		f.URL = "/files/" + f.Hash
		if kind == "photo" {
			byID[id].Photos = append(byID[id].Photos, f)
		} else {
			byID[id].Documents = append(byID[id].Documents, f)
		}
	}
	return rows.Err()
}

// Create inserts e (its SiteID set) with its organisations, speakers and
// files; a taken slug is a unique violation.
func Create(ctx context.Context, tx *db.Tx, e *Event) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO events (site_id, slug, kind, title, description, starts_at, ends_at, timezone,
		online_url, place, agenda, minutes, registration, capacity, registration_deadline, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`,
		e.SiteID, e.Slug, e.Kind, e.Title, e.Description, e.StartsAt, e.EndsAt, e.Timezone, e.OnlineURL, e.Place, e.Agenda,
		e.Minutes, e.Registration, e.Capacity, e.Deadline, now, now).Scan(&e.ID, &e.Version)
	if err != nil {
		return fmt.Errorf("create event: %w", err)
	}
	e.UpdatedAt = now
	if err := writeParts(ctx, tx, e); err != nil {
		return err
	}
	return indexEvent(ctx, tx, e)
}

// Update saves e over the stored event when its version is still version;
// errStale (IsStale) otherwise.
func Update(ctx context.Context, tx *db.Tx, e *Event, version int) error {
	now := db.Timestamp{Time: tx.Now()}
	res, err := tx.ExecContext(ctx, `UPDATE events SET slug = ?, kind = ?, title = ?, description = ?, starts_at = ?, ends_at = ?,
		timezone = ?, online_url = ?, place = ?, agenda = ?, minutes = ?, registration = ?, capacity = ?, registration_deadline = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND site_id = ? AND version = ?`,
		e.Slug, e.Kind, e.Title, e.Description, e.StartsAt, e.EndsAt, e.Timezone, e.OnlineURL, e.Place, e.Agenda, e.Minutes,
		e.Registration, e.Capacity, e.Deadline, now, e.ID, e.SiteID, version)
	if err != nil {
		return fmt.Errorf("update event: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	e.Version, e.UpdatedAt = version+1, now
	for _, table := range []string{"event_organisations", "event_speakers", "event_files"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE event_id = ?`, e.ID); err != nil {
			return err
		}
	}
	if err := writeParts(ctx, tx, e); err != nil {
		return err
	}
	return indexEvent(ctx, tx, e)
}

func writeParts(ctx context.Context, tx *db.Tx, e *Event) error {
	pos := 0
	for role, orgs := range map[string][]OrgRef{"organiser": e.Organisers, "partner": e.Partners} {
		for _, o := range orgs {
			pos++
			// Only an organisation of the event's own site; one role each.
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_organisations (event_id, organisation_id, role, position)
				SELECT ?, id, ?, ? FROM organisations WHERE id = ? AND site_id = ? ON CONFLICT DO NOTHING`,
				e.ID, role, orderOf(role, pos), o.ID, e.SiteID); err != nil {
				return fmt.Errorf("event organisation: %w", err)
			}
		}
	}
	for i, s := range e.Speakers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_speakers (event_id, position, name, role) VALUES (?, ?, ?, ?)`,
			e.ID, i+1, s.Name, s.Role); err != nil {
			return fmt.Errorf("event speaker: %w", err)
		}
	}
	pos = 0
	for kind, fs := range map[string][]File{"photo": e.Photos, "document": e.Documents} {
		for _, f := range fs {
			pos++
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_files (event_id, hash, kind, title, position) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, e.ID, f.Hash, kind, f.Title, pos); err != nil {
				return fmt.Errorf("event file: %w", err)
			}
		}
	}
	return nil
}

// orderOf keeps organisers before partners whatever order a map gives.
func orderOf(role string, pos int) int {
	if role == "organiser" {
		return pos
	}
	return 1000 + pos
}

// Registration is one person's registration for an event. Its Email is
// private: it is read only to send this person's messages. A signed-in
// person's name and email come from their account.
type Registration struct {
	ID        int64
	EventID   int64
	UserID    int64 // 0 for a guest
	Name      string
	Email     string
	Locale    string
	Status    Status
	QueuedAt  db.Timestamp
	CreatedAt db.Timestamp
}

const regSelect = `SELECT r.id, r.event_id, COALESCE(r.user_id, 0), COALESCE(u.name, r.name), COALESCE(u.email, r.email),
	r.locale, r.status, r.queued_at, r.created_at FROM event_registrations r LEFT JOIN users u ON u.id = r.user_id`

func scanReg(row interface{ Scan(...any) error }) (*Registration, error) {
	var r Registration
	if err := row.Scan(&r.ID, &r.EventID, &r.UserID, &r.Name, &r.Email, &r.Locale, &r.Status, &r.QueuedAt, &r.CreatedAt); err != nil {
		return nil, db.NotFound(err)
	}
	return &r, nil
}

// guestRegistration returns the event's guest registration with the
// address (there is at most one), in any state, or nil.
func guestRegistration(ctx context.Context, q db.Querier, eventID int64, email string) (*Registration, error) {
	r, err := scanReg(q.QueryRowContext(ctx, regSelect+` WHERE r.event_id = ? AND r.user_id IS NULL AND r.email = ?`, eventID, email))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return r, err
}

// heldBy returns the event's registration that holds or waits for a place
// for the address, a guest's or that of the person whose account has it,
// or nil.
func heldBy(ctx context.Context, q db.Querier, eventID int64, email string) (*Registration, error) {
	r, err := scanReg(q.QueryRowContext(ctx, regSelect+` WHERE r.event_id = ? AND r.status IN ('confirmed', 'waiting')
		AND (r.email = ? OR u.email = ?) ORDER BY r.id LIMIT 1`, eventID, email, email))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return r, err
}

// RegistrationOfUser returns the user's registration for the event, or nil.
func RegistrationOfUser(ctx context.Context, q db.Querier, eventID, userID int64) (*Registration, error) {
	r, err := scanReg(q.QueryRowContext(ctx, regSelect+` WHERE r.event_id = ? AND r.user_id = ?`, eventID, userID))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return r, err
}

func registrationByHash(ctx context.Context, q db.Querier, column, hash string) (*Registration, error) {
	if hash == "" {
		return nil, db.ErrNotFound
	}
	return scanReg(q.QueryRowContext(ctx, regSelect+` WHERE r.`+column+` = ?`, hash))
}

// Registrations returns the event's registrations, cancelled ones
// included, confirmed first, then the waiting list in its order.
func Registrations(ctx context.Context, q db.Querier, eventID int64) ([]Registration, error) {
	rows, err := q.QueryContext(ctx, regSelect+` WHERE r.event_id = ? ORDER BY CASE r.status WHEN 'confirmed' THEN 0
		WHEN 'waiting' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END, r.queued_at, r.id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		r, err := scanReg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// lockEvent takes the event's row lock on PostgreSQL (SQLite has one
// writer), so that two registrations never take the last place together.
func lockEvent(ctx context.Context, tx *db.Tx, eventID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE events SET capacity = capacity WHERE id = ?`, eventID)
	return err
}

func countStatus(ctx context.Context, q db.Querier, eventID int64, s Status) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = ?`, eventID, s).Scan(&n)
	return n, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
