package server_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// Signed-in readers get the pages that are the same for everyone from the
// page cache, each with their own account navigation; pages whose handler
// asks who is reading (a commitment, with its comment form) are rendered
// for them; nobody ever sees another's navigation.
func TestPageCacheServesSignedInReaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		if _, err := demo.Load(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		e := servertest.New(t, d, time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC))
		visitor := e.Visitor(servertest.BrowserUA)
		editor := e.SignIn(auth.Editor)
		citizen := e.SignIn(auth.Citizen)
		for _, p := range []*servertest.Person{editor, citizen} {
			if err := d.InTx(t.Context(), func(tx *db.Tx) error {
				_, err := tx.ExecContext(t.Context(), `UPDATE users SET name = ? WHERE id = ?`, "Reader "+strconv.FormatInt(p.ID, 10), p.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		name := func(p *servertest.Person) string { return "Reader " + strconv.FormatInt(p.ID, 10) }
		count := func(n string) float64 { return metric(t, e.TS.URL, n) }

		const plan = "/plans/plan-2021-2023?lang=fr"
		first := e.Get(visitor, plan)
		if first.Status != 200 || !strings.Contains(first.Body, `href="/login"`) {
			t.Fatalf("visitor: %d\n%s", first.Status, servertest.Excerpt(first.Body))
		}
		renders, personal := count("infitah_page_cache_renders_total"), count("infitah_page_cache_personal_total")

		ed := e.Get(editor, plan)
		ci := e.Get(citizen, plan)
		if ed.Status != 200 || ci.Status != 200 {
			t.Fatalf("signed in: %d, %d", ed.Status, ci.Status)
		}
		servertest.Contains(t, "the editor's plan page", ed.Body, name(editor), `href="/admin"`, `action="/logout"`)
		servertest.Lacks(t, "the editor's plan page", ed.Body, `href="/login"`, name(citizen))
		servertest.Contains(t, "the citizen's plan page", ci.Body, name(citizen), `action="/logout"`)
		servertest.Lacks(t, "the citizen's plan page", ci.Body, `href="/login"`, `href="/admin"`, name(editor))
		if got := count("infitah_page_cache_personal_total") - personal; got != 2 {
			t.Errorf("%v answers to signed-in readers from the cache, want 2", got)
		}
		if got := count("infitah_page_cache_renders_total"); got != renders {
			t.Errorf("the plan page was rendered again for signed-in readers")
		}
		// Apart from the navigation, the page is the visitor's.
		strip := func(body string) string {
			i, j := strings.Index(body, `<nav class="account-nav"`), strings.Index(body, `<nav class="wrap main-nav"`)
			if i < 0 || j < i {
				t.Fatalf("no account navigation in\n%s", servertest.Excerpt(body))
			}
			return body[:i] + body[j:]
		}
		if strip(ed.Body) != strip(first.Body) {
			t.Errorf("the signed-in page differs from the visitor's beyond the account navigation")
		}
		if cc := ed.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("Cache-Control %q for a page naming its reader", cc)
		}

		// A commitment page asks who is reading (the comment form): it is
		// rendered for the signed-in reader, never served from the cache.
		var cid int64
		if err := d.R().QueryRowContext(t.Context(), `SELECT MIN(id) FROM commitments`).Scan(&cid); err != nil {
			t.Fatal(err)
		}
		path := "/commitments/" + strconv.FormatInt(cid, 10)
		if a := e.Get(visitor, path); a.Status != 200 {
			t.Fatalf("visitor commitment: %d", a.Status)
		}
		personal = count("infitah_page_cache_personal_total")
		a := e.Get(citizen, path)
		if a.Status != 200 {
			t.Fatalf("citizen commitment: %d", a.Status)
		}
		servertest.Contains(t, "the citizen's commitment page", a.Body, name(citizen))
		if got := count("infitah_page_cache_personal_total"); got != personal {
			t.Errorf("a page whose handler asks who reads was served from the cache")
		}
	})
}
