package forum

import (
	"context"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

var errStale = errors.New("forum: changed meanwhile")

// IsStale reports whether err is an update's answer to a stale version.
func IsStale(err error) bool { return errors.Is(err, errStale) }

// Get returns the site's forum; db.ErrNotFound when the site has none yet.
func Get(ctx context.Context, q db.Querier, siteID int64) (*Forum, error) {
	var f Forum
	err := q.QueryRowContext(ctx, `SELECT id, site_id, name, rules, updated_at, version FROM forums WHERE site_id = ?`, siteID).
		Scan(&f.ID, &f.SiteID, &f.Name, &f.Rules, &f.UpdatedAt, &f.Version)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &f, nil
}

// Save creates the site's forum or, when it exists, updates it if its
// version is still version (errStale otherwise).
func Save(ctx context.Context, tx *db.Tx, f *Forum, version int) error {
	now := db.Timestamp{Time: tx.Now()}
	if f.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO forums (site_id, name, rules, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			RETURNING id, version`, f.SiteID, f.Name, f.Rules, now, now).Scan(&f.ID, &f.Version)
		if err != nil {
			return fmt.Errorf("create forum: %w", err)
		}
		f.UpdatedAt = now
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE forums SET name = ?, rules = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND site_id = ? AND version = ?`, f.Name, f.Rules, now, f.ID, f.SiteID, version)
	if err != nil {
		return fmt.Errorf("update forum: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	f.Version, f.UpdatedAt = version+1, now
	return nil
}

const memberColumns = `m.id, m.site_id, m.name, COALESCE(m.organisation_id, 0), COALESCE(o.name, '{}'), m.seat, m.gender, m.role, m.version`

func scanMember(row interface{ Scan(...any) error }) (*Member, error) {
	var m Member
	if err := row.Scan(&m.ID, &m.SiteID, &m.Name, &m.OrganisationID, &m.Organisation, &m.Seat, &m.Gender, &m.Role, &m.Version); err != nil {
		return nil, err
	}
	return &m, nil
}

// Members returns the site's forum members, government first, then by name.
func Members(ctx context.Context, q db.Querier, siteID int64) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+memberColumns+` FROM forum_members m
		LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.site_id = ? ORDER BY m.seat DESC, m.name, m.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("forum members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// MemberByID returns one member of the site's forum; db.ErrNotFound when there is none.
func MemberByID(ctx context.Context, q db.Querier, siteID, id int64) (*Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM forum_members m
		LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.site_id = ? AND m.id = ?`, siteID, id))
	if err != nil {
		return nil, db.NotFound(err)
	}
	return m, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateMember inserts m (its SiteID set). An organisation must be one of
// the site's.
func CreateMember(ctx context.Context, tx *db.Tx, m *Member) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO forum_members (site_id, name, organisation_id, seat, gender, role, created_at, updated_at)
		VALUES (?, ?, (SELECT id FROM organisations WHERE id = ? AND site_id = ?), ?, ?, ?, ?, ?) RETURNING id, version`,
		m.SiteID, m.Name, nullID(m.OrganisationID), m.SiteID, m.Seat, m.Gender, m.Role, now, now).Scan(&m.ID, &m.Version)
	if err != nil {
		return fmt.Errorf("create forum member: %w", err)
	}
	return nil
}

// UpdateMember saves m when its version is still version; errStale otherwise.
func UpdateMember(ctx context.Context, tx *db.Tx, m *Member, version int) error {
	now := db.Timestamp{Time: tx.Now()}
	res, err := tx.ExecContext(ctx, `UPDATE forum_members SET name = ?, organisation_id = (SELECT id FROM organisations WHERE id = ? AND site_id = ?),
		seat = ?, gender = ?, role = ?, updated_at = ?, version = version + 1 WHERE id = ? AND site_id = ? AND version = ?`,
		m.Name, nullID(m.OrganisationID), m.SiteID, m.Seat, m.Gender, m.Role, now, m.ID, m.SiteID, version)
	if err != nil {
		return fmt.Errorf("update forum member: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	m.Version = version + 1
	return nil
}

// DeleteMember removes a member from the site's forum.
func DeleteMember(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM forum_members WHERE id = ? AND site_id = ?`, id, siteID)
	if err != nil {
		return fmt.Errorf("delete forum member: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}

const meetingColumns = `id, site_id, starts_at, timezone, title, place, agenda, minutes, decisions,
	attendance_government, attendance_civil_society, version`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	err := row.Scan(&m.ID, &m.SiteID, &m.StartsAt, &m.Timezone, &m.Title, &m.Place, &m.Agenda, &m.Minutes, &m.Decisions,
		&m.AttendanceGovernment, &m.AttendanceCivilSociety, &m.Version)
	if err != nil {
		return nil, err
	}
	m.Documents = []File{}
	return &m, nil
}

// MeetingByID returns a meeting of the site's forum with its documents;
// db.ErrNotFound when there is none.
func MeetingByID(ctx context.Context, q db.Querier, siteID, id int64) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM forum_meetings WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return nil, db.NotFound(err)
	}
	if err := fillFiles(ctx, q, []*Meeting{m}); err != nil {
		return nil, err
	}
	return m, nil
}

// Meetings returns the site's forum meetings, latest first, with their documents.
func Meetings(ctx context.Context, q db.Querier, siteID int64) ([]Meeting, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+meetingColumns+` FROM forum_meetings WHERE site_id = ? ORDER BY starts_at DESC, id DESC`, siteID)
	if err != nil {
		return nil, fmt.Errorf("forum meetings: %w", err)
	}
	var ptrs []*Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ptrs = append(ptrs, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := fillFiles(ctx, q, ptrs); err != nil {
		return nil, err
	}
	out := make([]Meeting, len(ptrs))
	for i, m := range ptrs {
		out[i] = *m
	}
	return out, nil
}

func fillFiles(ctx context.Context, q db.Querier, ms []*Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*Meeting{}
	ids := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID], ids[i] = m, m.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT mf.meeting_id, f.hash, f.name, f.content_type FROM forum_meeting_files mf
		JOIN files f ON f.hash = mf.hash WHERE mf.meeting_id IN (`+db.Placeholders(len(ids))+`) ORDER BY mf.meeting_id, mf.position`, ids...)
	if err != nil {
		return fmt.Errorf("forum meeting files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f File
		if err := rows.Scan(&id, &f.Hash, &f.Name, &f.ContentType); err != nil {
			return err
		}
		f.URL = "/files/" + f.Hash
		byID[id].Documents = append(byID[id].Documents, f)
	}
	return rows.Err()
}

// CreateMeeting inserts m (its SiteID set) with its documents.
func CreateMeeting(ctx context.Context, tx *db.Tx, m *Meeting) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO forum_meetings (site_id, starts_at, timezone, title, place, agenda, minutes, decisions,
		attendance_government, attendance_civil_society, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id, version`, m.SiteID, m.StartsAt, m.Timezone, m.Title, m.Place, m.Agenda, m.Minutes, m.Decisions,
		m.AttendanceGovernment, m.AttendanceCivilSociety, now, now).Scan(&m.ID, &m.Version)
	if err != nil {
		return fmt.Errorf("create forum meeting: %w", err)
	}
	if err := writeFiles(ctx, tx, m); err != nil {
		return err
	}
	return indexMeeting(ctx, tx, m)
}

// UpdateMeeting saves m when its version is still version; errStale otherwise.
func UpdateMeeting(ctx context.Context, tx *db.Tx, m *Meeting, version int) error {
	now := db.Timestamp{Time: tx.Now()}
	res, err := tx.ExecContext(ctx, `UPDATE forum_meetings SET starts_at = ?, timezone = ?, title = ?, place = ?, agenda = ?,
		minutes = ?, decisions = ?, attendance_government = ?, attendance_civil_society = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND site_id = ? AND version = ?`, m.StartsAt, m.Timezone, m.Title, m.Place, m.Agenda, m.Minutes, m.Decisions,
		m.AttendanceGovernment, m.AttendanceCivilSociety, now, m.ID, m.SiteID, version)
	if err != nil {
		return fmt.Errorf("update forum meeting: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	m.Version = version + 1
	if _, err := tx.ExecContext(ctx, `DELETE FROM forum_meeting_files WHERE meeting_id = ?`, m.ID); err != nil {
		return err
	}
	if err := writeFiles(ctx, tx, m); err != nil {
		return err
	}
	return indexMeeting(ctx, tx, m)
}

func writeFiles(ctx context.Context, tx *db.Tx, m *Meeting) error {
	for i, f := range m.Documents {
		if _, err := tx.ExecContext(ctx, `INSERT INTO forum_meeting_files (meeting_id, hash, position) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, m.ID, f.Hash, i+1); err != nil {
			return fmt.Errorf("forum meeting file: %w", err)
		}
	}
	return nil
}
