package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PageCache keeps recent public GET answers in memory, so a page that many
// people read is rendered once per change rather than once per visit.
//
// An entry is valid while the database's write generation is unchanged (any
// committed write in this process invalidates everything) and for at most
// TTL, which bounds staleness when another process or instance writes. Only
// 200 answers to requests without credentials are kept; the gzip form is
// made once per entry.
type PageCache struct {
	Generation func() uint64 // the database's write generation
	TTL        time.Duration
	// Private reports whether a request carries credentials (a session
	// cookie, an Authorization header) and so must never be cached.
	Private func(*http.Request) bool

	mu      sync.RWMutex
	entries map[string]*cacheEntry
	size    int
}

const (
	cacheMaxBytes = 64 << 20 // all entries together
	cacheMaxEntry = 1 << 20  // one body
)

type cacheEntry struct {
	gen         uint64
	expires     time.Time
	contentType string
	cacheCtl    string
	disposition string
	etag        string
	body        []byte
	gzOnce      sync.Once
	gz          []byte
}

// Middleware serves hits and records misses. It must run inside Locales and
// the site middleware (its key includes both) and outside Compress.
func (c *PageCache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header.Get("Authorization") != "" ||
			(c.Private != nil && c.Private(r)) || strings.HasPrefix(r.URL.Path, "/metrics") ||
			strings.HasPrefix(r.URL.Path, "/healthz") || strings.HasPrefix(r.URL.Path, "/readyz") ||
			// Uploaded files stream from disk with their own headers (a
			// sandboxing CSP among them) that a replayed entry would lose.
			strings.HasPrefix(r.URL.Path, "/files/") {
			next.ServeHTTP(w, r)
			return
		}
		key := strconv.FormatInt(SiteOf(r.Context()).ID, 10) + "|" + string(Locale(r.Context())) + "|" + r.URL.RequestURI()
		gen := c.Generation()
		now := time.Now()
		c.mu.RLock()
		e := c.entries[key]
		c.mu.RUnlock()
		if e == nil || e.gen != gen || now.After(e.expires) {
			e = c.record(next, w, r, key, gen, now)
			if e == nil {
				return // answered directly: not cacheable
			}
		}
		c.serve(w, r, e)
	})
}

// record runs the handler into a buffer, without compression, and keeps the
// answer when it is cacheable; otherwise it copies it to w and returns nil.
func (c *PageCache) record(next http.Handler, w http.ResponseWriter, r *http.Request, key string, gen uint64, now time.Time) *cacheEntry {
	rec := &recorder{header: http.Header{}}
	inner := r.Clone(r.Context())
	inner.Method = http.MethodGet
	inner.Header.Del("Accept-Encoding")
	inner.Header.Del("If-None-Match")
	next.ServeHTTP(rec, inner)
	cacheable := rec.status == http.StatusOK && rec.header.Get("Set-Cookie") == "" &&
		!strings.Contains(rec.header.Get("Cache-Control"), "no-store") && rec.body.Len() <= cacheMaxEntry
	if !cacheable {
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		w.WriteHeader(rec.status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(rec.body.Bytes())
		}
		return nil
	}
	e := &cacheEntry{gen: gen, expires: now.Add(c.TTL), contentType: rec.header.Get("Content-Type"), cacheCtl: rec.header.Get("Cache-Control"),
		disposition: rec.header.Get("Content-Disposition"), etag: rec.header.Get("ETag"), body: bytes.Clone(rec.body.Bytes())}
	c.mu.Lock()
	if c.entries == nil || c.size+len(e.body) > cacheMaxBytes {
		c.entries, c.size = map[string]*cacheEntry{}, 0
	}
	if old := c.entries[key]; old != nil {
		c.size -= len(old.body)
	}
	c.entries[key] = e
	c.size += len(e.body)
	c.mu.Unlock()
	return e
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
		e.gzOnce.Do(func() { e.gz = gzipBytes(e.body) })
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
