package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
)

// navAbsent is cacheEntry.navAt for a body that holds no account
// navigation (an API answer, a feed): it is sent as it is.
const navAbsent = -1

// servePersonal answers a signed-in reader's request from the entry a
// visitor's render left, when that render's handler never asked who was
// signed in, with the reader's account navigation in place of the
// visitor's. It reports false when it cannot (no such fresh entry, no
// Personal hook, a page holding the navigation twice): the request is then
// rendered for the reader, and not kept.
func (c *PageCache) servePersonal(w http.ResponseWriter, r *http.Request, key string, site int64) bool {
	if c.Personal == nil {
		return false
	}
	gen := c.Generation(site)
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if !e.fresh(gen, c.now()) || !e.shared {
		return false
	}
	visitor, mine, ok := c.Personal(r)
	if !ok {
		return false
	}
	e.navOnce.Do(func() { e.navAt = navOffset(e.body, visitor) })
	if e.navAt < navAbsent {
		return false
	}
	if !e.ref.Load() {
		e.ref.Store(true)
	}
	c.personal.Add(1)
	parts := [3][]byte{e.body}
	if e.navAt >= 0 {
		parts = [3][]byte{e.body[:e.navAt], mine, e.body[e.navAt+len(visitor):]}
	}
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	// The page names the reader: no shared cache may keep it, and the
	// browser asks again rather than revalidate an ETag that is the
	// visitor's.
	h.Set("Cache-Control", "private, no-cache")
	if e.disposition != "" {
		h.Set("Content-Disposition", e.disposition)
	}
	h.Set("Content-Type", e.contentType)
	size := len(parts[0]) + len(parts[1]) + len(parts[2])
	if size >= minCompressSize && compressible(e.contentType) && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return true
		}
		gz := gzipWriters.Get().(*gzip.Writer)
		gz.Reset(w)
		for _, p := range parts {
			_, _ = gz.Write(p)
		}
		_ = gz.Close()
		gzipWriters.Put(gz)
		return true
	}
	h.Set("Content-Length", strconv.Itoa(size))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		for _, p := range parts {
			_, _ = w.Write(p)
		}
	}
	return true
}

// navOffset is where body holds nav: navAbsent when it does not, less than
// navAbsent when it does more than once (the page cannot be told apart
// from its content then, and is not served so).
func navOffset(body, nav []byte) int {
	if len(nav) == 0 {
		return navAbsent - 1
	}
	i := bytes.Index(body, nav)
	if i < 0 {
		return navAbsent
	}
	if bytes.Contains(body[i+len(nav):], nav) {
		return navAbsent - 1
	}
	return i
}
