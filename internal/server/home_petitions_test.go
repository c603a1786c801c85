package server_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The home page shows the petitions collecting signatures, with their
// count against what they need, and only those.
func TestHomeShowsCollectingPetitions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		var id int64
		var title string
		var closes db.Timestamp
		if err := d.R().QueryRowContext(ctx, `SELECT id, title, closes_at FROM petitions WHERE state = 'collecting' ORDER BY id LIMIT 1`).Scan(&id, &title, &closes); err != nil {
			t.Fatalf("the demo has no petition collecting signatures: %v", err)
		}
		var other string
		if err := d.R().QueryRowContext(ctx, `SELECT title FROM petitions WHERE state <> 'collecting' AND state <> 'draft' ORDER BY id LIMIT 1`).Scan(&other); err != nil {
			t.Fatal(err)
		}
		now := closes.Time.Add(-24 * time.Hour)
		e := servertest.New(t, d, now)
		a := e.Get(e.Visitor(servertest.BrowserUA), "/?lang=en")
		servertest.Contains(t, "home", a.Body, "Petitions open for signature", `href="/petitions/`+strconv.FormatInt(id, 10)+`"`, title, " signatures", `href="/petitions"`)
		servertest.Lacks(t, "home", a.Body, other)
	})
}
