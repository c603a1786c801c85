package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// Purposes of the single-use tokens sent by email.
const (
	PurposeVerify = "verify" // confirm the address given at sign-up
	PurposeReset  = "reset"  // choose a new password
	PurposeEmail  = "email"  // confirm a new address (new_email holds it)
)

// How long an emailed link works.
var tokenLifetime = map[string]time.Duration{
	PurposeVerify: 48 * time.Hour,
	PurposeReset:  time.Hour,
	PurposeEmail:  24 * time.Hour,
}

// ErrBadToken is a link that is unknown, used, expired or for another purpose.
var ErrBadToken = errors.New("account: invalid or expired link")

// newSecret returns a random token for a link or an API key and its SHA-256,
// which is all the database keeps.
func newSecret(prefix string) (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain), nil
}

// hashSecret is the stored form of a token.
func hashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// IssueUserToken creates a single-use token for purpose (earlier unused ones
// of that purpose stop working) and returns it in plain text for the link.
func IssueUserToken(ctx context.Context, tx *db.Tx, userID int64, purpose, newEmail string, now time.Time) (string, error) {
	plain, hash, err := newSecret("")
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL`,
		userID, purpose); err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, new_email, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, hash, userID, purpose, NormalizeEmail(newEmail),
		db.Timestamp{Time: now.Add(tokenLifetime[purpose])}, db.Timestamp{Time: now})
	return plain, err
}

// UserToken is a valid token's owner and, for a change of email, the new address.
type UserToken struct {
	hash     string
	UserID   int64
	NewEmail string
}

// CheckUserToken returns the token if it is valid for purpose on the site at
// now, without using it up (the reset page shows its form first).
func CheckUserToken(ctx context.Context, q db.Querier, siteID int64, plain, purpose string, now time.Time) (*UserToken, error) {
	if plain == "" {
		return nil, ErrBadToken
	}
	t := UserToken{hash: hashSecret(plain)}
	err := q.QueryRowContext(ctx, `SELECT t.user_id, t.new_email FROM user_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.purpose = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.site_id = ? AND u.deleted_at IS NULL`,
		t.hash, purpose, db.Timestamp{Time: now}, siteID).Scan(&t.UserID, &t.NewEmail)
	if err != nil {
		if db.NotFound(err) == db.ErrNotFound {
			return nil, ErrBadToken
		}
		return nil, err
	}
	return &t, nil
}

// UseUserToken checks the token and marks it used, in tx, so it works once.
func UseUserToken(ctx context.Context, tx *db.Tx, siteID int64, plain, purpose string, now time.Time) (*UserToken, error) {
	t, err := CheckUserToken(ctx, tx, siteID, plain, purpose, now)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL`,
		db.Timestamp{Time: now}, t.hash)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, ErrBadToken
	}
	return t, nil
}

// ExportEmailLink is one link emailed to the person (verification, reset,
// change of address) as the data download shows it: never the token or its
// hash, which would let a leaked download be replayed.
type ExportEmailLink struct {
	Purpose   string       `json:"purpose"`
	NewEmail  string       `json:"new_email,omitempty"` // the address they asked to change to
	CreatedAt db.Timestamp `json:"created_at"`
	ExpiresAt db.Timestamp `json:"expires_at"`
	UsedAt    db.Timestamp `json:"used_at"`
}

// emailLinksOf lists the person's emailed links, oldest first.
func emailLinksOf(ctx context.Context, q db.Querier, userID int64) ([]ExportEmailLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT purpose, new_email, created_at, expires_at, used_at FROM user_tokens
		WHERE user_id = ? ORDER BY created_at, hash`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ExportEmailLink{}
	for rows.Next() {
		var l ExportEmailLink
		if err := rows.Scan(&l.Purpose, &l.NewEmail, &l.CreatedAt, &l.ExpiresAt, &l.UsedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
