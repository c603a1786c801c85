package petition

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// exportRow is a confirmed signature as the verifier's export gives it.
type exportRow struct {
	name, cin, division, basis, source string
	roll                               bool
	confirmed                          db.Timestamp
}

// export: POST /admin/petitions/{id}/export, administrators (the council's
// authorised verifier): the confirmed signatures with their CINs decrypted,
// as CSV. It is a POST, made from a button, and every export is a ledger
// entry (who, when, how many; never a number).
func (a Admin) export(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := a.loadPublic(w, r)
	if !ok {
		return
	}
	if _, err := web.ParseForm(w, r); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(ctx)
	var buf bytes.Buffer
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.full_name, s.cin_cipher, d.code, s.basis, s.electoral_roll, s.source, s.confirmed_at
			FROM petition_signatures s JOIN petition_divisions d ON d.id = s.division_id
			WHERE s.petition_id = ? AND s.status = ? ORDER BY s.id`, p.ID, SigConfirmed)
		if err != nil {
			return err
		}
		var out []exportRow
		for rows.Next() {
			var e exportRow
			var sealed []byte
			if err := rows.Scan(&e.name, &sealed, &e.division, &e.basis, &e.roll, &e.source, &e.confirmed); err != nil {
				rows.Close()
				return err
			}
			if e.cin, err = a.Keys.Open(sealed); err != nil {
				e.cin = "?" // sealed under another key: see "Secret key" in the operations guide
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		cw := csv.NewWriter(&buf)
		_ = cw.Write([]string{"full_name", "cin", "division_code", "basis", "electoral_roll", "source", "confirmed_at"})
		for _, e := range out {
			roll := "0"
			if e.roll {
				roll = "1"
			}
			_ = cw.Write([]string{e.name, e.cin, e.division, e.basis, roll, e.source, e.confirmed.UTC().Format(time.RFC3339)})
		}
		cw.Flush()
		return audit.Record(ctx, tx, p.SiteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate,
			Entity: "petition", EntityID: p.ID, Summary: "Petition " + itoa(p.ID) + ": signatures exported for verification",
			After: map[string]any{"exported_signatures": len(out)}})
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="petition-`+strconv.FormatInt(p.ID, 10)+`-signatures.csv"`)
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
