package site

import (
	"context"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Privacy serves GET /privacy: the notice Law 09-08 on the protection of
// personal data asks of the council — who is responsible, what is
// collected and why, who receives it, how long it is kept, the rights of
// the people concerned and how to use them — with the number of the
// site's declaration to, or authorisation by, the CNDP from the settings.
// Its text is the catalogue's default, in the reader's language.
type Privacy struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
}

// Routes registers the page.
func (h *Privacy) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /privacy", h.page)
}

// PrivacyPage is what /privacy shows beside the site's contact details.
type PrivacyPage struct {
	CNDPNumber string // "" when the settings give none
}

func (h *Privacy) page(w http.ResponseWriter, r *http.Request) {
	s, err := ByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Pages.Page(w, r, http.StatusOK, "privacy", "privacy", PrivacyPage{CNDPNumber: s.CNDPNumber}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// SitemapPages lists the site's own public pages for /sitemap.xml: the
// privacy notice.
func SitemapPages(_ context.Context, _ db.Querier, _ int64, now time.Time) ([]news.SitemapEntry, error) {
	return []news.SitemapEntry{{Path: "/privacy", LastMod: now}}, nil
}
