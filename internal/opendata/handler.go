package opendata

import (
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves /data, /data/api and /robots.txt. Everything here is
// public and the page cache may keep it: /data changes with the site's
// plans, consultations and tags, which are writes that invalidate it.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
	api    *APIRef
}

// New makes the handler; openapi is the OpenAPI document the API reference
// is rendered from, read once here.
func New(d *db.DB, pages *web.Renderer, errs *web.Errors, now func() time.Time, openapi []byte) (*Handler, error) {
	ref, err := ParseAPIRef(openapi)
	if err != nil {
		return nil, err
	}
	return &Handler{DB: d, Pages: pages, Errors: errs, Now: now, api: ref}, nil
}

// Routes registers the pages.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /data", h.data)
	mux.HandleFunc("GET /data/api", h.apiRef)
	mux.HandleFunc("GET /robots.txt", robots)
}

// DataPage is what /data shows.
type DataPage struct {
	Sections []Section
}

func (h *Handler) data(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sections, err := Downloads(ctx, h.DB.R(), web.SiteOf(ctx).ID, h.Now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Pages.Page(w, r, http.StatusOK, "opendata_data", "data", DataPage{Sections: sections}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) apiRef(w http.ResponseWriter, r *http.Request) {
	if err := h.Pages.Page(w, r, http.StatusOK, "opendata_api", "data", h.api); err != nil {
		h.Errors.Error(w, r, err)
	}
}
