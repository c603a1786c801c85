package petition

import (
	"context"
	"fmt"
	"net/http"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// MaxNamedShown bounds the names a dossier page lists.
const MaxNamedShown = 5000

// NamedSignatory is a confirmed signer who asked to be named publicly.
type NamedSignatory struct {
	Name     string
	Division i18n.Text
	Paper    bool
}

// Named returns the confirmed signers of the petition who opted in to be
// named, with their division, in the order they signed.
func Named(ctx context.Context, q db.Querier, petitionID int64, limit int) ([]NamedSignatory, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.full_name, d.name, s.source FROM petition_signatures s
		JOIN petition_divisions d ON d.id = s.division_id
		WHERE s.petition_id = ? AND s.status = ? AND s.public_name = ? ORDER BY s.id LIMIT ?`, petitionID, SigConfirmed, true, limit)
	if err != nil {
		return nil, fmt.Errorf("named signatories: %w", err)
	}
	defer rows.Close()
	var out []NamedSignatory
	for rows.Next() {
		var n NamedSignatory
		var source string
		if err := rows.Scan(&n.Name, &n.Division, &source); err != nil {
			return nil, err
		}
		n.Paper = source == SourcePaper
		out = append(out, n)
	}
	return out, rows.Err()
}

// DossierPage is the printable dossier of a public petition: its texts,
// rule, committee, counts per division, and the signers who asked to be
// named (never a CIN or an address; the others are only counted).
type DossierPage struct {
	View
	Cosponsors []Cosponsor
	Named      []NamedSignatory
	Unnamed    int
	Timeline   []Event
}

// dossier: GET /petitions/{id}/dossier.
func (h *Handler) dossier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	if !p.State.Public() {
		h.Errors.NotFound(w, r)
		return
	}
	views, _, err := h.views(ctx, []Petition{*p})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := DossierPage{View: views[0]}
	committee, err := Cosponsors(ctx, h.DB.R(), p.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	for _, c := range committee {
		if c.Accepted {
			page.Cosponsors = append(page.Cosponsors, Cosponsor{Name: c.Name, Accepted: true})
		}
	}
	if page.Named, err = Named(ctx, h.DB.R(), p.ID, MaxNamedShown); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.Unnamed = max(0, page.Progress.Total-len(page.Named))
	if page.Timeline, err = Timeline(ctx, h.DB.R(), p.ID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "petition_dossier", page)
}
