package news

import (
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/web"
)

// GET /api/v1/news?tag=&cursor=&limit=: published posts, newest first.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	tag, err := tagParam(r.URL.Query().Get("tag"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	posts, err := Posts(ctx, h.DB.R(), web.SiteOf(ctx).ID, ListFilter{Tag: tag, PublicAt: h.Now(), After: after, Limit: limit})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if posts == nil {
		posts = []Post{}
	}
	if err := h.counts(ctx, posts); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var last int64
	if len(posts) > 0 {
		last = posts[len(posts)-1].ID
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: posts, Next: web.NextCursor(len(posts), limit, last)}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// GET /api/v1/news/{id}: a published post (editors also see the others).
func (h *Handler) apiOne(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return
	}
	p, err := PostByID(ctx, h.DB.R(), web.SiteOf(ctx).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if !p.PublicAt(h.Now()) && !auth.UserFrom(ctx).AtLeast(auth.Editor) {
		h.Errors.NotFound(w, r)
		return
	}
	one := []Post{*p}
	if err := h.counts(ctx, one); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: one[0]}); err != nil {
		h.Errors.Error(w, r, err)
	}
}
