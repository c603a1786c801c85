package account

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// OrgAdmin serves the administration of organisations (profiles,
// verification, membership requests) and the public request to join one.
// Every admin route is for administrators only, checked here on the server.
type OrgAdmin struct {
	DB       *db.DB
	Pages    *web.Renderer
	Errors   *web.Errors
	Now      func() time.Time
	PageSize int // rows per list page; 50 when 0
}

// Routes registers the routes.
func (h *OrgAdmin) Routes(mux *http.ServeMux) {
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.Require(auth.Admin, h.Errors, f) }
	mux.HandleFunc("POST /organisations/{id}/join", h.join)
	mux.HandleFunc("GET /admin/organisations", admin(h.list))
	mux.HandleFunc("GET /admin/organisations/new", admin(h.newForm))
	mux.HandleFunc("POST /admin/organisations/new", admin(h.create))
	mux.HandleFunc("GET /admin/organisations/{id}/edit", admin(h.edit))
	mux.HandleFunc("POST /admin/organisations/{id}/edit", admin(h.update))
	mux.HandleFunc("POST /admin/organisations/{id}/verify", admin(h.verify))
	mux.HandleFunc("GET /admin/organisations/{id}/members", admin(h.members))
	mux.HandleFunc("POST /admin/organisations/{id}/members", admin(h.decide))
}

func (h *OrgAdmin) pageSize() int {
	if h.PageSize > 0 {
		return h.PageSize
	}
	return 50
}

// orgListPage is what the list of organisations shows.
type orgListPage struct {
	Rows    []OrgRow
	Total   int
	Filter  OrgFilter
	Filters []OrgFilter
	Pager   pager
}

func (h *OrgAdmin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	filter := OrgFilter(q.Get("show"))
	switch filter {
	case OrgsAll, OrgsUnverified, OrgsPending:
	default:
		h.Errors.BadRequest(w, r, "error.invalid_filter", "Name", "show")
		return
	}
	page, ok := pageParam(q)
	if !ok {
		h.Errors.BadRequest(w, r, "error.invalid_filter", "Name", "page")
		return
	}
	size := h.pageSize()
	rows, total, err := AdminOrganisations(ctx, h.DB.R(), web.SiteOf(ctx).ID, filter, (page-1)*size, size)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "org_list", orgListPage{Rows: rows, Total: total, Filter: filter, Filters: OrgFilters,
		Pager: newPager(r.URL, page, size, total)})
}

func (h *OrgAdmin) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, page, "admin", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// pager is the data of the layout's "pager" partial: links to the previous
// and next pages, "" when there is none.
type pager struct{ Prev, Next string }

// newPager links the pages of a list of total rows, size a page, around
// page (from 1), keeping the rest of the query.
func newPager(u *url.URL, page, size, total int) pager {
	link := func(n int) string {
		q := u.Query()
		q.Del("lang")
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return u.Path
		}
		return u.Path + "?" + q.Encode()
	}
	var p pager
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page*size < total {
		p.Next = link(page + 1)
	}
	return p
}

// pageParam reads ?page= (from 1; 1 when absent).
func pageParam(q url.Values) (int, bool) {
	s := q.Get("page")
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 100000
}

// idParam reads a positive integer path value.
func idParam(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// notices maps the ?done= of a redirect after a change to its message.
var notices = map[string]string{
	"created":   "org.notice.created",
	"saved":     "org.notice.saved",
	"verified":  "org.notice.verified",
	"withdrawn": "org.notice.withdrawn",
	"approve":   "org.notice.approved",
	"reject":    "org.notice.rejected",
	"remove":    "org.notice.removed",
	"role":      "siteadmin.notice.role",
}

// seeOther redirects after a successful POST, with ?done= for the notice.
func seeOther(w http.ResponseWriter, r *http.Request, path, done string) {
	if done != "" {
		path += "?done=" + url.QueryEscape(done)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}
