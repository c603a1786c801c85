package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/schema"
	"github.com/infitah/infitah/internal/server"
)

// The benchmarks serve the demo site from a fresh SQLite file straight
// through the handler, with no socket, so that they measure the handler's
// own cost (database, templates, middleware). cmd/infitah-bench measures the
// whole server over loopback.
//
//	go test ./internal/server -run '^$' -bench . -benchmem
//	go test ./internal/server -run '^$' -bench 'PlanPage/render' -cpuprofile cpu.out

func BenchmarkPlanPage(b *testing.B) {
	h := benchHandler(b)
	benchGet(b, h, "/plans/plan-2021-2023")
}

func BenchmarkCommitmentPage(b *testing.B) {
	h := benchHandler(b)
	benchGet(b, h, "/commitments/"+strconv.FormatInt(benchFirstID(b, h, "/api/v1/commitments"), 10))
}

func BenchmarkHome(b *testing.B) {
	h := benchHandler(b)
	benchGet(b, h, "/")
}

func BenchmarkSearch(b *testing.B) {
	h := benchHandler(b)
	benchGet(b, h, "/search?q=budget")
}

func BenchmarkAPICommitments(b *testing.B) {
	h := benchHandler(b)
	benchGet(b, h, "/api/v1/commitments")
}

// benchHandler returns the whole site over the demo, on SQLite in b's
// temporary directory (not dbtest, which may bring up PostgreSQL).
func benchHandler(b *testing.B) http.Handler {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(dir, "bench.db"), "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx, schema.FS); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, d); err != nil {
		b.Fatalf("demo: %v", err)
	}
	srv, err := server.New(ctx, d, server.Options{
		DataDir: dir,
		Now:     func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		b.Fatalf("server: %v", err)
	}
	return srv.Handler()
}

// benchGet measures GET path, which must answer 200, in bytes of body per
// operation, twice: "cached" asks for the same URL every time, as readers do,
// so the page cache answers all but the first; "render" adds a query
// parameter that differs every time, so every request misses the cache and
// the page is rendered (the cost the cache hides). The recorder's buffer is
// reused so that its growth is not counted against the handler.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	first := benchServe(h, path, nil)
	if first.Code != http.StatusOK {
		b.Fatalf("GET %s = %d\n%.300s", path, first.Code, first.Body)
	}
	size := first.Body.Len()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	b.Run("cached", func(b *testing.B) {
		buf := make([]byte, 0, size*2)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			if rec := benchServe(h, path, buf[:0]); rec.Code != http.StatusOK {
				b.Fatalf("GET %s = %d", path, rec.Code)
			}
		}
	})
	n := 0 // shared by every run (-count) so that no URL repeats
	b.Run("render", func(b *testing.B) {
		buf := make([]byte, 0, size*2)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			n++
			p := path + sep + "bench=" + strconv.Itoa(n)
			if rec := benchServe(h, p, buf[:0]); rec.Code != http.StatusOK {
				b.Fatalf("GET %s = %d", p, rec.Code)
			}
		}
	})
}

// benchServe runs one GET through h, without Accept-Encoding (identity body).
func benchServe(h http.Handler, path string, buf []byte) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	if buf != nil {
		rec.Body = bytes.NewBuffer(buf)
	}
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// benchFirstID returns the id of the first item of an API list.
func benchFirstID(b *testing.B, h http.Handler, path string) int64 {
	b.Helper()
	rec := benchServe(h, path, nil)
	var list struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Data) == 0 {
		b.Fatalf("GET %s: %d %v %.200s", path, rec.Code, err, rec.Body)
	}
	return list.Data[0].ID
}
