package news_test

import (
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The clock of the test servers: 1 May 2026, 10:00 UTC (11:00 in Casablanca; outside Ramadan, when Morocco is at UTC+0).
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server over a fresh database with a plan, whose
// commitment the news posts refer to.
type env struct {
	*servertest.Env
	cID int64 // a commitment of the site
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := &env{Env: servertest.New(t, d, testNow)}
	_, e.cID = addPlan(t, d, e.SiteID)
	return e
}
