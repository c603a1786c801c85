package inforeq

import (
	"context"
	"embed"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the feature's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Mailer queues an email in the transaction of the change that sends it.
type Mailer interface {
	Enqueue(ctx context.Context, tx *db.Tx, m mailer.Message) error
}

// Handler serves the desk: the request form and its receipt, the public
// register and a request's page, the person in charge's screen, the API
// and the Atom feed. Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Mail   Mailer // the requester's notices at each step; none when nil
	Now    func() time.Time

	limit *ratelimit.Limiter
}

// Routes registers the feature's routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	h.limit = ratelimit.New(time.Hour, 10, 10000)
	mux.HandleFunc("GET /information-requests", h.list)
	mux.HandleFunc("GET /information-requests/new", h.newForm)
	mux.HandleFunc("POST /information-requests/new", h.submit)
	mux.HandleFunc("GET /information-requests/{id}", h.page)
	mux.HandleFunc("GET /information-requests/{id}/receipt", h.receipt)
	mux.HandleFunc("GET /information-requests/{id}/handle", h.handleForm)
	mux.HandleFunc("POST /information-requests/{id}/handle", h.act)
	mux.HandleFunc("GET /feeds/information-requests.atom", h.feed)
	mux.HandleFunc("GET /api/v1/information-requests", h.apiList)
	mux.HandleFunc("GET /api/v1/information-requests/{id}", h.apiOne)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// today is the site's current day, what deadlines are compared with.
func (h *Handler) today(r *http.Request) time.Time {
	return Day(h.Now().In(web.SiteOf(r.Context()).Location))
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if err := h.Pages.Page(w, r, status, page, "information-requests", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// load reads the request named by the path; a hidden one is found too (its
// page says it was hidden).
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (*Request, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	req, err := ByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	req.MarkOverdue(h.today(r))
	return req, true
}

// bodyOf reads the body a request is addressed to.
func (h *Handler) bodyOf(ctx context.Context, siteID, orgID int64) (*Body, error) {
	bodies, err := Bodies(ctx, h.DB.R(), siteID)
	if err != nil {
		return nil, err
	}
	for i := range bodies {
		if bodies[i].OrganisationID == orgID {
			return &bodies[i], nil
		}
	}
	return &Body{OrganisationID: orgID}, nil
}

// mayHandle reports whether u may act on requests to body b: its person in
// charge, or an administrator of the site.
func mayHandle(u *auth.User, b *Body) bool {
	return u != nil && (b.OfficerID != 0 && b.OfficerID == u.ID || u.AtLeast(auth.Admin))
}
