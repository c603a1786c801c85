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

// Register records a registration for e in tx; a closed registration gives
// ErrClosed. Someone who cancelled may register again.
//
// A signed-in person (userID > 0, email their account's address) gets a
// place, or a place on the waiting list, at once, and token is the link to
// cancel. They get ErrDuplicate when they already hold or wait for a place,
// as themselves or as a guest with their address. A guest's registration
// made with their address and never confirmed does not stop them: it
// becomes theirs (anyone may type an address; the account proves it).
//
// A guest never gets ErrDuplicate, so that the answer does not tell who is
// registered: what differs goes by email to the address, which only its
// owner reads. When the address already holds or waits for a place (as a
// guest's or an account's registration), that registration is returned
// unchanged but for a new cancellation link, which token is. Otherwise the
// registration returned is pending and token is the link that confirms it;
// an earlier unconfirmed one with the address is renewed (the name and
// language given now, a new link; the earlier link stops working), since
// whoever confirms from the mailbox is its owner.
func Register(ctx context.Context, tx *db.Tx, e *Event, userID int64, name, email, locale string, now time.Time) (r *Registration, token string, err error) {
	if !e.RegistrationOpen(now) {
		return nil, "", ErrClosed
	}
	if err := lockEvent(ctx, tx, e.ID); err != nil {
		return nil, "", err
	}
	if userID > 0 {
		return registerUser(ctx, tx, e, userID, name, email, locale)
	}
	return registerGuest(ctx, tx, e, name, email, locale)
}

func registerUser(ctx context.Context, tx *db.Tx, e *Event, userID int64, name, email, locale string) (*Registration, string, error) {
	mine, err := RegistrationOfUser(ctx, tx, e.ID, userID)
	if err != nil {
		return nil, "", err
	}
	guest, err := guestRegistration(ctx, tx, e.ID, email)
	if err != nil {
		return nil, "", err
	}
	if mine != nil && mine.Status != Cancelled || guest != nil && guest.Status.Holds() {
		return nil, "", ErrDuplicate
	}
	old := mine
	if guest != nil && guest.Status == Pending {
		if old == nil {
			old = guest // taken over: it becomes the person's registration
		} else if err := dropPending(ctx, tx, guest.ID); err != nil {
			return nil, "", err
		}
	}
	confirmed, err := countStatus(ctx, tx, e.ID, Confirmed)
	if err != nil {
		return nil, "", err
	}
	token, hash := newToken()
	// A signed-in person's name and address stay in their account only.
	r, err := writeRegistration(ctx, tx, e, old, userID, "", "", locale, Place(e.Capacity, confirmed), "", hash)
	if err != nil {
		return nil, "", err
	}
	r.Name, r.Email = name, email
	return r, token, nil
}

func registerGuest(ctx context.Context, tx *db.Tx, e *Event, name, email, locale string) (*Registration, string, error) {
	held, err := heldBy(ctx, tx, e.ID, email)
	if err != nil {
		return nil, "", err
	}
	if held != nil {
		token, hash := newToken()
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET cancel_hash = ?, updated_at = ? WHERE id = ?`,
			hash, db.Timestamp{Time: tx.Now()}, held.ID); err != nil {
			return nil, "", fmt.Errorf("register: %w", err)
		}
		return held, token, nil
	}
	old, err := guestRegistration(ctx, tx, e.ID, email)
	if err != nil {
		return nil, "", err
	}
	token, hash := newToken()
	_, unusable := newToken() // the cancellation link comes with the confirmation
	r, err := writeRegistration(ctx, tx, e, old, 0, name, email, locale, Pending, hash, unusable)
	if err != nil {
		return nil, "", err
	}
	return r, token, nil
}

// writeRegistration renews old, when there is one, or inserts a new
// registration for e, with the hashes of its confirmation and cancellation
// links. The returned registration's name and email are those stored.
func writeRegistration(ctx context.Context, tx *db.Tx, e *Event, old *Registration, userID int64, name, email, locale string,
	status Status, confirmHash, cancelHash string) (*Registration, error) {
	stamp := db.Timestamp{Time: tx.Now()}
	r := old
	if old != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET user_id = ?, name = ?, email = ?, locale = ?, status = ?,
			confirm_hash = ?, cancel_hash = ?, queued_at = ?, updated_at = ? WHERE id = ?`,
			nullID(userID), name, email, locale, status, confirmHash, cancelHash, stamp, stamp, old.ID); err != nil {
			return nil, fmt.Errorf("register: %w", err)
		}
	} else {
		r = &Registration{EventID: e.ID, CreatedAt: stamp}
		err := tx.QueryRowContext(ctx, `INSERT INTO event_registrations (event_id, user_id, name, email, locale, status, confirm_hash,
			cancel_hash, created_at, queued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.ID, nullID(userID), name, email, locale, status, confirmHash, cancelHash, stamp, stamp, stamp).Scan(&r.ID)
		if db.IsUniqueViolation(err) {
			return nil, ErrDuplicate
		}
		if err != nil {
			return nil, fmt.Errorf("register: %w", err)
		}
	}
	r.UserID, r.Name, r.Email, r.Locale, r.Status, r.QueuedAt = userID, name, email, locale, status, stamp
	return r, nil
}

// dropPending cancels an unconfirmed guest registration that the owner of
// its address has replaced with their own: its link stops working.
func dropPending(ctx context.Context, tx *db.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE event_registrations SET status = 'cancelled', confirm_hash = '', updated_at = ?
		WHERE id = ? AND status = 'pending'`, db.Timestamp{Time: tx.Now()}, id)
	return err
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
