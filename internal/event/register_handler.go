package event

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// register: POST /events/{id}/register. Signed-in people register as
// themselves; guests give a name and an email address to confirm.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(ctx)
	var name, email string
	var userID int64
	if u != nil {
		userID, name, email = u.ID, u.Name, strings.ToLower(u.Email)
	} else {
		name, email = f.Get("name"), strings.ToLower(f.Get("email"))
		switch {
		case name == "":
			f.Fail("name", "form.required")
		case utf8.RuneCountInString(name) > MaxGuestNameLen:
			f.Fail("name", "event.error.name_too_long")
		}
		if email == "" {
			f.Fail("email", "form.required")
		} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > MaxGuestEmailLen {
			f.Fail("email", "event.error.email")
		}
	}
	now := h.Now()
	if !e.RegistrationOpen(now) {
		f.Fail("register", "event.error.closed")
	}
	if f.Valid() && !h.limit.Allow("event-register|"+ratelimit.ClientIP(r), time.Now()) {
		f.Fail("register", "event.error.rate_limited")
	}
	if !f.Valid() {
		h.page(w, r, http.StatusUnprocessableEntity, e, f, "")
		return
	}
	l := web.Locale(ctx)
	var reg *Registration
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var token string
		var err error
		reg, token, err = Register(ctx, tx, e, userID, name, email, string(l), now)
		switch {
		case err != nil:
			return err
		case userID > 0:
			return h.send(ctx, tx, r, reg, e, "event.mail."+string(reg.Status), h.siteURL(r, "/events/registrations/cancel", "token", token))
		case reg.Status == Pending:
			return h.send(ctx, tx, r, reg, e, "event.mail.confirm", h.siteURL(r, "/events/registrations/confirm", "token", token))
		default:
			// The address is already registered: its owner is told so,
			// with a cancellation link; the visitor is not.
			return h.send(ctx, tx, r, reg, e, "event.mail.already_"+string(reg.Status), h.siteURL(r, "/events/registrations/cancel", "token", token))
		}
	})
	switch {
	case err == nil && userID > 0:
		http.Redirect(w, r, "/events/"+itoa(e.ID)+"?registered="+string(reg.Status), http.StatusSeeOther)
		return
	case err == nil, userID == 0 && errors.Is(err, ErrDuplicate):
		// A guest gets the same answer whether the address was known or
		// not (a duplicate here is a registration made at the same moment).
		http.Redirect(w, r, "/events/"+itoa(e.ID)+"?registered="+string(Pending), http.StatusSeeOther)
		return
	case errors.Is(err, ErrDuplicate):
		f.Fail("register", "event.error.duplicate")
	case errors.Is(err, ErrClosed):
		f.Fail("register", "event.error.closed")
	default:
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, http.StatusUnprocessableEntity, e, f, "")
}

// cancelOwn: POST /events/{id}/cancel, a signed-in person's own registration.
func (h *Handler) cancelOwn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if u == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/events/"+r.PathValue("id")), http.StatusSeeOther)
		return
	}
	e, ok := h.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		_, promoted, err := CancelUser(ctx, tx, e, u.ID)
		if err != nil {
			return err
		}
		return h.mailPromoted(ctx, tx, r, e, promoted)
	})
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/events/"+itoa(e.ID)+"?registered=cancelled", http.StatusSeeOther)
}

func (h *Handler) mailPromoted(ctx context.Context, tx *db.Tx, r *http.Request, e *Event, promoted []Promoted) error {
	for _, p := range promoted {
		if err := h.send(ctx, tx, r, p.Registration, e, "event.mail.promoted", h.siteURL(r, "/events/registrations/cancel", "token", p.Cancel)); err != nil {
			return err
		}
	}
	return nil
}

// NoticePage is a registration link's page: a button that acts (links in
// emails are opened by scanners too, so a GET never changes anything), or
// the outcome.
type NoticePage struct {
	Title  string
	Body   string
	Action string // the form's action, "" for an outcome
	Button string
	Token  string
	Event  *Event
	Alert  bool
}

func (h *Handler) notice(w http.ResponseWriter, r *http.Request, status int, n NoticePage) {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	h.render(w, r, status, "event_notice", n)
}

// linkTarget returns the registration and the event of an emailed link's
// token, column being the hash it is checked against, without changing
// anything: the GET of a link only shows its button. An unknown or used
// link gives db.ErrNotFound.
func (h *Handler) linkTarget(ctx context.Context, column, token string) (*Registration, *Event, error) {
	reg, err := registrationByHash(ctx, h.DB.R(), column, hashToken(token))
	if err != nil {
		return nil, nil, err
	}
	e, err := ByID(ctx, h.DB.R(), web.SiteOf(ctx).ID, reg.EventID)
	if err != nil {
		return nil, nil, err
	}
	if reg.Status == Cancelled || column == "confirm_hash" && reg.Status != Pending {
		return nil, nil, db.ErrNotFound
	}
	return reg, e, nil
}

// confirmPage: GET /events/registrations/confirm?token=, the guest's link.
func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request) {
	p := h.Errors.Catalog.Printer(web.Locale(r.Context()))
	token := r.URL.Query().Get("token")
	_, e, err := h.linkTarget(r.Context(), "confirm_hash", token)
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: p.T("event.link_bad.title"), Body: p.T("event.link_bad.body"), Alert: true})
	case err != nil:
		h.Errors.Error(w, r, err)
	case !h.Now().Before(e.StartsAt.Time):
		h.notice(w, r, http.StatusConflict, NoticePage{Title: p.T("event.error.closed"), Body: p.T("event.link_closed.body"), Alert: true, Event: e})
	default:
		h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.confirm.title"), Body: p.T("event.confirm.body"),
			Action: "/events/registrations/confirm", Button: p.T("event.confirm.button"), Token: token, Event: e})
	}
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var reg *Registration
	var e *Event
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var cancel string
		var err error
		reg, e, cancel, err = Confirm(ctx, tx, web.SiteOf(ctx).ID, f.Get("token"), h.Now())
		if err != nil {
			return err
		}
		return h.send(ctx, tx, r, reg, e, "event.mail."+string(reg.Status), h.siteURL(r, "/events/registrations/cancel", "token", cancel))
	})
	switch {
	case err == nil:
		h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.notice." + string(reg.Status) + ".title"),
			Body: p.T("event.notice." + string(reg.Status) + ".body"), Event: e})
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: p.T("event.link_bad.title"), Body: p.T("event.link_bad.body"), Alert: true})
	case errors.Is(err, ErrClosed):
		h.notice(w, r, http.StatusConflict, NoticePage{Title: p.T("event.error.closed"), Body: p.T("event.link_closed.body"), Alert: true})
	default:
		h.Errors.Error(w, r, err)
	}
}

// cancelPage: GET /events/registrations/cancel?token=, the link sent with
// a place or a place on the waiting list.
func (h *Handler) cancelPage(w http.ResponseWriter, r *http.Request) {
	p := h.Errors.Catalog.Printer(web.Locale(r.Context()))
	token := r.URL.Query().Get("token")
	_, e, err := h.linkTarget(r.Context(), "cancel_hash", token)
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: p.T("event.link_bad.title"), Body: p.T("event.link_bad.body"), Alert: true})
	case err != nil:
		h.Errors.Error(w, r, err)
	default:
		h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.cancel.title"), Body: p.T("event.cancel.body"),
			Action: "/events/registrations/cancel", Button: p.T("event.cancel.button"), Token: token, Event: e})
	}
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var e *Event
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var promoted []Promoted
		var err error
		_, e, promoted, err = Cancel(ctx, tx, web.SiteOf(ctx).ID, f.Get("token"))
		if err != nil {
			return err
		}
		return h.mailPromoted(ctx, tx, r, e, promoted)
	})
	switch {
	case err == nil:
		h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.notice.cancelled.title"), Body: p.T("event.notice.cancelled.body"), Event: e})
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: p.T("event.link_bad.title"), Body: p.T("event.link_bad.body"), Alert: true})
	default:
		h.Errors.Error(w, r, err)
	}
}

// send queues the message key (subject and body) to the registration's
// address, in its language, with the link.
func (h *Handler) send(ctx context.Context, tx *db.Tx, r *http.Request, reg *Registration, e *Event, key, link string) error {
	l, ok := i18n.Parse(reg.Locale)
	if !ok {
		l = i18n.Default
	}
	p := h.Errors.Catalog.Printer(l)
	site := web.SiteOf(ctx)
	siteName := site.Name.In(l)
	if siteName == "" {
		siteName = p.T("site.name")
	}
	loc := e.Location(site.Location)
	args := []any{"Name", reg.Name, "Event", e.Title.In(l), "Date", p.DateTime(e.StartsAt.In(loc)), "Link", link,
		"Page", h.siteURL(r, "/events/"+itoa(e.ID)), "Site", siteName}
	return h.Mail.Enqueue(ctx, tx, mailer.Message{To: []string{reg.Email}, Subject: p.T(key+".subject", args...), Text: p.T(key+".body", args...)})
}

// siteURL is the absolute URL of path on the request's site for emailed
// links, from the site's configured public URL, never a request header.
func (h *Handler) siteURL(r *http.Request, path string, query ...string) string {
	return web.SiteOf(r.Context()).URL(path, query...)
}

// iCalendar.
