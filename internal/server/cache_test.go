package server_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
	"github.com/infitah/infitah/internal/site"
)

// metric reads a metric without labels from /metrics.
func metric(t *testing.T, base, name string) float64 {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// TestPageCacheSiteScopedWrites serves two sites: a write made by a request
// on site A renders A's pages again and leaves B's cached; a write that
// names no site (a background job) renders both again.
func TestPageCacheSiteScopedWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		for _, s := range []*site.Site{{Slug: "a", Host: "a.example"}, {Slug: "b", Host: "b.example"}} {
			s.Name = i18n.Text{i18n.AR: "موقع " + s.Slug}
			if err := d.InTx(ctx, func(tx *db.Tx) error { return site.Upsert(ctx, tx, s) }); err != nil {
				t.Fatal(err)
			}
		}
		e := servertest.New(t, d, time.Now())
		// A person of site A (the first site, which the test server's own
		// address serves), signed in before the pages are visited.
		u, pw := accounttest.NewUser(t, d, e.SiteID, auth.Citizen)
		person := accounttest.Login(t, e.TS.URL, u.Email, pw)
		renders := func() float64 { return metric(t, e.TS.URL, "infitah_page_cache_renders_total") }
		get := func(host, path string) int {
			t.Helper()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.TS.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		home := func(host string) float64 {
			t.Helper()
			before := renders()
			if st := get(host, "/"); st != 200 {
				t.Fatalf("GET %s/: %d", host, st)
			}
			return renders() - before
		}
		home("a.example")
		home("b.example")
		if a, b := home("a.example"), home("b.example"); a != 0 || b != 0 {
			t.Fatalf("second visits rendered again: A %v, B %v", a, b)
		}

		// They change their name: a write transaction of a request for A.
		res, err := person.PostForm(e.TS.URL+"/account/profile", url.Values{"name": {"Amina"}, "locale": {"ar"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || e.Count(`SELECT COUNT(*) FROM users WHERE name = 'Amina'`) != 1 {
			t.Fatalf("profile change on A: %d", res.StatusCode)
		}
		if a, b := home("a.example"), home("b.example"); a != 1 || b != 0 {
			t.Errorf("after a write on A: A rendered %v times, B %v; want 1 and 0", a, b)
		}

		// A write naming no site may have changed any.
		if err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sites SET slug = slug`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if a, b := home("a.example"), home("b.example"); a != 1 || b != 1 {
			t.Errorf("after a write naming no site: A rendered %v times, B %v; want 1 each", a, b)
		}
	})
}

// clock is a settable clock for the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestReadyzNeedsWrites makes the probe table unwritable: /readyz answers
// 503 once its last answer is a second old, and 200 again once the table
// is back.
func TestReadyzNeedsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		clk := &clock{t: time.Now()}
		e := servertest.New(t, d, clk.t, func(o *server.Options) { o.Now = clk.Now })
		readyz := func() int {
			t.Helper()
			res, err := http.Get(e.TS.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("/readyz Cache-Control %q", cc)
			}
			return res.StatusCode
		}
		exec := func(q string) {
			t.Helper()
			if _, err := d.Writer().ExecContext(t.Context(), q); err != nil {
				t.Fatal(err)
			}
		}
		if st := readyz(); st != 200 {
			t.Fatalf("/readyz on a healthy database: %d", st)
		}
		exec(`ALTER TABLE health_probe RENAME TO health_probe_off`)
		if st := readyz(); st != 200 {
			t.Errorf("/readyz probed again within a second: %d", st)
		}
		clk.Add(time.Second)
		if st := readyz(); st != 503 {
			t.Errorf("/readyz while writes fail: %d, want 503", st)
		}
		exec(`ALTER TABLE health_probe_off RENAME TO health_probe`)
		clk.Add(time.Second)
		if st := readyz(); st != 200 {
			t.Errorf("/readyz once writes work again: %d, want 200", st)
		}
	})
}
