package account_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestMain stops the throw-away PostgreSQL cluster, if the tests started
// one. It is the only TestMain of the package (and of account_test).
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The clock of the test servers: registration dates after 2024-05-01 are
// in the future.
var testNow = time.Date(2024, time.May, 1, 12, 0, 0, 0, time.UTC)

// orgEnv is a whole server over a fresh database, served on a real socket.
type orgEnv struct {
	*servertest.Env
}

func newOrgEnv(t *testing.T, d *db.DB) *orgEnv {
	t.Helper()
	e := &orgEnv{servertest.New(t, d, testNow)}
	e.UA = "" // Go's default User-Agent, as these tests have always sent
	return e
}

// org creates an organisation directly in the database.
func (e *orgEnv) org(slug string, kind account.Kind, verified bool) *account.Organisation {
	e.T.Helper()
	o := &account.Organisation{SiteID: e.SiteID, Slug: slug, Kind: kind, Verified: verified,
		Name: i18n.Text{i18n.AR: "هيئة " + slug, i18n.FR: "Organisation " + slug}}
	if kind == account.Association && verified {
		o.RegistrationNumber, o.RegistrationDate, o.Seat = "REG-"+slug, db.NewDate(2019, time.May, 14), "Tanger, 12 rue des Oliviers"
	}
	err := e.DB.InTx(context.Background(), func(tx *db.Tx) error { return account.UpsertOrganisation(context.Background(), tx, o) })
	if err != nil {
		e.T.Fatal(err)
	}
	return o
}

// answer is what the server answered, with want.
type answer struct{ servertest.Answer }

func (e *orgEnv) get(p *servertest.Person, path string) answer {
	e.T.Helper()
	return e.do(p, http.MethodGet, path, nil)
}

func (e *orgEnv) post(p *servertest.Person, path string, form url.Values) answer {
	e.T.Helper()
	return e.do(p, http.MethodPost, path, form)
}

// do sends form URL-encoded (nothing if it is nil), whatever the method.
func (e *orgEnv) do(p *servertest.Person, method, path string, form url.Values) answer {
	e.T.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.TS.URL+path, body)
	if err != nil {
		e.T.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return answer{e.Do(p, req)}
}

// want fails the test unless a has the status and contains every string.
func (a answer) want(t *testing.T, what string, status int, contains ...string) {
	t.Helper()
	if a.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, a.Status, status, servertest.Excerpt(a.Body))
	}
	for _, s := range contains {
		if !strings.Contains(a.Body, s) {
			t.Errorf("%s: body lacks %q\n%s", what, s, servertest.Excerpt(a.Body))
		}
	}
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

// role reads a user's role.
func (e *orgEnv) role(userID int64) auth.Role {
	e.T.Helper()
	u, err := account.UserSummaryByID(context.Background(), e.DB.R(), e.SiteID, userID)
	if err != nil {
		e.T.Fatal(err)
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
