package inforeq_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestIdentityNeverPublic stores requests with known identity numbers,
// addresses, emails and names (of requesters who did not choose to be
// named), takes them through every state, and fetches every public page,
// feed and API answer in every language: none of those may appear.
func TestIdentityNeverPublic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		secrets := []string{}
		var ids []int64
		steps := []inforeq.Decision{
			{},
			{Action: inforeq.ActAsk, Reason: "?"},
			{Action: inforeq.ActAnswer, Answer: "a"},
			{Action: inforeq.ActRefuse, Ground: inforeq.GroundUnclear, Reason: "r"},
			{Action: inforeq.ActTransfer, Transfer: e.agency},
			{Action: inforeq.ActPublished, Links: []string{"/documents"}},
		}
		for i, step := range steps {
			n := strconv.Itoa(i)
			secret := inforeq.Identity{Name: "Secretname" + n + " Hiddenfamily", IDNumber: "ZX90817" + n,
				Address: n + " impasse Confidentielle, Tanger", Email: "private" + n + "@secret.example"}
			secrets = append(secrets, secret.Name, "Secretname"+n, secret.IDNumber, secret.Address, "impasse Confidentielle", secret.Email, "@secret.example")
			form := e.askForm(e.council, "name", secret.Name, "id_number", secret.IDNumber, "address", secret.Address, "email", secret.Email,
				"urgent", "1", "urgency_reason", "Urgentsecret"+n)
			secrets = append(secrets, "Urgentsecret"+n)
			id := e.ask(t, form)
			ids = append(ids, id)
			if step.Action == "" {
				continue
			}
			r, err := inforeq.ByID(ctx, d.R(), e.SiteID, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := inforeq.Act(ctx, tx, r, step, 0, testNow.Add(time.Hour), time.UTC)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return inforeq.Hide(ctx, tx, e.SiteID, ids[0], "abuse") }); err != nil {
			t.Fatal(err)
		}
		visitor := e.Visitor(servertest.BrowserUA)
		paths := []string{"/information-requests", "/information-requests?overdue=1", "/information-requests?state=refused",
			"/information-requests?body=" + strconv.FormatInt(e.council, 10), "/information-requests/new",
			"/feeds/information-requests.atom", "/api/v1/information-requests", "/api/v1/information-requests?limit=100",
			"/", "/search?q=Tanger", "/sitemap.xml", "/api/v1/search?q=Tanger"}
		for _, id := range ids {
			s := strconv.FormatInt(id, 10)
			paths = append(paths, "/information-requests/"+s, "/information-requests/"+s+"/receipt", "/api/v1/information-requests/"+s)
		}
		fetched := 0
		for _, lang := range []string{"ar", "fr", "en"} {
			for _, p := range paths {
				sep := "?"
				if len(p) > 0 && contains(p, "?") {
					sep = "&"
				}
				a := e.Get(visitor, p+sep+"lang="+lang)
				if a.Status >= 500 {
					t.Errorf("%s: %d", p, a.Status)
				}
				if a.Status == http.StatusOK {
					fetched++
				}
				servertest.Lacks(t, p+" ("+lang+")", a.Body, secrets...)
			}
		}
		if fetched < 3*len(ids)*3 {
			t.Errorf("only %d public answers fetched", fetched)
		}
		// A requester who chose to be named is; the others are not.
		id := e.ask(t, e.askForm(e.council, "name", "Publicname Shown", "show_name", "1"))
		a := e.Get(visitor, "/information-requests/"+strconv.FormatInt(id, 10))
		servertest.Contains(t, "named requester", a.Body, "Publicname Shown")
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
