package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/schema"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
)

// Two instances on one PostgreSQL database, each with its page cache (kept
// an hour here, so that only a notification can make it forget): a plan
// edited through one is seen at once on the other's cached page, and a
// session begun on one is known to the other.
func TestInstancesShareChanges(t *testing.T) {
	t.Parallel()
	url := dbtest.PostgresURL(t)
	ctx := t.Context()
	open := func() *db.DB {
		d, err := db.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	da, dbb := open(), open()
	if err := da.Migrate(ctx, schema.FS); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, da); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	longCache := func(o *server.Options) { o.PageCacheTTL = time.Hour }
	a := servertest.New(t, da, now, longCache)
	b := servertest.New(t, dbb, now, longCache)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Server.RunWorkers(wctx) }()
	t.Cleanup(func() { stop(); <-done })

	const path = "/plans/plan-2021-2023"
	visitor := b.Visitor(servertest.BrowserUA)
	if got := b.Get(visitor, path); got.Status != 200 {
		t.Fatalf("instance B: %d", got.Status)
	}
	// The edit goes through instance A's database handle, as a request
	// of A would make it (for A's site).
	const title = "خطة معدلة من نسخة أخرى"
	if err := da.InTx(db.WithSite(ctx, a.SiteID), func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE plans SET title = ? WHERE slug = ?`, i18n.Text{i18n.AR: title}, "plan-2021-2023")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Wait for the notification (the listener may still be connecting);
	// without it the page would stay as it was for an hour.
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := b.Get(visitor, path)
		if strings.Contains(got.Body, title) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance B still serves the plan page from before the edit made through A")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A session begun on A is valid on B: sessions are rows of the shared
	// database (the cookie jar sends A's cookie to B, on the same host).
	editor := a.SignIn(auth.Editor)
	if got := b.Get(editor, "/account"); got.Status != 200 || !strings.Contains(got.Body, editor.Name) {
		t.Errorf("a session begun on one instance is not known to the other: %d", got.Status)
	}
}
