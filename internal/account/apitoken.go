package account

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// APIScopes lists what a personal access token may be allowed to do; a
// feature whose API writes adds its scope here and checks it with
// auth.User.HasScope. Only scopes some route checks are offered.
var APIScopes = []string{"plans:write", "proposals:write", "comments:write"}

// apiTokenPrefix marks Infitah's tokens, so secret scanners can spot a leak.
const apiTokenPrefix = "ift_"

// APIToken is a personal access token as its owner sees it (never its secret).
type APIToken struct {
	ID         int64        `json:"id"`
	Name       string       `json:"name"`
	Scopes     []string     `json:"scopes"`
	CreatedAt  db.Timestamp `json:"created_at"`
	LastUsedAt db.Timestamp `json:"last_used_at"`
	RevokedAt  db.Timestamp `json:"revoked_at"`
}

// Revoked reports whether the token was revoked.
func (t *APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// ValidScopes keeps the known scopes of list, sorted and without repeats.
func ValidScopes(list []string) []string {
	var out []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if slices.Contains(APIScopes, s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// CreateToken makes a personal access token for the user and returns its
// plain text, which is shown once and never stored.
func CreateToken(ctx context.Context, tx *db.Tx, userID int64, name string, scopes []string) (string, error) {
	_, plain, err := createToken(ctx, tx, userID, name, scopes)
	return plain, err
}

func createToken(ctx context.Context, tx *db.Tx, userID int64, name string, scopes []string) (int64, string, error) {
	plain, hash, err := newSecret(apiTokenPrefix)
	if err != nil {
		return 0, "", err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)
		RETURNING id`, userID, strings.TrimSpace(name), hash, strings.Join(ValidScopes(scopes), " "),
		db.Timestamp{Time: tx.Now()}).Scan(&id)
	return id, plain, err
}

// RevokeToken revokes one of the user's tokens; db.ErrNotFound when the user
// has no such live token.
func RevokeToken(ctx context.Context, tx *db.Tx, userID, tokenID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
		db.Timestamp{Time: tx.Now()}, tokenID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}

// TokensOf lists the user's tokens, newest first, revoked ones included.
func TokensOf(ctx context.Context, q db.Querier, userID int64) ([]APIToken, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_tokens
		WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var scopes string
		if err := rows.Scan(&t.ID, &t.Name, &scopes, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		t.Scopes = strings.Fields(scopes)
		out = append(out, t)
	}
	return out, rows.Err()
}

// lastUsedEvery bounds how often a token's last use is written: a busy
// integration must not turn every read into a write.
const lastUsedEvery = time.Minute

// UserForToken returns the live, non-deleted owner of a token on the site,
// with Scopes set, and notes the use; db.ErrNotFound for anything else.
func UserForToken(ctx context.Context, d *db.DB, siteID int64, plain string, now time.Time) (*auth.User, error) {
	if !strings.HasPrefix(plain, apiTokenPrefix) {
		return nil, db.ErrNotFound
	}
	var tokenID int64
	var scopes string
	var lastUsed db.Timestamp
	u, err := scanUser(d.R().QueryRowContext(ctx, `SELECT `+prefixed("u.", userColumns)+`, t.id, t.scopes, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND u.site_id = ? AND u.deleted_at IS NULL`, hashSecret(plain), siteID),
		&tokenID, &scopes, &lastUsed)
	if err != nil {
		return nil, err
	}
	if lastUsed.IsZero() || now.Sub(lastUsed.Time) >= lastUsedEvery {
		// Outside db.InTx on purpose: noting a use is not a content change.
		if _, err := d.Writer().ExecContext(ctx, d.Rebind(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`),
			db.Timestamp{Time: now}, tokenID); err != nil {
			return nil, err
		}
	}
	orgs, err := ActiveOrgIDs(ctx, d.R(), u.ID)
	if err != nil {
		return nil, err
	}
	au := u.AuthUser(orgs)
	au.Scopes = strings.Fields(scopes)
	if au.Scopes == nil {
		au.Scopes = []string{} // a token without scopes may do nothing, unlike a session (nil)
	}
	return au, nil
}

// prefixed qualifies each column of a comma-separated list with p.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
