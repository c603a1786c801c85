package account

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// join records the signed-in person's request to join the organisation and
// sends them back to its page, which then says the request is pending. An
// anonymous visitor is sent to sign in first, and back to the page after.
func (h *OrgAdmin) join(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	id, ok := idParam(r, "id")
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	page := "/organisations/" + strconv.FormatInt(id, 10)
	u := auth.UserFrom(ctx)
	switch {
	case u == nil:
		http.Redirect(w, r, "/login?next="+url.QueryEscape(page), http.StatusSeeOther)
		return
	case u.SiteID != site.ID:
		h.Errors.Forbidden(w, r)
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := RequestMembership(ctx, tx, site.ID, u.ID, id)
		return err
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, page+"#join", http.StatusSeeOther)
}
