package site

import (
	"net/http"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// API serves the installation's list of sites under /api/v1 (documented in
// internal/server/openapi.json).
type API struct {
	DB     *db.DB
	Errors *web.Errors
}

// Routes registers the API's routes.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/sites", a.sites)
}

// SiteItem is a site as the API lists it: its public identity only, not its
// host name or configuration.
type SiteItem struct {
	ID       int64     `json:"id"`
	Slug     string    `json:"slug"`
	Name     i18n.Text `json:"name"`
	Timezone string    `json:"timezone"`
	IsDemo   bool      `json:"is_demo"`
}

// sites lists every site of the installation: an installation has a handful,
// so the list is one page ("next" is always null) in the usual envelope.
func (a *API) sites(w http.ResponseWriter, r *http.Request) {
	all, err := All(r.Context(), a.DB.R())
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	items := make([]SiteItem, 0, len(all))
	for _, s := range all {
		items = append(items, SiteItem{ID: s.ID, Slug: s.Slug, Name: s.Name, Timezone: s.Timezone, IsDemo: s.IsDemo})
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: items}); err != nil {
		a.Errors.Error(w, r, err)
	}
}
