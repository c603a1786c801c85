package account

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Export is everything the site holds about a person, for the right of
// access of Law 09-08: their profile, memberships, the names of their API
// tokens (never the secrets), the links emailed to them (never the tokens),
// the audit entries they made, and under Activity what each feature holds
// about them (comments, proposals, follows, registrations…; ExportSection).
type Export struct {
	Profile      ExportProfile      `json:"profile"`
	Memberships  []ExportMembership `json:"memberships"`
	APITokens    []APIToken         `json:"api_tokens"`
	EmailLinks   []ExportEmailLink  `json:"email_links"`
	AuditEntries []ExportAudit      `json:"audit_entries"`
	// Activity maps each section's name to its data.
	Activity map[string]json.RawMessage `json:"activity"`
}

// ExportProfile is the person's account row, without the password hash.
type ExportProfile struct {
	ID         int64        `json:"id"`
	Name       string       `json:"name"`
	Email      string       `json:"email"`
	Role       string       `json:"role"`
	Locale     string       `json:"locale"`
	VerifiedAt db.Timestamp `json:"email_verified_at"`
	BlockedAt  db.Timestamp `json:"blocked_at"` // set when a moderator barred them from commenting
	CreatedAt  db.Timestamp `json:"created_at"`
	UpdatedAt  db.Timestamp `json:"updated_at"`
}

// ExportMembership is one organisation the person belongs or asked to belong to.
type ExportMembership struct {
	OrganisationID   int64           `json:"organisation_id"`
	OrganisationName json.RawMessage `json:"organisation_name"`
	Status           string          `json:"status"`
	CreatedAt        db.Timestamp    `json:"created_at"`
	DecidedAt        db.Timestamp    `json:"decided_at"`
}

// ExportAudit is one ledger entry the person made.
type ExportAudit struct {
	Seq      int64           `json:"seq"`
	At       db.Timestamp    `json:"at"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id"`
	Summary  string          `json:"summary"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
}

// ExportUser gathers a person's data, the features' sections included.
func ExportUser(ctx context.Context, q db.Querier, siteID, userID int64, sections ...ExportSection) (*Export, error) {
	u, err := UserByID(ctx, q, siteID, userID)
	if err != nil {
		return nil, err
	}
	var blocked db.Timestamp
	if err := q.QueryRowContext(ctx, `SELECT blocked_at FROM users WHERE id = ? AND site_id = ?`, userID, siteID).Scan(&blocked); err != nil {
		return nil, err
	}
	out := &Export{
		Profile: ExportProfile{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Locale: string(u.Locale),
			VerifiedAt: u.VerifiedAt, BlockedAt: blocked, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt},
		Memberships: []ExportMembership{}, AuditEntries: []ExportAudit{},
	}
	rows, err := q.QueryContext(ctx, `SELECT m.organisation_id, o.name, m.status, m.created_at, m.decided_at
		FROM memberships m JOIN organisations o ON o.id = m.organisation_id
		WHERE m.user_id = ? AND o.site_id = ? ORDER BY m.organisation_id`, userID, siteID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m ExportMembership
		var name string
		if err := rows.Scan(&m.OrganisationID, &name, &m.Status, &m.CreatedAt, &m.DecidedAt); err != nil {
			rows.Close()
			return nil, err
		}
		m.OrganisationName = rawJSON(name)
		out.Memberships = append(out.Memberships, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if out.APITokens, err = TokensOf(ctx, q, userID); err != nil {
		return nil, err
	}
	if out.APITokens == nil {
		out.APITokens = []APIToken{}
	}
	if out.EmailLinks, err = emailLinksOf(ctx, q, userID); err != nil {
		return nil, err
	}
	if out.Activity, err = exportSections(ctx, q, siteID, userID, sections); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT seq, at, action, entity, entity_id, summary, before_data, after_data
		FROM audit_entries WHERE site_id = ? AND actor_id = ? ORDER BY seq`, siteID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e ExportAudit
		var before, after string
		if err := rows.Scan(&e.Seq, &e.At, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &before, &after); err != nil {
			return nil, err
		}
		e.Before, e.After = rawJSON(before), rawJSON(after)
		out.AuditEntries = append(out.AuditEntries, e)
	}
	return out, rows.Err()
}

// rawJSON passes stored JSON through, or quotes text that is not JSON.
func rawJSON(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

func (a *Accounts) export(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	data, err := ExportUser(ctx, a.DB.R(), web.SiteOf(ctx).ID, auth.UserFrom(ctx).ID, a.ExportSections...)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	body, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="my-data.json"`)
	web.Send(w, r, http.StatusOK, "application/json; charset=utf-8", append(body, '\n'))
}
