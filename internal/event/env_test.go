package event_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The clock of the test servers: 1 May 2026, 10:00 UTC (11:00 in Casablanca; outside Ramadan, when Morocco is at UTC+0).
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server over a fresh database with two organisations,
// to organise events and be their partners.
type env struct {
	*servertest.Env
	council int64 // organisations of the site
	assoc   int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{Env: servertest.New(t, d, testNow)}
	for _, o := range []struct {
		slug string
		id   *int64
	}{{"council", &e.council}, {"impact", &e.assoc}} {
		org := &account.Organisation{SiteID: e.SiteID, Slug: o.slug, Kind: account.Government, Name: i18n.Text{i18n.AR: "هيئة " + o.slug, i18n.FR: "Organisme " + o.slug}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return account.UpsertOrganisation(ctx, tx, org) }); err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	return e
}
