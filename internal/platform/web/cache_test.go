package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

func TestPageCache(t *testing.T) {
	var renders, gen atomic.Uint64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		n := renders.Add(1)
		web.Send(w, r, 200, "text/html; charset=utf-8", []byte(strings.Repeat("صفحة ", 400)+itoa(n)))
	})
	mux.HandleFunc("GET /cookie", func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "x", Value: "1"})
		web.Send(w, r, 200, "text/plain", []byte("private"))
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		http.NotFound(w, r)
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return gen.Load() }, TTL: time.Hour,
		Private: func(r *http.Request) bool { _, err := r.Cookie("session"); return err == nil }}
	ts := httptest.NewServer(web.Chain(mux, c.Middleware, web.Compress))
	defer ts.Close()

	body := func(path string, hdr ...string) (string, *http.Response) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var r io.Reader = res.Body
		if res.StatusCode == 200 && res.Header.Get("Content-Encoding") == "gzip" {
			r, _ = gzip.NewReader(res.Body)
		}
		b, _ := io.ReadAll(r)
		return string(b), res
	}

	first, _ := body("/page")
	second, res := body("/page", "Accept-Encoding", "gzip")
	if first != second || renders.Load() != 1 {
		t.Fatalf("second visit rendered again (%d renders)", renders.Load())
	}
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Error("cached page not compressed for a gzip client")
	}
	if _, res := body("/page", "If-None-Match", res.Header.Get("ETag")); res.StatusCode != 304 {
		t.Errorf("conditional GET on a cached page: %d", res.StatusCode)
	}
	gen.Add(2) // a write
	if third, _ := body("/page"); third == first || renders.Load() != 2 {
		t.Errorf("a write did not invalidate the cache (%d renders)", renders.Load())
	}
	body("/page", "Cookie", "session=abc")
	if renders.Load() != 3 {
		t.Error("a request with credentials was served from the cache")
	}
	body("/cookie")
	body("/cookie")
	if renders.Load() != 5 {
		t.Error("an answer that sets a cookie was cached")
	}
	body("/missing")
	if _, res := body("/missing"); res.StatusCode != 404 || renders.Load() != 7 {
		t.Errorf("a 404 was cached: %d renders", renders.Load())
	}
}

func itoa(n uint64) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
