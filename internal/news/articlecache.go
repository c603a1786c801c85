package news

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Every view of an article must reach the handler to be counted, so no page
// cache may answer for it, and rendering the page (the layout, the article,
// a page of comments) costs far more than counting. The handler therefore
// keeps the rendering itself, for readers who are not signed in (whose page
// is the same for all): it is valid while the database's write generation is
// unchanged (a comment published or hidden, a post edited: any committed
// write of this process) and for at most articleCacheTTL, which bounds what
// another instance's writes can leave stale. The view count, which changes
// with every counted view without any write generation, is left in the
// rendering as placeholders that each answer fills in with the post's count
// as this process knows it: read when the page was rendered and returned by
// each view it counted since. A reader sees the exact numbers of comments and
// of views (those counted by other instances within articleCacheTTL).
//
// The article is sent without an ETag: it is marked no-store, so no browser
// keeps it to revalidate.

const (
	articleCacheTTL     = 2 * time.Second
	articleCacheEntries = 512 // past it, the cache starts afresh
)

// articleCache maps site|locale|request URI to a rendering, and posts to
// their latest known view count.
type articleCache struct {
	mu      sync.RWMutex
	entries map[string]*articleEntry
	views   map[int64]int
}

type articleEntry struct {
	gen     uint64
	expires time.Time
	postID  int64
	// parts is the page cut at its placeholders: text, placeholder, text, …
	// (odd indexes are viewsText or viewsCount).
	parts [][]byte
	size  int
}

// The placeholders are random per process, so that no text of a post can
// contain them.
var viewsText, viewsCount = func() (string, string) {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails
	s := hex.EncodeToString(b)
	return "infitah-views-text-" + s, "infitah-views-count-" + s
}()

func (c *articleCache) get(key string, gen uint64, now time.Time) *articleEntry {
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e == nil || e.gen != gen || now.After(e.expires) {
		return nil
	}
	return e
}

func (c *articleCache) put(key string, e *articleEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= articleCacheEntries {
		c.entries, c.views = map[string]*articleEntry{}, map[int64]int{}
	}
	c.entries[key] = e
}

// saw records that post id had n views (counts only grow: a smaller n, from
// a slower request, changes nothing).
func (c *articleCache) saw(id int64, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.views == nil {
		c.views = map[int64]int{}
	}
	if n > c.views[id] {
		c.views[id] = n
	}
}

func (c *articleCache) viewsOf(id int64) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n, ok := c.views[id]
	return n, ok
}

// cacheKey is the key of the request's rendering; "" when the rendering is
// the reader's own (signed in, or sending credentials).
func cacheKey(r *http.Request, signedIn bool) string {
	if signedIn || r.Header.Get("Authorization") != "" {
		return ""
	}
	// The page holds absolute links to itself: the origin is part of the key.
	return strconv.FormatInt(web.SiteOf(r.Context()).ID, 10) + "|" + string(web.Locale(r.Context())) + "|" + Origin(r) + r.URL.RequestURI()
}

// serveCached answers from a kept rendering: it counts the view and fills
// in the post's count.
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, e *articleEntry) {
	ctx := r.Context()
	views, known := h.cache.viewsOf(e.postID)
	var err error
	switch {
	case h.Views.First(h.Now(), web.SiteOf(ctx).Location, ratelimit.ClientIP(r), r.UserAgent(), e.postID):
		views, err = addView(ctx, h.DB, e.postID)
	case !known:
		views, err = viewCount(ctx, h.DB.R(), e.postID)
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.cache.saw(e.postID, views)
	h.sendArticle(w, r, e, views)
}

// sendArticle sends the rendering with its placeholders filled in.
func (h *Handler) sendArticle(w http.ResponseWriter, r *http.Request, e *articleEntry, views int) {
	text := string(h.Errors.Catalog.Printer(web.Locale(r.Context())).NHTML("news.views", views))
	count := strconv.Itoa(views)
	size := e.size
	for i := 1; i < len(e.parts); i += 2 {
		if string(e.parts[i]) == viewsText {
			size += len(text)
		} else {
			size += len(count)
		}
	}
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Length", strconv.Itoa(size))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	for i, p := range e.parts {
		switch {
		case i%2 == 0:
			_, _ = w.Write(p)
		case string(p) == viewsText:
			_, _ = w.Write([]byte(text))
		default:
			_, _ = w.Write([]byte(count))
		}
	}
}

// renderKept renders page with the view placeholders, keeps the rendering
// under key and returns it.
func (h *Handler) renderKept(r *http.Request, page *ArticlePage, key string, gen uint64) (*articleEntry, error) {
	page.ViewsText = template.HTML(viewsText)
	if st, ok := page.JSONLD["interactionStatistic"].(map[string]any); ok {
		st["userInteractionCount"] = viewsCount
	}
	rec := &recorder{header: http.Header{}}
	inner := r.Clone(r.Context())
	inner.Header.Del("If-None-Match")
	if err := h.Pages.Page(rec, inner, http.StatusOK, "news_article", "news", page); err != nil {
		return nil, err
	}
	e := &articleEntry{gen: gen, expires: time.Now().Add(articleCacheTTL), postID: page.Post.ID}
	body := bytes.Clone(rec.body.Bytes())
	count := []byte(`"` + viewsCount + `"`)
	for {
		i, j := bytes.Index(body, []byte(viewsText)), bytes.Index(body, count)
		if i < 0 && j < 0 {
			break
		}
		mark := []byte(viewsText)
		if i < 0 || j >= 0 && j < i {
			i, mark = j, []byte(viewsCount)
		}
		n := len(mark)
		if string(mark) == viewsCount {
			n += 2 // the quotes
		}
		e.parts = append(e.parts, body[:i], mark)
		e.size += i
		body = body[i+n:]
	}
	e.parts = append(e.parts, body)
	e.size += len(body)
	h.cache.put(key, e)
	h.cache.saw(page.Post.ID, page.Post.Views)
	return e, nil
}

// addView adds one view to post id and returns its new count.
func addView(ctx context.Context, d *db.DB, id int64) (int, error) {
	var n int
	err := d.Writer().QueryRowContext(ctx, d.Rebind(`UPDATE news_posts SET view_count = view_count + 1 WHERE id = ? RETURNING view_count`),
		id).Scan(&n)
	return n, db.NotFound(err)
}

// viewCount reads post id's view count.
func viewCount(ctx context.Context, q db.Querier, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT view_count FROM news_posts WHERE id = ?`, id).Scan(&n)
	return n, db.NotFound(err)
}

// recorder keeps what a handler writes.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
