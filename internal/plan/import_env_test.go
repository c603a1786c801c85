package plan_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// importEnv is a whole server over a fresh database, served on a real
// socket, with the organisations the example files name and an empty plan,
// for the import page and the API's writes.
type importEnv struct {
	*servertest.Env
	planID int64
	orgs   map[string]int64 // by slug
}

func newImportEnv(t *testing.T, d *db.DB) *importEnv {
	t.Helper()
	ctx := context.Background()
	e := &importEnv{Env: servertest.New(t, d, time.Date(2024, time.June, 1, 9, 0, 0, 0, time.UTC)), orgs: map[string]int64{}}
	e.UA = "" // Go's default User-Agent, as these tests have always sent
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for _, o := range []account.Organisation{
			{Slug: "conseil-regional", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس جهة سوس ماسة", i18n.FR: "Conseil régional Souss-Massa"}},
			{Slug: "association-tawassol", Kind: account.Association, Name: i18n.Text{i18n.AR: "جمعية تواصل", i18n.FR: "Association Tawassol"}},
			{Slug: "universite-ibn-zohr", Kind: account.University, Name: i18n.Text{i18n.AR: "جامعة ابن زهر", i18n.FR: "Université Ibn Zohr"}},
		} {
			o.SiteID = e.SiteID
			if err := account.UpsertOrganisation(ctx, tx, &o); err != nil {
				return err
			}
			e.orgs[o.Slug] = o.ID
		}
		p := &plan.Plan{SiteID: e.SiteID, Slug: "plan-2024-2025", Title: i18n.Text{i18n.AR: "خطة العمل 2024-2025", i18n.FR: "Plan d’action 2024-2025"},
			PeriodStart: 2024, PeriodEnd: 2025, Status: plan.PlanImplementing}
		if err := plan.UpsertPlan(ctx, tx, p); err != nil {
			return err
		}
		e.planID = p.ID
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return e
}

// token creates a user with the role and memberships and a personal access
// token with the scopes, and returns the token.
func (e *importEnv) token(role auth.Role, scopes []string, orgIDs ...int64) string {
	e.T.Helper()
	u, _ := accounttest.NewUser(e.T, e.DB, e.SiteID, role, orgIDs...)
	var plain string
	err := e.DB.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		plain, err = account.CreateToken(context.Background(), tx, u.ID, "integration", scopes)
		return err
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return plain
}

// upload posts the import form as p: the plan (none if 0) and the file
// (none if filename is empty).
func (e *importEnv) upload(p *servertest.Person, planID int64, filename string, content []byte) servertest.Answer {
	e.T.Helper()
	form := url.Values{}
	if planID != 0 {
		form.Set("plan", strconv.FormatInt(planID, 10))
	}
	var files map[string][2]string
	if filename != "" {
		files = map[string][2]string{"file": {filename, string(content)}}
	}
	return e.Post(p, "/admin/import", form, files)
}

// api sends a JSON request with a bearer token ("" for none) and header
// name/value pairs.
func (e *importEnv) api(method, path, token, body string, header ...string) servertest.Answer {
	e.T.Helper()
	req, err := http.NewRequest(method, e.TS.URL+path, strings.NewReader(body))
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.Do(e.Visitor(""), req)
}

// rows counts what an import may write: commitments, partners, milestones
// and ledger entries.
func (e *importEnv) rows() [4]int {
	e.T.Helper()
	return [4]int{
		e.Count(`SELECT COUNT(*) FROM commitments WHERE site_id = ?`, e.SiteID),
		e.Count(`SELECT COUNT(*) FROM commitment_partners p JOIN commitments c ON c.id = p.commitment_id WHERE c.site_id = ?`, e.SiteID),
		e.Count(`SELECT COUNT(*) FROM milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.site_id = ?`, e.SiteID),
		e.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ?`, e.SiteID),
	}
}
