package plan_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
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
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// importEnv is a whole server over a fresh database, served on a real
// socket, with the organisations the example files name and an empty plan,
// for the import page and the API's writes.
type importEnv struct {
	t      *testing.T
	d      *db.DB
	ts     *httptest.Server
	siteID int64
	planID int64
	orgs   map[string]int64 // by slug
}

func newImportEnv(t *testing.T, d *db.DB) *importEnv {
	t.Helper()
	ctx := context.Background()
	srv, err := server.New(ctx, d, server.Options{DataDir: t.TempDir(),
		Now: func() time.Time { return time.Date(2024, time.June, 1, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	e := &importEnv{t: t, d: d, ts: httptest.NewServer(srv.Handler()), orgs: map[string]int64{}}
	t.Cleanup(e.ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e.siteID = sites[0].ID
	err = d.InTx(ctx, func(tx *db.Tx) error {
		for _, o := range []account.Organisation{
			{Slug: "conseil-regional", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس جهة سوس ماسة", i18n.FR: "Conseil régional Souss-Massa"}},
			{Slug: "association-tawassol", Kind: account.Association, Name: i18n.Text{i18n.AR: "جمعية تواصل", i18n.FR: "Association Tawassol"}},
			{Slug: "universite-ibn-zohr", Kind: account.University, Name: i18n.Text{i18n.AR: "جامعة ابن زهر", i18n.FR: "Université Ibn Zohr"}},
		} {
			o.SiteID = e.siteID
			if err := account.UpsertOrganisation(ctx, tx, &o); err != nil {
				return err
			}
			e.orgs[o.Slug] = o.ID
		}
		p := &plan.Plan{SiteID: e.siteID, Slug: "plan-2024-2025", Title: i18n.Text{i18n.AR: "خطة العمل 2024-2025", i18n.FR: "Plan d’action 2024-2025"},
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

// signIn creates a user with the role and memberships and returns a client
// holding their session that does not follow redirects.
func (e *importEnv) signIn(role auth.Role, orgIDs ...int64) *http.Client {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &http.Client{Jar: c.Jar, CheckRedirect: stopAtRedirect}
}

func stopAtRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// token creates a user with the role and memberships and a personal access
// token with the scopes, and returns the token.
func (e *importEnv) token(role auth.Role, scopes []string, orgIDs ...int64) string {
	e.t.Helper()
	u, _ := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	var plain string
	err := e.d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		plain, err = account.CreateToken(context.Background(), tx, u.ID, "integration", scopes)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return plain
}

// reply is an answer of the server.
type reply struct {
	status int
	header http.Header
	body   string
}

func (e *importEnv) send(c *http.Client, req *http.Request) reply {
	e.t.Helper()
	if c == nil {
		c = &http.Client{CheckRedirect: stopAtRedirect}
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (e *importEnv) get(c *http.Client, path string) reply {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.send(c, req)
}

// upload posts the import form: the plan and the file.
func (e *importEnv) upload(c *http.Client, planID int64, filename string, content []byte) reply {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if planID != 0 {
		_ = mw.WriteField("plan", strconv.FormatInt(planID, 10))
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/admin/import", &body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.send(c, req)
}

// api sends a JSON request with a bearer token ("" for none) and header
// name/value pairs.
func (e *importEnv) api(method, path, token, body string, header ...string) reply {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.send(nil, req)
}

// count runs a COUNT(*) query.
func (e *importEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// rows counts what an import may write: commitments, partners, milestones
// and ledger entries.
func (e *importEnv) rows() [4]int {
	e.t.Helper()
	return [4]int{
		e.count(`SELECT COUNT(*) FROM commitments WHERE site_id = ?`, e.siteID),
		e.count(`SELECT COUNT(*) FROM commitment_partners p JOIN commitments c ON c.id = p.commitment_id WHERE c.site_id = ?`, e.siteID),
		e.count(`SELECT COUNT(*) FROM milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.site_id = ?`, e.siteID),
		e.count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ?`, e.siteID),
	}
}
