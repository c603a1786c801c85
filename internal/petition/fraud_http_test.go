package petition_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestFraudReview: a refused domain cannot sign; a moderator sees the
// online signatures by block, domain and hour (no CIN, name or address),
// invalidates a domain's, and the counts follow the rows; the ledger says
// so; a citizen sees none of it.
func TestFraudReview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			s, err := petition.LoadSettings(ctx, tx, e.SiteID)
			if err != nil {
				return err
			}
			s.RefusedDomains = []string{"mailinator.com"}
			return petition.SaveSettings(ctx, tx, s)
		})
		if err != nil {
			t.Fatal(err)
		}
		id := e.published("عريضة المراقبة")
		page := "/petitions/" + strconv.FormatInt(id, 10)
		a := e.PostForm(e.Visitor(servertest.BrowserUA), page+"/sign", e.signForm("X", "ZZ1", "x@eu.mailinator.com", 0))
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "لا يُقبل هذا النطاق") {
			t.Errorf("refused domain: %d", a.Status)
		}
		e.signAndConfirm(id, "Real One", "RA100001", "real@example.org", 0)
		e.signAndConfirm(id, "Bot One", "BT100001", "b1@spam.example", 1)
		e.signAndConfirm(id, "Bot Two", "BT100002", "b2@spam.example", 1)
		e.PostForm(e.Visitor(servertest.BrowserUA), page+"/sign", e.signForm("Bot Three", "BT100003", "b3@spam.example", 2)) // pending

		review := "/admin/petitions/" + strconv.FormatInt(id, 10) + "/signatures"
		if a := e.Get(e.SignIn(auth.Citizen), review); a.Status != http.StatusForbidden {
			t.Errorf("a citizen: %d", a.Status)
		}
		mod := e.SignIn(auth.Moderator)
		a = e.Get(mod, review)
		servertest.Contains(t, "review", mainOf(a.Body), "127.0.0.0/24", "spam.example", "example.org", "2026-05-01 11:00")
		servertest.Lacks(t, "review", a.Body, "BT100001", "Bot One", "b1@", "127.0.0.1")
		a = e.PostForm(mod, "/admin/petitions/"+strconv.FormatInt(id, 10)+"/invalidate", url.Values{"by": {"domain"}, "key": {"spam.example"}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("invalidate: %d", a.Status)
		}
		servertest.Contains(t, "after", e.Get(mod, a.Location).Body, "أُبطلت 3 توقيعات.")
		servertest.Contains(t, "public page", mainOf(e.Get(e.Visitor(servertest.BrowserUA), page).Body), "توقيع واحد / 300 توقيع")
		if n := e.Count(`SELECT COALESCE(SUM(online + paper), 0) FROM petition_counts WHERE petition_id = ?`, id); n != 1 {
			t.Errorf("counts %d after invalidation", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM petition_signatures WHERE status = 'invalid'`); n != 3 {
			t.Errorf("%d invalid rows", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE summary LIKE '%signatures invalidated'`); n != 1 {
			t.Errorf("%d ledger entries", n)
		}
		// An invalidated CIN cannot sign again.
		a = e.PostForm(e.Visitor(servertest.BrowserUA), page+"/sign", e.signForm("Bot One", "BT100001", "b1@other.example", 1))
		if a.Status != http.StatusUnprocessableEntity {
			t.Errorf("an invalidated CIN signs again: %d", a.Status)
		}
	})
}
