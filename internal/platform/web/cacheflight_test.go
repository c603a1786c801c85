package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// fakeClock is a settable clock for the cache's lifetimes.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// siteFromHeader puts the site named by the X-Site header (1 by default)
// in the request's context, as the site middleware does from the host.
func siteFromHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.Header.Get("X-Site"), 10, 64)
		if err != nil {
			id = 1
		}
		next.ServeHTTP(w, r.WithContext(web.WithSite(r.Context(), web.SiteInfo{ID: id})))
	})
}

// serveCached serves h behind the cache, as the server chains them.
func serveCached(t *testing.T, c *web.PageCache, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(web.Chain(h, siteFromHeader, c.Middleware, web.Compress))
	t.Cleanup(ts.Close)
	return ts
}

// answer is a response read whole (gunzipped).
type answer struct {
	status int
	header http.Header
	body   string
	err    error
}

func get(ctx context.Context, c *http.Client, url string, hdr ...string) answer {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return answer{err: err}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(res.Body); err != nil {
			return answer{err: err}
		}
	}
	b, err := io.ReadAll(r)
	return answer{status: res.StatusCode, header: res.Header, body: string(b), err: err}
}

// client makes a client that opens as many connections as asked for and
// leaves bodies as the server sends them.
func client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
}

// eventually waits until cond holds, failing the test if it never does:
// it waits for goroutines to reach a state, and asserts nothing on time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPageCacheCoalescesMisses sends many concurrent requests for one cold
// key while the handler is held: one render answers them all, with the same
// status, headers and body, in each client's encoding.
func TestPageCacheCoalescesMisses(t *testing.T) {
	const n = 24
	var renders atomic.Int64
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := renders.Add(1)
		<-release
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Header().Set("Content-Disposition", `inline; filename="page.html"`)
		web.Send(w, r, http.StatusOK, "text/html; charset=utf-8", []byte(strings.Repeat("صفحة ", 400)+strconv.FormatInt(k, 10)))
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return 7 }, TTL: time.Minute, Now: newClock().Now}
	ts := serveCached(t, c, h)
	hc := client()

	answers := make([]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			hdr := []string{}
			if i%2 == 1 {
				hdr = append(hdr, "Accept-Encoding", "gzip")
			}
			answers[i] = get(t.Context(), hc, ts.URL+"/page?x=1", hdr...)
		})
	}
	eventually(t, "every request but one waits for the render", func() bool { return c.Stats().Waits == n-1 })
	close(release)
	wg.Wait()

	if got := renders.Load(); got != 1 {
		t.Errorf("%d concurrent misses rendered %d times, want once", n, got)
	}
	first := answers[0]
	if first.err != nil || first.status != 200 || !strings.HasSuffix(first.body, " 1") {
		t.Fatalf("first answer: %d %v %.40q", first.status, first.err, first.body)
	}
	for i, a := range answers {
		if a.err != nil || a.status != first.status || a.body != first.body {
			t.Errorf("request %d: %d %v, body differs: %v", i, a.status, a.err, a.body != first.body)
			continue
		}
		for _, k := range []string{"Content-Type", "Cache-Control", "Content-Disposition"} {
			if a.header.Get(k) != first.header.Get(k) {
				t.Errorf("request %d: %s %q, want %q", i, k, a.header.Get(k), first.header.Get(k))
			}
		}
		wantEnc, wantTag := "", strings.TrimPrefix(first.header.Get("ETag"), "W/")
		if i%2 == 1 {
			wantEnc, wantTag = "gzip", "W/"+wantTag
		}
		if a.header.Get("Content-Encoding") != wantEnc || a.header.Get("ETag") != wantTag {
			t.Errorf("request %d: Content-Encoding %q, ETag %q; want %q, %q", i, a.header.Get("Content-Encoding"),
				a.header.Get("ETag"), wantEnc, wantTag)
		}
	}
	if s := c.Stats(); s.Renders != 1 || s.Waits != n-1 {
		t.Errorf("stats %+v, want 1 render and %d waits", s, n-1)
	}
}

// TestPageCacheUncacheableNotShared holds renders that answer what may not
// be shared (a cookie, a 404, no-store): the waiters each render their own,
// and once a key is known to answer so, requests for it no longer wait for
// one another.
func TestPageCacheUncacheableNotShared(t *testing.T) {
	const n = 8
	for _, tc := range []struct {
		path   string
		status int
	}{{"/cookie", 200}, {"/missing", 404}, {"/nostore", 200}} {
		t.Run(tc.path[1:], func(t *testing.T) {
			var renders, inside atomic.Int64
			gate := make(chan struct{}) // closed to let the held renders go
			var all chan struct{}       // closed once n renders are inside at once
			var allOnce sync.Once
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				k := renders.Add(1)
				if all != nil && inside.Add(1) == n {
					allOnce.Do(func() { close(all) })
				}
				<-gate
				switch tc.path {
				case "/cookie":
					http.SetCookie(w, &http.Cookie{Name: "who", Value: strconv.FormatInt(k, 10)})
					web.Send(w, r, 200, "text/plain", []byte("for "+strconv.FormatInt(k, 10)))
				case "/missing":
					http.NotFound(w, r)
				case "/nostore":
					w.Header().Set("Cache-Control", "private, no-store")
					web.Send(w, r, 200, "text/plain", []byte("view "+strconv.FormatInt(k, 10)))
				}
			})
			c := &web.PageCache{Generation: func(int64) uint64 { return 1 }, TTL: time.Minute, Now: newClock().Now}
			ts := serveCached(t, c, h)
			hc := client()

			wave := func() []answer {
				answers := make([]answer, n)
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() { answers[i] = get(t.Context(), hc, ts.URL+tc.path) })
				}
				wg.Wait()
				return answers
			}
			// The first wave: one render, the others wait for it, then each
			// renders its own.
			done := make(chan []answer)
			go func() { done <- wave() }()
			eventually(t, "the requests wait for the first render", func() bool { return c.Stats().Waits == n-1 })
			close(gate)
			answers := <-done
			if got := renders.Load(); got != n {
				t.Errorf("%d renders for %d requests; each must render its own", got, n)
			}
			seen := map[string]bool{}
			for i, a := range answers {
				if a.err != nil || a.status != tc.status {
					t.Fatalf("request %d: %d %v, want %d", i, a.status, a.err, tc.status)
				}
				if tc.path != "/missing" {
					if seen[a.body] {
						t.Errorf("request %d was given another's answer %q", i, a.body)
					}
					seen[a.body] = true
				}
				if tc.path == "/cookie" && !strings.Contains(a.header.Get("Set-Cookie"), "who="+strings.TrimPrefix(a.body, "for ")) {
					t.Errorf("request %d: cookie %q with body %q", i, a.header.Get("Set-Cookie"), a.body)
				}
			}

			// The next wave does not wait: its n renders are all inside the
			// handler at once.
			renders.Store(0)
			gate = make(chan struct{})
			all = make(chan struct{})
			waits := c.Stats().Waits
			go func() { done <- wave() }()
			select {
			case <-all:
			case <-time.After(30 * time.Second):
				t.Fatalf("requests for a key known to be uncacheable waited for one another (%d inside)", inside.Load())
			}
			close(gate)
			<-done
			if got := c.Stats().Waits; got != waits {
				t.Errorf("%d more waits in the second wave, want none", got-waits)
			}
		})
	}
}

// TestPageCacheSlowRender renders a page in more than the TTL (the clock
// moves on during the render): the entry's lifetime counts from when it is
// stored, so the next request is a hit, until the TTL has passed.
func TestPageCacheSlowRender(t *testing.T) {
	clk := newClock()
	const ttl = 2 * time.Second
	var renders atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		clk.Add(3 * ttl) // a render slower than the TTL
		web.Send(w, r, 200, "text/html; charset=utf-8", []byte("slow page"))
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return 1 }, TTL: ttl, Now: clk.Now}
	ts := serveCached(t, c, h)
	hc := client()
	for i := range 3 {
		if a := get(t.Context(), hc, ts.URL+"/slow"); a.err != nil || a.body != "slow page" {
			t.Fatalf("request %d: %v %q", i, a.err, a.body)
		}
	}
	if got := renders.Load(); got != 1 {
		t.Errorf("a render slower than the TTL: %d renders for 3 requests, want 1", got)
	}
	clk.Add(ttl)
	get(t.Context(), hc, ts.URL+"/slow")
	if got := renders.Load(); got != 2 {
		t.Errorf("after the TTL: %d renders, want 2", got)
	}
}

// TestPageCacheSiteGenerations writes on site A: A's entries are rendered
// again, B's still answer.
func TestPageCacheSiteGenerations(t *testing.T) {
	var genA, genB atomic.Uint64
	renders := map[string]*atomic.Int64{"1": {}, "2": {}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site := strconv.FormatInt(web.SiteOf(r.Context()).ID, 10)
		renders[site].Add(1)
		web.Send(w, r, 200, "text/plain", []byte("site "+site))
	})
	c := &web.PageCache{TTL: time.Hour, Now: newClock().Now, Generation: func(site int64) uint64 {
		if site == 1 {
			return genA.Load()
		}
		return genB.Load()
	}}
	ts := serveCached(t, c, h)
	hc := client()
	both := func() {
		for _, s := range []string{"1", "2"} {
			if a := get(t.Context(), hc, ts.URL+"/page", "X-Site", s); a.err != nil || a.body != "site "+s {
				t.Fatalf("site %s: %v %q", s, a.err, a.body)
			}
		}
	}
	both()
	both()
	if renders["1"].Load() != 1 || renders["2"].Load() != 1 {
		t.Fatalf("renders A %d, B %d; want 1 each", renders["1"].Load(), renders["2"].Load())
	}
	genA.Add(2) // a write on site A
	both()
	if renders["1"].Load() != 2 || renders["2"].Load() != 1 {
		t.Errorf("after a write on A: renders A %d, B %d; want 2 and 1", renders["1"].Load(), renders["2"].Load())
	}
}

// TestPageCacheBounded fills the cache with many distinct pages, fetched
// plain and some gzipped: its size and its number of entries stay within
// the bounds, gzip forms counted, and a page read all along stays cached.
func TestPageCacheBounded(t *testing.T) {
	const maxBytes, maxEntries = 128 << 10, 40
	var renders sync.Map // path -> *atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := renders.LoadOrStore(r.URL.Path, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		// Distinct bodies of 4 KB that compress.
		web.Send(w, r, 200, "text/html; charset=utf-8", []byte(strings.Repeat(r.URL.Path+" ", 4096/len(r.URL.Path+" "))))
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return 1 }, TTL: time.Hour, Now: newClock().Now,
		MaxBytes: maxBytes, MaxEntries: maxEntries}
	ts := serveCached(t, c, h)
	hc := client()

	get(t.Context(), hc, ts.URL+"/hot")
	plain := c.Stats().Bytes
	get(t.Context(), hc, ts.URL+"/hot", "Accept-Encoding", "gzip")
	if c.Stats().Bytes <= plain {
		t.Errorf("the gzip form is not counted: %d bytes before it, %d after", plain, c.Stats().Bytes)
	}
	for i := range 1000 {
		path := "/page/" + strconv.Itoa(i)
		get(t.Context(), hc, ts.URL+path)
		if i%10 == 0 {
			get(t.Context(), hc, ts.URL+path, "Accept-Encoding", "gzip")
		}
		get(t.Context(), hc, ts.URL+"/hot", "Accept-Encoding", "gzip")
		if s := c.Stats(); s.Bytes > maxBytes || s.Entries > maxEntries {
			t.Fatalf("after %d pages: %d bytes in %d entries; bounds %d bytes, %d entries", i+1, s.Bytes, s.Entries, maxBytes, maxEntries)
		}
	}
	s := c.Stats()
	if s.Evictions == 0 || s.Entries < 2 {
		t.Errorf("stats %+v: want evictions and a cache still in use", s)
	}
	if n, _ := renders.Load("/hot"); n.(*atomic.Int64).Load() != 1 {
		t.Errorf("a page read between every other was evicted: %d renders", n.(*atomic.Int64).Load())
	}
}

// TestPageCacheWaiterLeaves cancels a request that waits for another's
// render: it stops waiting at once, while the render goes on and still
// serves the others.
func TestPageCacheWaiterLeaves(t *testing.T) {
	release := make(chan struct{})
	var renders atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		<-release
		web.Send(w, r, 200, "text/plain", []byte("done"))
	})
	c := &web.PageCache{Generation: func(int64) uint64 { return 1 }, TTL: time.Minute, Now: newClock().Now}
	left := make(chan struct{})
	// Tells when the server is done with the request that leaves.
	watch := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if r.Header.Get("X-Leaves") != "" {
				close(left)
			}
		})
	}
	ts := httptest.NewServer(web.Chain(h, watch, siteFromHeader, c.Middleware))
	defer ts.Close()
	hc := client()

	leader := make(chan answer)
	go func() { leader <- get(t.Context(), hc, ts.URL+"/held") }()
	eventually(t, "the first request renders", func() bool { return renders.Load() == 1 })
	ctx, cancel := context.WithCancel(t.Context())
	waiter := make(chan answer)
	go func() { waiter <- get(ctx, hc, ts.URL+"/held", "X-Leaves", "1") }()
	eventually(t, "the second request waits", func() bool { return c.Stats().Waits == 1 })
	cancel()
	if a := <-waiter; a.err == nil {
		t.Errorf("the cancelled request was answered %d", a.status)
	}
	select {
	case <-left:
	case <-time.After(30 * time.Second):
		t.Fatal("the server still waits for the render on behalf of a request that left")
	}
	close(release)
	if a := <-leader; a.err != nil || a.body != "done" {
		t.Errorf("the render's own request: %v %q", a.err, a.body)
	}
	if a := get(t.Context(), hc, ts.URL+"/held"); a.body != "done" || renders.Load() != 1 {
		t.Errorf("after the render: %q, %d renders; want a hit", a.body, renders.Load())
	}
}
