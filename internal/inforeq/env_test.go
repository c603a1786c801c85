package inforeq_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The clock of the test servers: Monday 2 March 2026, 10:00 UTC (11:00 in
// Casablanca).
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// env is a whole server with two bodies that accept requests, the first
// with a person in charge.
type env struct {
	*servertest.Env
	council, agency int64
	officer         *servertest.Person
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{Env: servertest.New(t, d, testNow)}
	for _, o := range []struct {
		slug string
		id   *int64
	}{{"council", &e.council}, {"agency", &e.agency}} {
		org := &account.Organisation{SiteID: e.SiteID, Slug: o.slug, Kind: account.Government, Name: i18n.Text{i18n.AR: "هيئة " + o.slug, i18n.FR: "Organisme " + o.slug}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return account.UpsertOrganisation(ctx, tx, org) }); err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	e.officer = e.SignIn(auth.Member, e.council)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := inforeq.SetBody(ctx, tx, e.SiteID, e.council, e.officer.ID, "رئيسة مصلحة التواصل"); err != nil {
			return err
		}
		return inforeq.SetBody(ctx, tx, e.SiteID, e.agency, 0, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
