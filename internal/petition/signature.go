package petition

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

// Signature is what a signer gives. CIN is normalized (NormalizeCIN); it is
// stored only as a keyed hash and a ciphertext.
type Signature struct {
	PetitionID    int64
	DivisionID    int64
	FullName      string
	CIN           string
	Email         string
	Basis         Basis
	ElectoralRoll bool
	PublicName    bool
	Locale        string
	AddressBlock  string // the block of the client's address (AddressBlock), online signatures only
	Follow        bool   // the signer asked to be told of the petition's progress
}

// Errors of signing.
var (
	// ErrAlreadySigned: the CIN already signed the petition. The answer
	// says so and nothing else: not when, not with which name or address,
	// not whether that signature is confirmed.
	ErrAlreadySigned = errors.New("petition: this CIN already signed")
	// ErrClosed: the petition takes no signature now.
	ErrClosed = errors.New("petition: signatures are closed")
)

// Online and paper signatures.
const (
	SourceOnline = "online"
	SourcePaper  = "paper"
)

// Statuses of a signature.
const (
	SigPending   = "pending"
	SigConfirmed = "confirmed"
)

func newToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

func hashToken(token string) string {
	if token == "" {
		return "-" // matches no stored hash: used ones are ''
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Sign records an online signature of p, pending until its email is
// confirmed with the returned token, at now. ErrClosed when p takes no signature,
// ErrAlreadySigned when its CIN signed p already.
func Sign(ctx context.Context, tx *db.Tx, keys *Keys, p *Petition, s Signature, now time.Time) (token string, err error) {
	if !p.Open(now) {
		return "", ErrClosed
	}
	hash := keys.Hash(s.CIN)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND cin_hash = ?`,
		p.ID, hash).Scan(&n); err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	if n > 0 {
		return "", ErrAlreadySigned
	}
	token, confirm := newToken()
	_, err = tx.ExecContext(ctx, `INSERT INTO petition_signatures (petition_id, division_id, cin_hash, cin_cipher, full_name, email,
		basis, electoral_roll, source, status, public_name, locale, confirm_hash, created_at, address_block,
		follows_progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, s.DivisionID, hash, keys.Seal(s.CIN), s.FullName, s.Email, s.Basis, s.ElectoralRoll, SourceOnline, SigPending,
		s.PublicName, s.Locale, confirm, db.Timestamp{Time: now}, s.AddressBlock, s.Follow)
	if db.IsUniqueViolation(err) {
		return "", ErrAlreadySigned // signed at the same moment
	}
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return token, nil
}

// Pending returns the petition of the pending signature whose link holds
// token, without changing anything (a GET of the link); db.ErrNotFound for
// an unknown or used token.
func Pending(ctx context.Context, q db.Querier, siteID int64, token string) (*Petition, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT petition_id FROM petition_signatures WHERE confirm_hash = ? AND status = ?`,
		hashToken(token), SigPending).Scan(&id)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return ByID(ctx, q, siteID, id)
}

// Confirm confirms the signature whose emailed link holds token: it counts
// from now on, in the same transaction as its row changes. db.ErrNotFound
// for an unknown or used token; ErrClosed when the petition no longer takes
// signatures.
func Confirm(ctx context.Context, tx *db.Tx, siteID int64, token string, now time.Time) (*Petition, error) {
	p, _, err := ConfirmWithLink(ctx, tx, siteID, token, now)
	return p, err
}

// ConfirmWithLink is Confirm that also returns the token of the link with
// which the signer may withdraw the signature until the filing.
func ConfirmWithLink(ctx context.Context, tx *db.Tx, siteID int64, token string, now time.Time) (*Petition, string, error) {
	var id, petitionID, divisionID int64
	err := tx.QueryRowContext(ctx, `SELECT id, petition_id, division_id FROM petition_signatures WHERE confirm_hash = ? AND status = ?`,
		hashToken(token), SigPending).Scan(&id, &petitionID, &divisionID)
	if err != nil {
		return nil, "", db.NotFound(err)
	}
	p, err := ByID(ctx, tx, siteID, petitionID)
	if err != nil {
		return nil, "", err
	}
	if !p.Open(now) {
		return nil, "", ErrClosed
	}
	res, err := tx.ExecContext(ctx, `UPDATE petition_signatures SET status = ?, confirm_hash = '', confirmed_at = ?
		WHERE id = ? AND status = ?`, SigConfirmed, db.Timestamp{Time: now}, id, SigPending)
	if err != nil {
		return nil, "", fmt.Errorf("confirm signature: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, "", db.ErrNotFound // confirmed meanwhile
	}
	if err := addCount(ctx, tx, petitionID, divisionID, SourceOnline, 1); err != nil {
		return nil, "", err
	}
	withdraw, err := withdrawLink(ctx, tx, id)
	return p, withdraw, err
}

// addCount adds delta to a division's confirmed count of source.
func addCount(ctx context.Context, tx *db.Tx, petitionID, divisionID int64, source string, delta int) error {
	col := "online"
	if source == SourcePaper {
		col = "paper"
	}
	var online, paper int
	if col == "online" {
		online = delta
	} else {
		paper = delta
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_counts (petition_id, division_id, online, paper) VALUES (?, ?, ?, ?)
		ON CONFLICT (petition_id, division_id) DO UPDATE SET `+col+` = petition_counts.`+col+` + excluded.`+col,
		petitionID, divisionID, online, paper)
	if err != nil {
		return fmt.Errorf("count signature: %w", err)
	}
	return nil
}

// withdrawLink gives a confirmed signature a new withdrawal link and
// returns its token.
func withdrawLink(ctx context.Context, tx *db.Tx, signatureID int64) (string, error) {
	token, hash := newToken()
	_, err := tx.ExecContext(ctx, `UPDATE petition_signatures SET withdraw_hash = ? WHERE id = ?`, hash, signatureID)
	return token, err
}

// Withdrawable returns the petition of the confirmed signature whose
// withdrawal link holds token, without changing anything; db.ErrNotFound
// for an unknown or used token.
func Withdrawable(ctx context.Context, q db.Querier, siteID int64, token string) (*Petition, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT petition_id FROM petition_signatures WHERE withdraw_hash = ? AND status = ?`,
		hashToken(token), SigConfirmed).Scan(&id)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return ByID(ctx, q, siteID, id)
}

// Withdraw removes the confirmed signature whose withdrawal link holds
// token, and its count, in one transaction: nothing of it is kept, and its
// CIN may sign again. ErrClosed once the petition is filed; db.ErrNotFound
// for an unknown or used token.
func Withdraw(ctx context.Context, tx *db.Tx, siteID int64, token string) (*Petition, error) {
	var id, petitionID, divisionID int64
	err := tx.QueryRowContext(ctx, `SELECT id, petition_id, division_id FROM petition_signatures WHERE withdraw_hash = ? AND status = ?`,
		hashToken(token), SigConfirmed).Scan(&id, &petitionID, &divisionID)
	if err != nil {
		return nil, db.NotFound(err)
	}
	p, err := ByID(ctx, tx, siteID, petitionID)
	if err != nil {
		return nil, err
	}
	if p.State != Collecting {
		return nil, ErrClosed
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM petition_signatures WHERE id = ? AND status = ?`, id, SigConfirmed)
	if err != nil {
		return nil, fmt.Errorf("withdraw signature: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, db.ErrNotFound
	}
	return p, addCount(ctx, tx, petitionID, divisionID, SourceOnline, -1)
}
