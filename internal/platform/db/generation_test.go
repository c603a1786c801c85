package db_test

import (
	"errors"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestSiteGeneration checks that a transaction declaring its site makes
// only that site's pages stale, and that one declaring none makes every
// site's stale.
func TestSiteGeneration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		var a, b int64
		inTx(t, d, func(tx *db.Tx) error {
			a = insertSite(t, ctx, tx, "a", tx.Now())
			b = insertSite(t, ctx, tx, "b", tx.Now())
			return nil
		})
		type gens struct{ all, a, b uint64 }
		read := func() gens { return gens{d.Generation(), d.SiteGeneration(a), d.SiteGeneration(b)} }
		write := func(ctxSite int64, touch ...int64) {
			t.Helper()
			if err := d.InTx(db.WithSite(ctx, ctxSite), func(tx *db.Tx) error {
				for _, id := range touch {
					tx.Touch(id)
				}
				_, err := tx.ExecContext(ctx, `UPDATE sites SET slug = slug WHERE id = ?`, a)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}

		g := read()
		write(a)
		if n := read(); n.all == g.all || n.a == g.a || n.b != g.b {
			t.Errorf("a write for site A: generations %+v → %+v; want all and A changed, B kept", g, n)
		}
		g = read()
		write(0, b)
		if n := read(); n.all == g.all || n.a != g.a || n.b == g.b {
			t.Errorf("a write touching site B: generations %+v → %+v; want all and B changed, A kept", g, n)
		}
		g = read()
		write(a, b)
		if n := read(); n.a == g.a || n.b == g.b {
			t.Errorf("a write for A touching B: generations %+v → %+v; want both changed", g, n)
		}
		g = read()
		write(0) // says nothing: every site may have changed
		if n := read(); n.all == g.all || n.a == g.a || n.b == g.b {
			t.Errorf("a write naming no site: generations %+v → %+v; want every one changed", g, n)
		}
		// A site never written for has a generation too, which a write
		// naming no site changes.
		g0 := d.SiteGeneration(999)
		write(a)
		if d.SiteGeneration(999) != g0 {
			t.Error("a write for site A changed another site's generation")
		}
		write(0)
		if d.SiteGeneration(999) == g0 {
			t.Error("a write naming no site left another site's generation")
		}

		// A write declaring that it changes no page (the mail queue's
		// bookkeeping) is counted, but leaves every site's pages valid,
		// unless it names a site.
		g = read()
		pageless := func(touch ...int64) {
			t.Helper()
			if err := d.InTx(db.NoPages(ctx), func(tx *db.Tx) error {
				for _, id := range touch {
					tx.Touch(id)
				}
				_, err := tx.ExecContext(ctx, `UPDATE sites SET slug = slug WHERE id = ?`, a)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		pageless()
		if n := read(); n.all == g.all || n.a != g.a || n.b != g.b {
			t.Errorf("a write of no page: generations %+v → %+v; want all changed, A and B kept", g, n)
		}
		g = read()
		pageless(b)
		if n := read(); n.a != g.a || n.b == g.b {
			t.Errorf("a write of no page touching B: generations %+v → %+v; want B changed, A kept", g, n)
		}

		// A transaction that rolls back changes nothing.
		g = read()
		boom := errors.New("boom")
		if err := d.InTx(ctx, func(tx *db.Tx) error { return boom }); !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := read(); n != g {
			t.Errorf("a rolled-back transaction changed the generations: %+v → %+v", g, n)
		}
	})
}
