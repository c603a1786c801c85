package comment

import (
	"context"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// A comment is found while it is visible, and leaves the index in the
// transaction that hides, deletes or holds it.
func TestCommentsInSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newStoreFixture(t, d)
		found := func(word string) int {
			t.Helper()
			q, _ := search.ParseQuery(word)
			res, err := search.Search(context.Background(), d, f.site, q, search.Filter{}, i18n.AR, 0, 20)
			if err != nil {
				t.Fatal(err)
			}
			return res.ByKind["comment"]
		}
		c := f.add(t, f.alice, 0, "أقترح نشر محاضر الدورات بصيغة مفتوحة", Visible)
		if n := found("المحاضر"); n != 1 {
			t.Fatalf("a visible comment: found %d", n)
		}
		pending := f.add(t, 0, 0, "تعليق زائر ينتظر تأكيد البريد حول الميزانية", Pending)
		if n := found("الميزانية"); n != 0 {
			t.Errorf("a pending guest comment is found (%d)", n)
		}
		f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, pending, Visible, f.bilal) })
		if n := found("الميزانية"); n != 1 {
			t.Errorf("an approved comment: found %d", n)
		}
		f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, f.get(t, c.ID), Hidden, f.bilal) })
		if n := found("المحاضر"); n != 0 {
			t.Errorf("a hidden comment is found (%d)", n)
		}
		f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, f.get(t, c.ID), Visible, f.bilal) })
		f.tx(t, func(ctx context.Context, tx *db.Tx) error {
			return edit(ctx, tx, c.ID, "نص جديد عن الشفافية", "", "")
		})
		if found("المحاضر") != 0 || found("الشفافية") != 1 {
			t.Error("an edited comment is found by its old words or not by its new ones")
		}
		f.tx(t, func(ctx context.Context, tx *db.Tx) error { return remove(ctx, tx, f.get(t, c.ID)) })
		if n := found("الشفافية"); n != 0 {
			t.Errorf("a deleted comment is found (%d)", n)
		}
	})
}
