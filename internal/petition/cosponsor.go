package petition

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// MaxCosponsors bounds a petition's committee.
const MaxCosponsors = 20

// Cosponsor is a member of a petition's committee. Email is for the
// agent's eyes and the link only.
type Cosponsor struct {
	Name     string
	Email    string
	Accepted bool
}

// Errors of the committee.
var (
	ErrCommitteeFull = errors.New("petition: the committee is full")
	ErrCosponsor     = errors.New("petition: already a co-sponsor")
)

// Cosponsors lists the petition's committee in the order of invitation.
func Cosponsors(ctx context.Context, q db.Querier, petitionID int64) ([]Cosponsor, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, email, status FROM petition_cosponsors WHERE petition_id = ? ORDER BY id`, petitionID)
	if err != nil {
		return nil, fmt.Errorf("cosponsors: %w", err)
	}
	defer rows.Close()
	var out []Cosponsor
	for rows.Next() {
		var c Cosponsor
		var status string
		if err := rows.Scan(&c.Name, &c.Email, &status); err != nil {
			return nil, err
		}
		c.Accepted = status == "accepted"
		out = append(out, c)
	}
	return out, rows.Err()
}

// Invite adds a co-sponsor to the committee of p, or renews the link of one
// who has not accepted yet, and returns the token of the link that accepts.
// ErrState once the dossier is frozen, ErrCommitteeFull past MaxCosponsors,
// ErrCosponsor when the address accepted already.
func Invite(ctx context.Context, tx *db.Tx, p *Petition, name, email string, now time.Time) (string, error) {
	if p.State.Frozen() {
		return "", ErrState
	}
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM petition_cosponsors WHERE petition_id = ? AND email = ?`, p.ID, email).Scan(&status)
	token, hash := newToken()
	switch {
	case err == nil && status == "accepted":
		return "", ErrCosponsor
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE petition_cosponsors SET name = ?, token_hash = ? WHERE petition_id = ? AND email = ?`,
			name, hash, p.ID, email)
		return token, err
	case !errors.Is(db.NotFound(err), db.ErrNotFound):
		return "", err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_cosponsors WHERE petition_id = ?`, p.ID).Scan(&n); err != nil {
		return "", err
	}
	if n >= MaxCosponsors {
		return "", ErrCommitteeFull
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO petition_cosponsors (petition_id, name, email, status, token_hash, created_at)
		VALUES (?, ?, ?, 'invited', ?, ?)`, p.ID, name, email, hash, db.Timestamp{Time: now})
	if err != nil {
		return "", fmt.Errorf("invite cosponsor: %w", err)
	}
	return token, nil
}

// Invitation returns the petition of the pending invitation whose link
// holds token, without changing anything; db.ErrNotFound for an unknown or
// used one.
func Invitation(ctx context.Context, q db.Querier, siteID int64, token string) (*Petition, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT petition_id FROM petition_cosponsors WHERE token_hash = ? AND status = 'invited'`,
		hashToken(token)).Scan(&id); err != nil {
		return nil, db.NotFound(err)
	}
	return ByID(ctx, q, siteID, id)
}

// Accept records the acceptance of the invitation whose link holds token.
func Accept(ctx context.Context, tx *db.Tx, siteID int64, token string, now time.Time) (*Petition, error) {
	p, err := Invitation(ctx, tx, siteID, token)
	if err != nil {
		return nil, err
	}
	if p.State.Frozen() {
		return nil, ErrState
	}
	res, err := tx.ExecContext(ctx, `UPDATE petition_cosponsors SET status = 'accepted', token_hash = '', accepted_at = ?
		WHERE token_hash = ? AND status = 'invited'`, db.Timestamp{Time: now}, hashToken(token))
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, db.ErrNotFound
	}
	return p, nil
}

// invite: POST /petitions/{id}/cosponsors, the agent: name and email of a
// co-sponsor, who gets a link to accept.
func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	if u := auth.UserFrom(ctx); u.ID != p.AgentID {
		h.Errors.Forbidden(w, r)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	name, email := f.Get("cosponsor_name"), strings.ToLower(f.Get("cosponsor_email"))
	if n := utf8.RuneCountInString(name); n == 0 || n > MaxNameLen {
		f.Fail("cosponsor_name", "petition.error.name")
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > MaxEmailLen {
		f.Fail("cosponsor_email", "petition.error.email")
	}
	if f.Valid() && !h.byAddress.Allow("petition-invite|"+itoa(p.AgentID), time.Now()) {
		f.Fail("cosponsor_email", "petition.error.rate_limited")
	}
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			token, err := Invite(ctx, tx, p, name, email, h.Now())
			if err != nil {
				return err
			}
			return h.send(ctx, tx, p, email, web.Locale(ctx), "petition.mail.cosponsor", web.SiteOf(ctx).URL("/petitions/cosponsors/accept", "token", token))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/petitions/"+itoa(p.ID)+"?invited=1", http.StatusSeeOther)
			return
		case errors.Is(err, ErrCommitteeFull):
			f.Fail("cosponsor_email", "petition.error.committee_full", "Max", MaxCosponsors)
		case errors.Is(err, ErrCosponsor):
			f.Fail("cosponsor_email", "petition.error.cosponsor")
		case errors.Is(err, ErrState):
			f.Fail("cosponsor_email", "petition.error.state")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	h.show(w, r, http.StatusUnprocessableEntity, p, f, "")
}

// acceptPage: GET /petitions/cosponsors/accept?token= shows the button.
func (h *Handler) acceptPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	token := r.URL.Query().Get("token")
	p, err := Invitation(ctx, h.DB.R(), web.SiteOf(ctx).ID, token)
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	case err != nil:
		h.Errors.Error(w, r, err)
	default:
		// The invitation may be to a draft: the page names it, as the
		// email did, for the person invited only.
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.cosponsor.title"), Body: pr.T("petition.cosponsor.body", "Petition", p.Title),
			Action: "/petitions/cosponsors/accept", Button: pr.T("petition.cosponsor.button"), Token: token})
	}
}

// accept: POST /petitions/cosponsors/accept, the button.
func (h *Handler) accept(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	token := f.Get("token")
	if len(token) > 100 {
		token = ""
	}
	var p *Petition
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = Accept(ctx, tx, web.SiteOf(ctx).ID, token, h.Now())
		return err
	})
	switch {
	case err == nil:
		n := NoticePage{Title: pr.T("petition.cosponsor.accepted.title"), Body: pr.T("petition.cosponsor.accepted.body")}
		if p.State.Public() {
			n.Petition = p
		}
		h.notice(w, r, http.StatusOK, n)
	case errors.Is(err, db.ErrNotFound), errors.Is(err, ErrState):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	default:
		h.Errors.Error(w, r, err)
	}
}
