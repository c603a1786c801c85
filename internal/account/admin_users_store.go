package account

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// UserSummary is a person as the administration lists them. Email is
// private: it is shown to administrators in the admin area only, never on a
// public page, in the API or in an export.
type UserSummary struct {
	ID              int64
	Name            string
	Email           string
	Role            auth.Role
	EmailVerifiedAt db.Timestamp
	CreatedAt       db.Timestamp
	DeletedAt       db.Timestamp
}

// Deleted reports whether the person closed their account (or it was
// closed): the administration then shows them as "deleted user".
func (u UserSummary) Deleted() bool { return !u.DeletedAt.IsZero() }

const userSummaryColumns = `id, name, email, role, email_verified_at, created_at, deleted_at`

func scanUserSummary(row interface{ Scan(...any) error }) (*UserSummary, error) {
	var u UserSummary
	if err := row.Scan(&u.ID, &u.Name, &u.Email, &u.Role, &u.EmailVerifiedAt, &u.CreatedAt, &u.DeletedAt); err != nil {
		return nil, db.NotFound(err)
	}
	return &u, nil
}

// likePattern makes a case-insensitive LIKE pattern that finds s anywhere,
// with LIKE's own wildcards in s escaped (the queries say ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

// SearchUsers lists the site's users whose name or email contains query
// (all of them when it is empty), newest first, skipping offset and
// returning at most limit, with the number of matches in all.
func SearchUsers(ctx context.Context, q db.Querier, siteID int64, query string, offset, limit int) ([]UserSummary, int, error) {
	where, args := `site_id = ?`, []any{siteID}
	if strings.TrimSpace(query) != "" {
		p := likePattern(query)
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\')`
		args = append(args, p, p)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+userSummaryColumns+` FROM users WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []UserSummary
	for rows.Next() {
		u, err := scanUserSummary(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *u)
	}
	return out, total, rows.Err()
}

// UserSummaryByID returns one of the site's users, or db.ErrNotFound.
func UserSummaryByID(ctx context.Context, q db.Querier, siteID, id int64) (*UserSummary, error) {
	return scanUserSummary(q.QueryRowContext(ctx, `SELECT `+userSummaryColumns+` FROM users WHERE site_id = ? AND id = ?`, siteID, id))
}

// ErrLastAdmin is returned when a change would leave the site without an
// administrator.
var ErrLastAdmin = errors.New("account: the site's last administrator cannot lose the role")

// AssignRole gives one of the site's users a new role on behalf of actor,
// and records it in the audit ledger. The last administrator of a site
// cannot be demoted (ErrLastAdmin), so a site always has someone to manage
// it; a deleted user cannot be given a role (db.ErrNotFound). It returns
// ErrNoChange when the user already holds the role.
func AssignRole(ctx context.Context, tx *db.Tx, siteID int64, actor *auth.User, userID int64, role auth.Role) error {
	if !role.Valid() {
		return fmt.Errorf("assign role: unknown role %q", role)
	}
	u, err := UserSummaryByID(ctx, tx, siteID, userID)
	if err != nil {
		return err
	}
	if u.Deleted() {
		return db.ErrNotFound
	}
	if u.Role == role {
		return ErrNoChange
	}
	if u.Role == auth.Admin {
		n, err := countAdmins(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if n <= 1 {
			return ErrLastAdmin
		}
	}
	return setRole(ctx, tx, siteID, actor, userID, u.Role, role, "role changed")
}

// setRole writes a user's role and records the change.
func setRole(ctx context.Context, tx *db.Tx, siteID int64, actor *auth.User, userID int64, from, to auth.Role, summary string) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
		to, db.Timestamp{Time: tx.Now()}, siteID, userID)
	if err != nil {
		return fmt.Errorf("set role: %w", err)
	}
	return record(ctx, tx, siteID, actor, "update", "user", userID, nil, summary,
		map[string]any{"role": from}, map[string]any{"role": to})
}

// countAdmins counts the site's administrators whose account is open.
func countAdmins(ctx context.Context, q db.Querier, siteID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE site_id = ? AND role = ? AND deleted_at IS NULL`,
		siteID, auth.Admin).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count administrators: %w", err)
	}
	return n, nil
}
