package petition

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
)

// Petition is a petition to the council, with the rule it is measured by.
type Petition struct {
	ID                int64
	SiteID            int64
	AgentID           int64
	State             State
	Title             string
	Object            string
	Reasons           string
	AgendaItem        string
	WithinPowers      bool
	RespectsConstants bool
	Level             Level
	Required          int
	SharePercent      int
	ElectoralRoll     bool
	OpensAt           db.Timestamp
	ClosesAt          db.Timestamp
	FiledAt           db.Timestamp
	ReceiptNumber     string
	DecidedAt         db.Timestamp
	Decision          string
	SessionDate       db.Date
	Committee         string
	Deliberation      string
	CreatedAt         db.Timestamp
	UpdatedAt         db.Timestamp
}

// Requirement is what the petition must gather: the rule kept when its
// collection opened.
func (p *Petition) Requirement() Requirement {
	return Requirement{Required: p.Required, SharePercent: p.SharePercent, MinPerDivision: MinShare(p.Required, p.SharePercent),
		ElectoralRoll: p.ElectoralRoll}
}

// Open reports whether signatures are taken at now.
func (p *Petition) Open(now time.Time) bool {
	return p.State.Signable() && (p.ClosesAt.IsZero() || now.Before(p.ClosesAt.Time))
}

// Bounds of a petition's texts, in characters.
const (
	MaxTitleLen   = 200
	MaxTextLen    = 10_000
	MaxAgendaLen  = 1_000
	MaxNameLen    = 120
	MaxEmailLen   = 254
	MaxReceiptLen = 60
)

// CheckDraft returns a message key per field that is missing or too long;
// none when the draft can be saved. Both confirmations are needed: that the
// petition concerns the council's powers, and that it does not touch the
// constants of article 1 of the Constitution.
func CheckDraft(p *Petition) map[string]string {
	errs := map[string]string{}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"title", p.Title, MaxTitleLen}, {"object", p.Object, MaxTextLen}, {"reasons", p.Reasons, MaxTextLen}, {"agenda_item", p.AgendaItem, MaxAgendaLen}} {
		switch {
		case strings.TrimSpace(f.value) == "":
			errs[f.name] = "form.required"
		case utf8.RuneCountInString(f.value) > f.max:
			errs[f.name] = "petition.error.too_long"
		}
	}
	if !p.WithinPowers {
		errs["within_powers"] = "petition.error.within_powers"
	}
	if !p.RespectsConstants {
		errs["respects_constants"] = "petition.error.respects_constants"
	}
	return errs
}

const petitionColumns = `id, site_id, agent_id, state, title, object, reasons, agenda_item, within_powers, respects_constants,
	level, required, share_percent, electoral_roll, opens_at, closes_at, filed_at, receipt_number, decided_at, decision,
	session_date, committee, deliberation, created_at, updated_at`

func scanPetition(row interface{ Scan(...any) error }) (*Petition, error) {
	var p Petition
	err := row.Scan(&p.ID, &p.SiteID, &p.AgentID, &p.State, &p.Title, &p.Object, &p.Reasons, &p.AgendaItem, &p.WithinPowers,
		&p.RespectsConstants, &p.Level, &p.Required, &p.SharePercent, &p.ElectoralRoll, &p.OpensAt, &p.ClosesAt, &p.FiledAt,
		&p.ReceiptNumber, &p.DecidedAt, &p.Decision, &p.SessionDate, &p.Committee, &p.Deliberation, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// ByID returns the site's petition; db.ErrNotFound when there is none.
func ByID(ctx context.Context, q db.Querier, siteID, id int64) (*Petition, error) {
	p, err := scanPetition(q.QueryRowContext(ctx, `SELECT `+petitionColumns+` FROM petitions WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return nil, db.NotFound(err)
	}
	return p, nil
}

// Filter chooses petitions.
type Filter struct {
	State  State // only this state; any public state when empty
	Agent  int64 // also the drafts of this person
	After  int64 // the id of the last petition of the previous page (newest first)
	Limit  int
	Oldest bool // oldest first (for paging the API by id)
}

// List returns the site's public petitions (and Agent's drafts), newest first.
func List(ctx context.Context, q db.Querier, siteID int64, f Filter) ([]Petition, error) {
	where := []string{"site_id = ?"}
	args := []any{siteID}
	switch {
	case f.State != "":
		where = append(where, "state = ?")
		args = append(args, f.State)
		if f.State == Draft {
			where = append(where, "agent_id = ?")
			args = append(args, f.Agent)
		}
	case f.Agent > 0:
		where = append(where, "(state <> 'draft' OR agent_id = ?)")
		args = append(args, f.Agent)
	default:
		where = append(where, "state <> 'draft'")
	}
	order := "id DESC"
	if f.After > 0 {
		if f.Oldest {
			where = append(where, "id > ?")
		} else {
			where = append(where, "id < ?")
		}
		args = append(args, f.After)
	}
	if f.Oldest {
		order = "id"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+petitionColumns+` FROM petitions WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list petitions: %w", err)
	}
	defer rows.Close()
	var out []Petition
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// Create stores p as a draft of its agent at now; p.ID is set.
func Create(ctx context.Context, tx *db.Tx, p *Petition, at time.Time) error {
	now := db.Timestamp{Time: at}
	p.State, p.CreatedAt, p.UpdatedAt = Draft, now, now
	if !p.Level.Valid() {
		p.Level = Region
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO petitions (site_id, agent_id, state, title, object, reasons, agenda_item,
		within_powers, respects_constants, level, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.SiteID, p.AgentID, p.State, p.Title, p.Object, p.Reasons, p.AgendaItem, p.WithinPowers, p.RespectsConstants, p.Level,
		now, now).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create petition: %w", err)
	}
	return addEvent(ctx, tx, p.ID, Draft, "", at)
}

// ErrState is returned for a change the petition's state does not allow.
var ErrState = errors.New("petition: not allowed in this state")

// Publish opens the collection of a draft under the site's settings at
// now: the rule is kept with the petition, and signatures are taken
// for the site's number of days. ErrState when p is not a draft.
func Publish(ctx context.Context, tx *db.Tx, p *Petition, s Settings, now time.Time) error {
	if !CanMove(p.State, Collecting) {
		return ErrState
	}
	q := s.Requirement()
	opens := now
	closes := opens.AddDate(0, 0, s.CollectionDays)
	res, err := tx.ExecContext(ctx, `UPDATE petitions SET state = ?, level = ?, required = ?, share_percent = ?, electoral_roll = ?,
		opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ? AND state = ?`,
		Collecting, s.Level, q.Required, q.SharePercent, q.ElectoralRoll, db.Timestamp{Time: opens}, db.Timestamp{Time: closes},
		db.Timestamp{Time: opens}, p.ID, Draft)
	if err != nil {
		return fmt.Errorf("publish petition: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrState
	}
	p.State, p.Level, p.Required, p.SharePercent, p.ElectoralRoll = Collecting, s.Level, q.Required, q.SharePercent, q.ElectoralRoll
	p.OpensAt, p.ClosesAt = db.Timestamp{Time: opens}, db.Timestamp{Time: closes}
	if err := indexPetition(ctx, tx, p); err != nil {
		return err
	}
	return addEvent(ctx, tx, p.ID, Collecting, "", now)
}

// Event is an entry of a petition's public timeline.
type Event struct {
	State State
	At    db.Timestamp
	Note  string
}

func addEvent(ctx context.Context, tx *db.Tx, petitionID int64, s State, note string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_events (petition_id, state, at, note) VALUES (?, ?, ?, ?)`,
		petitionID, s, db.Timestamp{Time: at}, note)
	return err
}

// Timeline returns the petition's changes of state, oldest first.
func Timeline(ctx context.Context, q db.Querier, petitionID int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT state, at, note FROM petition_events WHERE petition_id = ? ORDER BY id`, petitionID)
	if err != nil {
		return nil, fmt.Errorf("petition timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.State, &e.At, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Counts returns the confirmed signatures per division of each petition.
func Counts(ctx context.Context, q db.Querier, petitionIDs ...int64) (map[int64][]DivisionCount, error) {
	out := map[int64][]DivisionCount{}
	if len(petitionIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(petitionIDs))
	for i, id := range petitionIDs {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT petition_id, division_id, online, paper FROM petition_counts
		WHERE petition_id IN (`+db.Placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("petition counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c DivisionCount
		if err := rows.Scan(&id, &c.DivisionID, &c.Online, &c.Paper); err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}
