package forum_test

import (
	"context"
	"log/slog"
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
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The clock of the test servers: 1 May 2026, 10:00 UTC.
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server over a fresh database, logging its errors to the
// test, with a government body and an association, to sit in the forum.
type env struct {
	*servertest.Env
	council int64
	assoc   int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{Env: servertest.New(t, d, testNow, func(o *server.Options) { o.Log = testLog(t) })}
	for _, o := range []struct {
		slug string
		kind account.Kind
		id   *int64
	}{{"council", account.Government, &e.council}, {"impact", account.Association, &e.assoc}} {
		org := &account.Organisation{SiteID: e.SiteID, Slug: o.slug, Kind: o.kind, Name: i18n.Text{i18n.AR: "هيئة " + o.slug, i18n.FR: "Organisme " + o.slug}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return account.UpsertOrganisation(ctx, tx, org) }); err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	return e
}

// signIn signs someone in with the role, sending no User-Agent of its own
// (Go's default), as the forum's tests always have: nothing in the forum
// depends on it.
func (e *env) signIn(role auth.Role) *servertest.Person {
	e.T.Helper()
	p := e.SignIn(role)
	p.UA = ""
	return p
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// testLog writes the server's errors to the test's log.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
