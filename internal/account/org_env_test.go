package account_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// TestMain stops the throw-away PostgreSQL cluster, if the tests started
// one. It is the only TestMain of the package (and of account_test).
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The clock of the test servers: registration dates after 2024-05-01 are
// in the future.
var testNow = time.Date(2024, time.May, 1, 12, 0, 0, 0, time.UTC)

// orgEnv is a whole server over a fresh database, served on a real socket.
type orgEnv struct {
	t      *testing.T
	d      *db.DB
	ts     *httptest.Server
	siteID int64
}

func newOrgEnv(t *testing.T, d *db.DB) *orgEnv {
	t.Helper()
	ctx := context.Background()
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return testNow }, DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	return &orgEnv{t: t, d: d, ts: ts, siteID: sites[0].ID}
}

// org creates an organisation directly in the database.
func (e *orgEnv) org(slug string, kind account.Kind, verified bool) *account.Organisation {
	e.t.Helper()
	o := &account.Organisation{SiteID: e.siteID, Slug: slug, Kind: kind, Verified: verified,
		Name: i18n.Text{i18n.AR: "هيئة " + slug, i18n.FR: "Organisation " + slug}}
	if kind == account.Association && verified {
		o.RegistrationNumber, o.RegistrationDate, o.Seat = "REG-"+slug, db.NewDate(2019, time.May, 14), "Tanger, 12 rue des Oliviers"
	}
	err := e.d.InTx(context.Background(), func(tx *db.Tx) error { return account.UpsertOrganisation(context.Background(), tx, o) })
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// person is a signed-in user and a client that carries their session and
// does not follow redirects, so tests see each 303.
type person struct {
	*auth.User
	c *http.Client
}

func (e *orgEnv) signIn(role auth.Role, orgIDs ...int64) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

// anonymous is a visitor without a session.
func (e *orgEnv) anonymous() *person {
	return &person{c: &http.Client{CheckRedirect: noFollow}}
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

type answer struct {
	status   int
	location string
	body     string
}

func (e *orgEnv) get(p *person, path string) answer {
	e.t.Helper()
	return e.do(p, http.MethodGet, path, nil)
}

func (e *orgEnv) post(p *person, path string, form url.Values) answer {
	e.t.Helper()
	return e.do(p, http.MethodPost, path, form)
}

func (e *orgEnv) do(p *person, method, path string, form url.Values) answer {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}
}

// want fails the test unless a has the status and contains every string.
func (a answer) want(t *testing.T, what string, status int, contains ...string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, a.status, status, excerpt(a.body))
	}
	for _, s := range contains {
		if !strings.Contains(a.body, s) {
			t.Errorf("%s: body lacks %q\n%s", what, s, excerpt(a.body))
		}
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

// message is a catalogue message as a page shows it (HTML-escaped).
func message(t *testing.T, l i18n.Locale, key string, args ...any) string {
	t.Helper()
	p := i18n.MustLoad().Printer(l)
	if !p.Has(key) {
		t.Fatalf("no message %q in %s", key, l)
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(p.T(key, args...))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// count runs a COUNT(*) query.
func (e *orgEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// role reads a user's role.
func (e *orgEnv) role(userID int64) auth.Role {
	e.t.Helper()
	u, err := account.UserSummaryByID(context.Background(), e.d.R(), e.siteID, userID)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.Role
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}
