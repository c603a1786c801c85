package event

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// Errors of registration.
var (
	ErrClosed    = errors.New("event: registration is closed")
	ErrDuplicate = errors.New("event: already registered")
)

// newToken returns a random token for a link and the hash stored in its place.
func newToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

func hashToken(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Register records a registration for e in tx. A signed-in person (userID
// > 0) gets a place, or a place on the waiting list, at once, and token is
// the link to cancel; a guest's registration waits for the confirmation of
// their address, and token is the link that confirms it. A person or an
// address already registered (and not cancelled) gives ErrDuplicate; a
// closed registration ErrClosed. Someone who cancelled may register again.
func Register(ctx context.Context, tx *db.Tx, e *Event, userID int64, name, email, locale string, now time.Time) (r *Registration, token string, err error) {
	if !e.RegistrationOpen(now) {
		return nil, "", ErrClosed
	}
	if err := lockEvent(ctx, tx, e.ID); err != nil {
		return nil, "", err
	}
	old, err := registrationOf(ctx, tx, e.ID, userID, email)
	switch {
	case err == nil && old.Status != Cancelled:
		return nil, "", ErrDuplicate
	case err != nil && !errors.Is(err, db.ErrNotFound):
		return nil, "", err
	}
	status := Pending
	token, hash := newToken()
	confirmHash, cancelHash := hash, ""
	if userID > 0 {
		confirmed, err := countStatus(ctx, tx, e.ID, Confirmed)
		if err != nil {
			return nil, "", err
		}
		status = Place(e.Capacity, confirmed)
		confirmHash, cancelHash = "", hash
	} else {
		_, cancelHash = newToken() // unusable until confirmation replaces it
	}
	stamp := db.Timestamp{Time: tx.Now()}
	// A signed-in person's name and address stay in their account only.
	storedName, storedEmail := name, email
	if userID > 0 {
		storedName, storedEmail = "", ""
	}
	if old != nil {
		_, err = tx.ExecContext(ctx, `UPDATE event_registrations SET user_id = ?, name = ?, email = ?, locale = ?, status = ?,
			confirm_hash = ?, cancel_hash = ?, queued_at = ?, updated_at = ? WHERE id = ?`,
			nullID(userID), storedName, storedEmail, locale, status, confirmHash, cancelHash, stamp, stamp, old.ID)
		if err != nil {
			return nil, "", fmt.Errorf("register: %w", err)
		}
		r = old
	} else {
		r = &Registration{EventID: e.ID}
		err = tx.QueryRowContext(ctx, `INSERT INTO event_registrations (event_id, user_id, name, email, locale, status, confirm_hash,
			cancel_hash, created_at, queued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.ID, nullID(userID), storedName, storedEmail, locale, status, confirmHash, cancelHash, stamp, stamp, stamp).Scan(&r.ID)
		if db.IsUniqueViolation(err) {
			return nil, "", ErrDuplicate
		}
		if err != nil {
			return nil, "", fmt.Errorf("register: %w", err)
		}
		r.CreatedAt = stamp
	}
	r.UserID, r.Name, r.Email, r.Locale, r.Status, r.QueuedAt = userID, name, email, locale, status, stamp
	return r, token, nil
}

// Confirm confirms a guest's address from the token of their link: the
// registration gets a place or a place on the waiting list, and cancel is
// the token of its cancellation link. An unknown or used token gives
// db.ErrNotFound; an event already started ErrClosed.
func Confirm(ctx context.Context, tx *db.Tx, siteID int64, token string, now time.Time) (r *Registration, e *Event, cancel string, err error) {
	r, err = registrationByHash(ctx, tx, "confirm_hash", hashToken(token))
	if err != nil {
		return nil, nil, "", err
	}
	if e, err = ByID(ctx, tx, siteID, r.EventID); err != nil {
		return nil, nil, "", err
	}
	if r.Status != Pending {
		return nil, nil, "", db.ErrNotFound
	}
	if !now.Before(e.StartsAt.Time) {
		return nil, nil, "", ErrClosed
	}
	if err := lockEvent(ctx, tx, e.ID); err != nil {
		return nil, nil, "", err
	}
	confirmed, err := countStatus(ctx, tx, e.ID, Confirmed)
	if err != nil {
		return nil, nil, "", err
	}
	r.Status = Place(e.Capacity, confirmed)
	cancel, hash := newToken()
	stamp := db.Timestamp{Time: tx.Now()}
	if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET status = ?, confirm_hash = '', cancel_hash = ?, queued_at = ?,
		updated_at = ? WHERE id = ?`, r.Status, hash, stamp, stamp, r.ID); err != nil {
		return nil, nil, "", err
	}
	r.QueuedAt = stamp
	return r, e, cancel, nil
}

// Promoted is a person of the waiting list who got a place, with the new
// token of their cancellation link.
type Promoted struct {
	*Registration
	Cancel string
}

// Cancel cancels the registration of the token's link. When it held a
// place, the first people of the waiting list (in the order they joined
// it) get the places now free. An unknown token or a registration already
// cancelled gives db.ErrNotFound.
func Cancel(ctx context.Context, tx *db.Tx, siteID int64, token string) (r *Registration, e *Event, promoted []Promoted, err error) {
	r, err = registrationByHash(ctx, tx, "cancel_hash", hashToken(token))
	if err != nil {
		return nil, nil, nil, err
	}
	if r.Status == Cancelled {
		return nil, nil, nil, db.ErrNotFound
	}
	if e, err = ByID(ctx, tx, siteID, r.EventID); err != nil {
		return nil, nil, nil, err
	}
	promoted, err = cancelRegistration(ctx, tx, e, r)
	return r, e, promoted, err
}

// CancelUser cancels a signed-in person's registration for e, as Cancel does.
func CancelUser(ctx context.Context, tx *db.Tx, e *Event, userID int64) (*Registration, []Promoted, error) {
	r, err := RegistrationOfUser(ctx, tx, e.ID, userID)
	if err != nil {
		return nil, nil, err
	}
	if r == nil || r.Status == Cancelled {
		return nil, nil, db.ErrNotFound
	}
	promoted, err := cancelRegistration(ctx, tx, e, r)
	return r, promoted, err
}

func cancelRegistration(ctx context.Context, tx *db.Tx, e *Event, r *Registration) ([]Promoted, error) {
	if err := lockEvent(ctx, tx, e.ID); err != nil {
		return nil, err
	}
	stamp := db.Timestamp{Time: tx.Now()}
	if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET status = 'cancelled', confirm_hash = '', updated_at = ? WHERE id = ?`,
		stamp, r.ID); err != nil {
		return nil, err
	}
	held := r.Status == Confirmed
	r.Status = Cancelled
	if !held {
		return nil, nil
	}
	return promote(ctx, tx, e)
}

// promote gives the free places of e to the waiting list, first come first
// served.
func promote(ctx context.Context, tx *db.Tx, e *Event) ([]Promoted, error) {
	confirmed, err := countStatus(ctx, tx, e.ID, Confirmed)
	if err != nil {
		return nil, err
	}
	waiting, err := countStatus(ctx, tx, e.ID, Waiting)
	if err != nil {
		return nil, err
	}
	n := Promotions(e.Capacity, confirmed, waiting)
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, regSelect+` WHERE r.event_id = ? AND r.status = 'waiting'
		ORDER BY r.queued_at, r.id LIMIT ?`, e.ID, n)
	if err != nil {
		return nil, err
	}
	var out []Promoted
	for rows.Next() {
		r, err := scanReg(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, Promoted{Registration: r})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	stamp := db.Timestamp{Time: tx.Now()}
	for i := range out {
		token, hash := newToken()
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET status = 'confirmed', cancel_hash = ?, updated_at = ? WHERE id = ?`,
			hash, stamp, out[i].ID); err != nil {
			return nil, err
		}
		out[i].Status, out[i].Cancel = Confirmed, token
	}
	return out, nil
}
