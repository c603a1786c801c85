package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// throttleKey names the pair of sign_in_failures: the SHA-256 of the site,
// the address typed (normalised) and the client's IP address, so that the
// table keeps neither in clear.
func throttleKey(siteID int64, email, ip string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(siteID, 10) + "\x00" + NormalizeEmail(email) + "\x00" + ip))
	return hex.EncodeToString(sum[:])
}

// beginAttempt counts a failure for the pair before its password is
// checked, so that concurrent tries cannot all slip in before one is
// counted; a right password then clears the pair (clearFailures). When the
// pair must still wait, nothing is counted and wait says how long.
func beginAttempt(ctx context.Context, d *db.DB, key string, now time.Time) (after Failures, wait time.Duration, err error) {
	err = d.InTx(ctx, func(tx *db.Tx) error {
		after, wait = Failures{}, 0
		f, err := lockFailures(ctx, d, tx, key, now)
		if err != nil {
			return err
		}
		if wait = f.Wait(now); wait > 0 {
			after = f
			return nil
		}
		after = f.Fail(now)
		return saveFailures(ctx, tx, key, after)
	})
	return after, wait, err
}

// refundAttempt takes back the failure beginAttempt counted when the
// password could not be checked at all.
func refundAttempt(ctx context.Context, d *db.DB, key string, now time.Time) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		f, err := lockFailures(ctx, d, tx, key, now)
		if err != nil {
			return err
		}
		return saveFailures(ctx, tx, key, f.Refund())
	})
}

// clearFailures forgets the pair: its password was right.
func clearFailures(ctx context.Context, d *db.DB, key string) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE pair = ?`, key)
		return err
	})
}

// sweepFailures removes the pairs without a failure for ThrottleForget:
// they would start afresh anyway.
func sweepFailures(ctx context.Context, d *db.DB, now time.Time) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE last_failed_at < ?`,
			db.Timestamp{Time: now.Add(-ThrottleForget)})
		return err
	})
}

// lockFailures reads the pair's record in tx, making the row first, and
// on PostgreSQL locks it until tx ends (SQLite has a single writer).
func lockFailures(ctx context.Context, d *db.DB, tx *db.Tx, key string, now time.Time) (Failures, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sign_in_failures (pair, failures, last_failed_at) VALUES (?, 0, ?)
		ON CONFLICT (pair) DO NOTHING`, key, db.Timestamp{Time: now}); err != nil {
		return Failures{}, err
	}
	q := `SELECT failures, last_failed_at, wait_until FROM sign_in_failures WHERE pair = ?`
	if d.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var f Failures
	var last, until db.Timestamp
	if err := tx.QueryRowContext(ctx, q, key).Scan(&f.Count, &last, &until); err != nil {
		return Failures{}, err
	}
	f.Until = until.Time
	if f.Count > 0 {
		f.Last = last.Time
	}
	return f, nil
}

func saveFailures(ctx context.Context, tx *db.Tx, key string, f Failures) error {
	if f.Count == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE pair = ?`, key)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE sign_in_failures SET failures = ?, last_failed_at = ?, wait_until = ? WHERE pair = ?`,
		f.Count, db.Timestamp{Time: f.Last}, db.Timestamp{Time: f.Until}, key)
	return err
}
