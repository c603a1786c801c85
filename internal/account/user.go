package account

import (
	"context"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// UserRecord is a person's account row as the account feature reads it.
// Email and PasswordHash are private: they never leave this feature except
// in the person's own data export (the email only).
type UserRecord struct {
	ID           int64
	SiteID       int64
	Email        string
	Name         string
	PasswordHash string
	Role         auth.Role
	Locale       i18n.Locale
	VerifiedAt   db.Timestamp // zero until the email address is confirmed
	DeletedAt    db.Timestamp // set when the person deleted their account
	CreatedAt    db.Timestamp
	UpdatedAt    db.Timestamp
}

// Verified reports whether the email address was confirmed.
func (u *UserRecord) Verified() bool { return !u.VerifiedAt.IsZero() }

// Deleted reports whether the account was deleted (the row stays, anonymised).
func (u *UserRecord) Deleted() bool { return !u.DeletedAt.IsZero() }

// AuthUser is the signed-in person the rest of the site sees.
func (u *UserRecord) AuthUser(orgIDs []int64) *auth.User {
	return &auth.User{ID: u.ID, SiteID: u.SiteID, Name: u.Name, Email: u.Email, Role: u.Role,
		Verified: u.Verified(), OrgIDs: orgIDs}
}

// NormalizeEmail is the form an address is stored and looked up in:
// trimmed and lower-cased, so "Amina@X.ma" and "amina@x.ma" are one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail is a deliberately loose check (one @, a dot in the domain, no
// spaces); the verification email is the real test.
func ValidEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at == strings.LastIndexByte(s, '@') && strings.Contains(s[at+1:], ".") &&
		!strings.ContainsAny(s, " \t\r\n<>,;\"") && len(s) <= MaxEmailLen && !strings.HasSuffix(s, ".")
}

const userColumns = `id, site_id, email, name, password_hash, role, locale, email_verified_at, deleted_at,
	created_at, updated_at`

// scanUser reads userColumns, then any extra columns into extra.
func scanUser(row interface{ Scan(...any) error }, extra ...any) (*UserRecord, error) {
	var u UserRecord
	var locale string
	dest := append([]any{&u.ID, &u.SiteID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, &locale, &u.VerifiedAt,
		&u.DeletedAt, &u.CreatedAt, &u.UpdatedAt}, extra...)
	err := row.Scan(dest...)
	if err != nil {
		return nil, db.NotFound(err)
	}
	u.Locale, _ = i18n.Parse(locale)
	if u.Locale == "" {
		u.Locale = i18n.Default
	}
	return &u, nil
}

// UserByID returns one user of the site (deleted ones too), or db.ErrNotFound.
func UserByID(ctx context.Context, q db.Querier, siteID, id int64) (*UserRecord, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE site_id = ? AND id = ?`, siteID, id))
}

// UserByEmail returns the user of the site with that address, or
// db.ErrNotFound.
func UserByEmail(ctx context.Context, q db.Querier, siteID int64, email string) (*UserRecord, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE site_id = ? AND email = ?`,
		siteID, NormalizeEmail(email)))
}

// CreateUser inserts u (its email normalised) and sets its ID and times. A
// taken address is reported by db.IsUniqueViolation.
func CreateUser(ctx context.Context, tx *db.Tx, u *UserRecord) error {
	now := db.Timestamp{Time: tx.Now()}
	u.Email = NormalizeEmail(u.Email)
	if u.Role == "" {
		u.Role = auth.Citizen
	}
	if u.Locale == "" {
		u.Locale = i18n.Default
	}
	u.CreatedAt, u.UpdatedAt = now, now
	return tx.QueryRowContext(ctx, `INSERT INTO users (site_id, email, name, password_hash, role, locale,
		email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.SiteID, u.Email, u.Name, u.PasswordHash, string(u.Role), string(u.Locale), u.VerifiedAt, now, now).Scan(&u.ID)
}

// ActiveOrgIDs lists the organisations the user is an active member of.
func ActiveOrgIDs(ctx context.Context, q db.Querier, userID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT organisation_id FROM memberships WHERE user_id = ? AND status = 'active'
		ORDER BY organisation_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// setUser updates one column group of a user; it keeps updated_at current.
func setUser(ctx context.Context, tx *db.Tx, siteID, id int64, set string, args ...any) error {
	args = append(args, db.Timestamp{Time: tx.Now()}, siteID, id)
	res, err := tx.ExecContext(ctx, `UPDATE users SET `+set+`, updated_at = ? WHERE site_id = ? AND id = ?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}

// SetPassword stores a new password hash.
func SetPassword(ctx context.Context, tx *db.Tx, siteID, id int64, hash string) error {
	return setUser(ctx, tx, siteID, id, `password_hash = ?`, hash)
}

// MarkVerified records that the user confirmed their address.
func MarkVerified(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	return setUser(ctx, tx, siteID, id, `email_verified_at = COALESCE(email_verified_at, ?)`, db.Timestamp{Time: tx.Now()})
}

// SetProfile changes the name and the preferred language.
func SetProfile(ctx context.Context, tx *db.Tx, siteID, id int64, name string, locale i18n.Locale) error {
	return setUser(ctx, tx, siteID, id, `name = ?, locale = ?`, name, string(locale))
}

// SetEmail changes the address (already confirmed by a link sent to it).
func SetEmail(ctx context.Context, tx *db.Tx, siteID, id int64, email string) error {
	return setUser(ctx, tx, siteID, id, `email = ?, email_verified_at = ?`, NormalizeEmail(email), db.Timestamp{Time: tx.Now()})
}
