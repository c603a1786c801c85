package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// PageCache keeps recent public GET answers in memory, so a page that many
// people read is rendered once per change rather than once per visit.
//
// An entry is valid while its site's write generation is unchanged (a
// committed write of this process for the site, or one that named no site,
// invalidates it: db.DB.SiteGeneration) and for at most TTL from when it
// was stored, which bounds staleness when another process or instance
// writes. Concurrent misses of one key wait for a single render and share
// its answer. Only 200 answers without Set-Cookie and without no-store, to
// requests without credentials, are kept; the gzip form is made once per
// entry. Memory is bounded in bytes (gzip forms included) and in entries,
// the least recently used going first (cachestore.go).
type PageCache struct {
	// Generation returns the database's write generation of a site
	// (db.DB.SiteGeneration).
	Generation func(siteID int64) uint64
	TTL        time.Duration
	// Private reports whether a request carries credentials (a session
	// cookie, an Authorization header) and so must never be cached.
	Private func(*http.Request) bool
	// Personal, when set, lets a private request that carries a session
	// only (no Authorization header) be served an entry that a visitor's
	// render left, if that render's handler never asked who was signed in
	// (NoteIdentityAsked): the page is the same for everyone but for the
	// account navigation, which the cache swaps. Personal returns the
	// navigation a visitor's page holds (visitor) and the request's own
	// (mine); ok false when the request cannot be served so.
	Personal func(r *http.Request) (visitor, mine []byte, ok bool)
	// Now is the clock of the entries' lifetimes; time.Now when nil.
	Now func() time.Time
	// MaxBytes bounds the entries together (64 MB when 0), MaxEntries
	// their number (10,000 when 0).
	MaxBytes   int
	MaxEntries int

	mu      sync.RWMutex
	entries map[string]*cacheEntry
	ring    *list.List    // every entry, in the order the CLOCK hand visits them
	hand    *list.Element // the next entry the hand visits; nil: the front
	size    int
	flights map[string]*flight
	// variants lists, per key without its query (site, locale, path), the
	// keys with a query that are kept, oldest first (cachestore.go).
	variants map[string][]string

	hits, renders, waits, evictions, personal atomic.Uint64
}

const (
	cacheMaxBytes   = 64 << 20 // all entries together, by default
	cacheMaxEntries = 10_000   // by default
	cacheMaxEntry   = 1 << 20  // one body
	// A path keeps at most this many answers to URLs with a query (filters,
	// searches, pages of a list), the oldest going first: URLs made unique
	// by an unknown parameter, as a crawler or an attacker may send, then
	// cannot fill the cache and push out the pages readers share.
	cacheMaxVariants = 16
	// An answer that could not be kept marks its key for this long: the
	// requests for it then render each their own at once, rather than
	// wait for another's render that they could not share (a page sent
	// no-store, such as a news article, whose every view is counted).
	uncacheableFor = time.Minute
)

type cacheEntry struct {
	key         string
	gen         uint64
	expires     time.Time
	contentType string
	cacheCtl    string
	disposition string
	etag        string
	body        []byte
	gzOnce      sync.Once
	gz          []byte
	// uncacheable marks a key whose last answer could not be kept: the
	// entry holds no answer.
	uncacheable bool
	// shared marks an answer whose handler never asked who was signed in.
	shared bool
	// navOnce finds, on the first personal answer, where the body holds
	// the visitor's account navigation: navAt is its offset, navAbsent
	// when the body holds none, navAt < 0 when it holds it more than once.
	navOnce sync.Once
	navAt   int

	ref  atomic.Bool   // used since the CLOCK hand last passed
	elem *list.Element // in ring; nil until stored and once evicted (under mu)
	size int           // estimated bytes (under mu)
}

// fresh reports whether e answers a request made at generation gen at now.
func (e *cacheEntry) fresh(gen uint64, now time.Time) bool {
	return e != nil && !e.uncacheable && e.gen == gen && now.Before(e.expires)
}

// flight is a render that requests for the same key and generation wait
// for. entry is set before done is closed: the answer to share, or nil
// when it could not be shared.
type flight struct {
	gen   uint64
	done  chan struct{}
	entry *cacheEntry
}

// PageCacheStats are the cache's figures since it started, for metrics.
type PageCacheStats struct {
	Entries   int    // entries kept now, marks of uncacheable keys included
	Bytes     int    // their estimated size, gzip forms included
	Hits      uint64 // answers served from an entry
	Renders   uint64 // answers rendered by the handler
	Waits     uint64 // requests that waited for another's render
	Evictions uint64 // entries dropped to stay within the bounds
	Personal  uint64 // answers to signed-in readers served from an entry
}

// Stats returns the cache's figures.
func (c *PageCache) Stats() PageCacheStats {
	c.mu.RLock()
	entries, size := len(c.entries), c.size
	c.mu.RUnlock()
	return PageCacheStats{Entries: entries, Bytes: size, Hits: c.hits.Load(), Renders: c.renders.Load(),
		Waits: c.waits.Load(), Evictions: c.evictions.Load(), Personal: c.personal.Load()}
}

func (c *PageCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Middleware serves hits and records misses. It must run inside Locales and
// the site middleware (its key includes both) and outside Compress.
//
// It also declares each request's site to the database (db.WithSite), so
// that the write transactions a request runs invalidate the entries of its
// site only.
func (c *PageCache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site := SiteOf(r.Context()).ID
		if site != 0 {
			r = r.WithContext(db.WithSite(r.Context(), site))
		}
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header.Get("Authorization") != "" ||
			strings.HasPrefix(r.URL.Path, "/metrics") ||
			strings.HasPrefix(r.URL.Path, "/healthz") || strings.HasPrefix(r.URL.Path, "/readyz") ||
			// Uploaded files stream from disk with their own headers (a
			// sandboxing CSP among them) that a replayed entry would lose.
			strings.HasPrefix(r.URL.Path, "/files/") {
			next.ServeHTTP(w, r)
			return
		}
		key := strconv.FormatInt(site, 10) + "|" + string(Locale(r.Context())) + "|" + r.URL.RequestURI()
		if c.Private != nil && c.Private(r) {
			// Never kept; served a visitor's page when it is the same for
			// everyone (cachepersonal.go).
			if !c.servePersonal(w, r, key, site) {
				next.ServeHTTP(w, r)
			}
			return
		}
		// The generation is read before the render reads anything, so that
		// an entry is never kept under a newer generation than its data.
		gen := c.Generation(site)
		c.mu.RLock()
		e := c.entries[key]
		c.mu.RUnlock()
		if e.fresh(gen, c.now()) {
			c.hit(w, r, e)
			return
		}
		e, f, lead := c.miss(key, gen)
		switch {
		case e != nil:
			c.hit(w, r, e)
		case f == nil: // uncacheable lately: no waiting
			c.render(next, w, r, key, gen, nil)
		case lead:
			c.render(next, w, r, key, gen, f)
		default:
			c.wait(next, w, r, key, gen, f)
		}
	})
}

func (c *PageCache) hit(w http.ResponseWriter, r *http.Request, e *cacheEntry) {
	if !e.ref.Load() { // no write, and no cache line bounced between cores, on a hot entry
		e.ref.Store(true)
	}
	c.hits.Add(1)
	c.serve(w, r, e)
}

// miss decides, under the lock, what a request that found no fresh entry
// does: serve an entry stored meanwhile (e), render without a flight (f
// nil: the key's answers have lately been uncacheable), lead a new flight,
// or wait for the flight already rendering the key at its generation or a
// newer one.
func (c *PageCache) miss(key string, gen uint64) (e *cacheEntry, f *flight, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if e := c.entries[key]; e.fresh(gen, now) {
		return e, nil, false
	} else if e != nil && e.uncacheable && now.Before(e.expires) {
		return nil, nil, false
	}
	if f := c.flights[key]; f != nil && f.gen >= gen {
		return nil, f, false
	}
	if c.flights == nil {
		c.flights = map[string]*flight{}
	}
	f = &flight{gen: gen, done: make(chan struct{})}
	c.flights[key] = f // a flight at an older generation finishes unwaited
	return nil, f, true
}

// render runs the handler for the request and keeps its answer when it can;
// as the leader of flight f it then hands the answer to the waiters (nil
// when it could not be kept, and when the handler panics).
func (c *PageCache) render(next http.Handler, w http.ResponseWriter, r *http.Request, key string, gen uint64, f *flight) {
	c.renders.Add(1)
	landed := false
	land := func(e *cacheEntry) {
		if f == nil || landed {
			return
		}
		landed = true
		c.mu.Lock()
		if c.flights[key] == f {
			delete(c.flights, key)
		}
		c.mu.Unlock()
		f.entry = e
		close(f.done)
	}
	defer land(nil)
	rec := &recorder{header: http.Header{}}
	ctx, asked := watchIdentity(r.Context())
	inner := r.Clone(ctx)
	inner.Method = http.MethodGet
	inner.Header.Del("Accept-Encoding")
	inner.Header.Del("If-None-Match")
	next.ServeHTTP(rec, inner)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	cacheable := rec.status == http.StatusOK && rec.header.Get("Set-Cookie") == "" &&
		!strings.Contains(rec.header.Get("Cache-Control"), "no-store") && rec.body.Len() <= cacheMaxEntry
	// The lifetime counts from now, when the entry is stored: a render
	// slower than the TTL still leaves an entry that answers.
	now := c.now()
	if cacheable {
		e := &cacheEntry{key: key, gen: gen, expires: now.Add(c.TTL), contentType: rec.header.Get("Content-Type"),
			cacheCtl: rec.header.Get("Cache-Control"), disposition: rec.header.Get("Content-Disposition"),
			etag: rec.header.Get("ETag"), body: bytes.Clone(rec.body.Bytes()), shared: !asked.Load()}
		if c.fits(e) {
			// Kept unless a newer rendering is there already; the waiters,
			// at this generation, get it either way.
			c.store(e, now)
			land(e)
			c.serve(w, r, e)
			return
		}
	}
	if rec.status < 500 {
		// A server error says nothing of the page (a database that
		// failed, a render cut short): the next requests wait for one
		// render again.
		c.markUncacheable(key, gen, now)
	}
	land(nil)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(rec.body.Bytes())
	}
}

// wait waits for flight f and serves its answer; when there is none to
// share, the request renders its own, as it would without a cache. A
// request whose context ends stops waiting.
func (c *PageCache) wait(next http.Handler, w http.ResponseWriter, r *http.Request, key string, gen uint64, f *flight) {
	c.waits.Add(1)
	select {
	case <-f.done:
	case <-r.Context().Done():
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if f.entry != nil {
		c.serve(w, r, f.entry)
		return
	}
	c.render(next, w, r, key, gen, nil)
}

func (c *PageCache) serve(w http.ResponseWriter, r *http.Request, e *cacheEntry) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	h.Set("Cache-Control", e.cacheCtl)
	if e.cacheCtl == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if e.disposition != "" {
		h.Set("Content-Disposition", e.disposition)
	}
	body, etag := e.body, e.etag
	gz := len(body) >= minCompressSize && compressible(e.contentType) && acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz && etag != "" {
		etag = "W/" + etag
	}
	if etag != "" {
		h.Set("ETag", etag)
		if etagMatch(r.Header.Get("If-None-Match"), strings.TrimPrefix(etag, "W/")) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if gz {
		e.gzOnce.Do(func() {
			e.gz = gzipBytes(e.body)
			c.grew(e, len(e.gz))
		})
		body = e.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", e.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	gz := gzipWriters.Get().(*gzip.Writer)
	gz.Reset(&buf)
	_, _ = gz.Write(b)
	_ = gz.Close()
	gzipWriters.Put(gz)
	return buf.Bytes()
}

// recorder buffers a handler's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
