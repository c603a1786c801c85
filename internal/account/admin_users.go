package account

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// UserAdmin serves the administration of people and their roles, for
// administrators only.
type UserAdmin struct {
	DB       *db.DB
	Pages    *web.Renderer
	Errors   *web.Errors
	PageSize int // rows per list page; 50 when 0
}

// Routes registers the routes.
func (h *UserAdmin) Routes(mux *http.ServeMux) {
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.Require(auth.Admin, h.Errors, f) }
	mux.HandleFunc("GET /admin/users", admin(h.list))
	mux.HandleFunc("GET /admin/users/{id}", admin(h.show))
	mux.HandleFunc("POST /admin/users/{id}", admin(h.setRole))
}

func (h *UserAdmin) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, page, "admin", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// usersPage is what the list of users shows.
type usersPage struct {
	Query string
	Users []UserSummary
	Total int
	Pager pager
}

func (h *UserAdmin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	page, ok := pageParam(q)
	if !ok {
		h.Errors.BadRequest(w, r, "error.invalid_filter", "Name", "page")
		return
	}
	query := strings.TrimSpace(q.Get("q"))
	if len([]rune(query)) > MaxUserQueryLen {
		h.Errors.BadRequest(w, r, "error.invalid_filter", "Name", "q")
		return
	}
	size := h.PageSize
	if size <= 0 {
		size = 50
	}
	users, total, err := SearchUsers(ctx, h.DB.R(), web.SiteOf(ctx).ID, query, (page-1)*size, size)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "siteadmin_users", usersPage{Query: query, Users: users, Total: total,
		Pager: newPager(r.URL, page, size, total)})
}

// userPage is what one user's page shows.
type userPage struct {
	User        *UserSummary
	Memberships []Membership
	Roles       []auth.Role
	Role        string // the role in the form
	Error       string // message key of the role field's failure
	Notice      string
	Self        bool // the administrator is looking at their own account
}

func (h *UserAdmin) show(w http.ResponseWriter, r *http.Request) {
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	p.Notice = notices[r.URL.Query().Get("done")]
	h.render(w, r, http.StatusOK, "siteadmin_user", p)
}

func (h *UserAdmin) load(w http.ResponseWriter, r *http.Request) (*userPage, bool) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	id, ok := idParam(r, "id")
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	u, err := UserSummaryByID(ctx, h.DB.R(), siteID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	ms, err := MembershipsOfUser(ctx, h.DB.R(), siteID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	me := auth.UserFrom(ctx)
	return &userPage{User: u, Memberships: ms, Roles: auth.Roles, Role: string(u.Role), Self: me != nil && me.ID == u.ID}, true
}

// setRole changes the user's role. An unknown role, or demoting the site's
// last administrator, re-renders the page with 422 and a message by the
// field; a deleted user has no role to change (404).
func (h *UserAdmin) setRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if p.User.Deleted() {
		h.Errors.NotFound(w, r)
		return
	}
	role := auth.Role(f.Get("role"))
	p.Role = string(role)
	if !role.Valid() {
		p.Error = "siteadmin.error.role"
		h.render(w, r, http.StatusUnprocessableEntity, "siteadmin_user", p)
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		return AssignRole(ctx, tx, web.SiteOf(ctx).ID, auth.UserFrom(ctx), p.User.ID, role)
	})
	switch {
	case errors.Is(err, ErrLastAdmin):
		p.Error = "siteadmin.error.last_admin"
		h.render(w, r, http.StatusUnprocessableEntity, "siteadmin_user", p)
		return
	case err != nil && !errors.Is(err, ErrNoChange):
		h.Errors.Error(w, r, err)
		return
	}
	seeOther(w, r, "/admin/users/"+strconv.FormatInt(p.User.ID, 10), "role")
}
