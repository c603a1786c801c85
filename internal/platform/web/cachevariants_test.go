package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// URLs made unique by a query (?x=1, ?x=2, …) must not fill the page cache:
// a path keeps only its latest few answers with a query, and its plain
// answer and other paths' stay.
func TestPageCacheBoundsQueryVariants(t *testing.T) {
	var renders atomic.Uint64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		web.Send(w, r, 200, "text/html; charset=utf-8", []byte("page "+r.URL.RawQuery))
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return 1 }, TTL: time.Hour}
	ts := httptest.NewServer(web.Chain(mux, c.Middleware))
	defer ts.Close()
	get := func(path string) {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("GET %s = %d", path, res.StatusCode)
		}
	}

	get("/page")
	for i := range 200 {
		get("/page?x=" + strconv.Itoa(i))
	}
	if n := c.Stats().Entries; n > 1+16 {
		t.Errorf("%d entries kept after 200 distinct queries of one path, want at most 17", n)
	}
	before := renders.Load()
	get("/page")       // the plain page is still kept
	get("/page?x=199") // and so is the latest variant
	if renders.Load() != before {
		t.Errorf("the plain page or the latest variant was rendered again")
	}
	get("/page?x=0") // the oldest went
	if renders.Load() != before+1 {
		t.Errorf("the oldest variant was still kept")
	}
}
