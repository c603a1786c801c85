package event

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Mailer queues an email in the transaction of the change that sends it, so
// that it goes out only if the change is committed.
type Mailer interface {
	Enqueue(ctx context.Context, tx *db.Tx, m mailer.Message) error
}

// Handler serves the public event pages, the iCalendar files, the API and
// registration. Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Mail   Mailer
	Now    func() time.Time
	Log    *slog.Logger
	// Thread shows the comments of an event on its page; none when nil.
	Thread Thread

	limit *ratelimit.Limiter
}

// Routes registers the feature's public routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	h.limit = ratelimit.New(time.Minute, 10, 10000)
	mux.HandleFunc("GET /events", h.list)
	mux.HandleFunc("GET /events/{id}", h.event) // also /events/{id}.ics
	mux.HandleFunc("POST /events/{id}/register", h.register)
	mux.HandleFunc("POST /events/{id}/cancel", h.cancelOwn)
	mux.HandleFunc("GET /events/registrations/confirm", h.confirmPage)
	mux.HandleFunc("POST /events/registrations/confirm", h.confirm)
	mux.HandleFunc("GET /events/registrations/cancel", h.cancelPage)
	mux.HandleFunc("POST /events/registrations/cancel", h.cancel)
	mux.HandleFunc("GET /feeds/events.ics", h.feed)
	mux.HandleFunc("GET /api/v1/events", h.apiList)
	mux.HandleFunc("GET /api/v1/events/{id}", h.apiOne)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// ListPage is what /events shows.
type ListPage struct {
	Upcoming []View
	Past     []View
}

// View is an event with its times in its own zone, for pages.
type View struct {
	*Event
	Start, End time.Time
	Zone       string
	Closes     time.Time
	IsPast     bool
	Open       bool
}

func (h *Handler) view(e *Event, site web.SiteInfo) View {
	loc := e.Location(site.Location)
	now := h.Now()
	return View{Event: e, Start: e.StartsAt.In(loc), End: e.EndsAt.In(loc), Zone: loc.String(), Closes: e.Closes().In(loc),
		IsPast: e.Past(now), Open: e.RegistrationOpen(now)}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	now := h.Now()
	up, err := List(ctx, h.DB.R(), site.ID, Filter{Upcoming: &now, Limit: 100})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	past, err := List(ctx, h.DB.R(), site.ID, Filter{Past: &now, Limit: 50})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var page ListPage
	for i := range up {
		page.Upcoming = append(page.Upcoming, h.view(&up[i], site))
	}
	for i := range past {
		page.Past = append(page.Past, h.view(&past[i], site))
	}
	h.render(w, r, http.StatusOK, "events_list", page)
}

// EventPage is what /events/{id} shows.
type EventPage struct {
	View
	Description template.HTML
	Agenda      template.HTML
	Minutes     template.HTML
	Form        *web.Form
	Errors      map[string]string // field -> message
	Mine        *Registration     // the signed-in person's registration, if any
	Notice      string            // after a registration: pending, confirmed, waiting, cancelled
	SignedIn    bool
	URL         string
	JSONLD      map[string]any // schema.org Event
	Thread      any            // the comment thread, for the "comment_thread" partial; nil without comments
}

func (h *Handler) event(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("id")
	if strings.HasSuffix(raw, ".ics") {
		h.eventICS(w, r, strings.TrimSuffix(raw, ".ics"))
		return
	}
	e, ok := h.load(w, r, raw)
	if !ok {
		return
	}
	notice := r.URL.Query().Get("registered")
	switch notice {
	case "", string(Pending), string(Confirmed), string(Waiting), string(Cancelled):
	default:
		notice = ""
	}
	h.page(w, r, http.StatusOK, e, web.NewForm(nil), notice)
}

func (h *Handler) load(w http.ResponseWriter, r *http.Request, raw string) (*Event, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	e, err := ByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	return e, true
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, e *Event, f *web.Form, notice string) {
	ctx := r.Context()
	l := web.Locale(ctx)
	p := h.Errors.Catalog.Printer(l)
	page := EventPage{View: h.view(e, web.SiteOf(ctx)), Description: news.Markdown(e.Description.In(l)),
		Agenda: news.Markdown(e.Agenda.In(l)), Minutes: news.Markdown(e.Minutes.In(l)), Form: f, Errors: map[string]string{},
		Notice: notice, URL: "/events/" + itoa(e.ID)}
	page.JSONLD = eventLD(e, l, news.Origin(r)+page.URL)
	for field, key := range f.Errors {
		page.Errors[field] = p.T(key, f.ErrorArgs(field)...)
	}
	if u := auth.UserFrom(ctx); u != nil {
		page.SignedIn = true
		mine, err := RegistrationOfUser(ctx, h.DB.R(), e.ID, u.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		if mine != nil && mine.Status != Cancelled {
			page.Mine = mine
		}
	}
	if h.Thread != nil {
		var err error
		if page.Thread, err = h.Thread(r, e.ID); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
	}
	// The page shows live counts and, after a post, one person's notice.
	if notice != "" || page.SignedIn || status != http.StatusOK {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	h.render(w, r, status, "event_page", page)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if err := h.Pages.Page(w, r, status, page, "events", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

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
		case utf8.RuneCountInString(name) > 120:
			f.Fail("name", "event.error.name_too_long")
		}
		if email == "" {
			f.Fail("email", "form.required")
		} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
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
		if err != nil {
			return err
		}
		if userID == 0 {
			return h.send(ctx, tx, r, reg, e, "event.mail.confirm", h.siteURL(r, "/events/registrations/confirm", "token", token))
		}
		return h.send(ctx, tx, r, reg, e, "event.mail."+string(reg.Status), h.siteURL(r, "/events/registrations/cancel", "token", token))
	})
	switch {
	case err == nil:
		http.Redirect(w, r, "/events/"+itoa(e.ID)+"?registered="+string(reg.Status), http.StatusSeeOther)
		return
	case errors.Is(err, ErrDuplicate):
		field := "email"
		if userID > 0 {
			field = "register"
		}
		f.Fail(field, "event.error.duplicate")
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

func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request) {
	p := h.Errors.Catalog.Printer(web.Locale(r.Context()))
	h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.confirm.title"), Body: p.T("event.confirm.body"),
		Action: "/events/registrations/confirm", Button: p.T("event.confirm.button"), Token: r.URL.Query().Get("token")})
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

func (h *Handler) cancelPage(w http.ResponseWriter, r *http.Request) {
	p := h.Errors.Catalog.Printer(web.Locale(r.Context()))
	h.notice(w, r, http.StatusOK, NoticePage{Title: p.T("event.cancel.title"), Body: p.T("event.cancel.body"),
		Action: "/events/registrations/cancel", Button: p.T("event.cancel.button"), Token: r.URL.Query().Get("token")})
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
// links. When the site has a configured host name it is used rather than the
// request's Host header, which a client chooses.
func (h *Handler) siteURL(r *http.Request, path string, query ...string) string {
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	var configured string
	err := h.DB.R().QueryRowContext(r.Context(), `SELECT host FROM sites WHERE id = ?`, web.SiteOf(r.Context()).ID).Scan(&configured)
	if err == nil && configured != "" {
		reqHost := host
		if i := strings.LastIndexByte(reqHost, ':'); i >= 0 && !strings.HasSuffix(reqHost, "]") {
			reqHost = reqHost[:i]
		}
		if !strings.EqualFold(reqHost, configured) {
			host, scheme = configured, "https"
		}
	}
	u := url.URL{Scheme: scheme, Host: host, Path: path}
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// iCalendar.

func (h *Handler) icsOptions(r *http.Request) ICSOptions {
	l := web.Locale(r.Context())
	p := h.Errors.Catalog.Printer(l)
	host := r.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	site := web.SiteOf(r.Context())
	name := site.Name.In(l)
	if name == "" {
		name = p.T("site.name")
	}
	return ICSOptions{Locale: l, Origin: news.Origin(r), Host: host, Name: name + " — " + p.T("event.title"),
		Kinds: func(k Kind) string { return p.T("event.kind." + string(k)) }}
}

func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request, raw string) {
	e, ok := h.load(w, r, raw)
	if !ok {
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="event-`+itoa(e.ID)+`.ics"`)
	web.Send(w, r, http.StatusOK, "text/calendar; charset=utf-8", ICS([]Event{*e}, h.icsOptions(r)))
}

// GET /feeds/events.ics: the events of the last year and every one to come.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	since := h.Now().AddDate(-1, 0, 0)
	events, err := List(ctx, h.DB.R(), web.SiteOf(ctx).ID, Filter{Upcoming: &since, Limit: 500})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "text/calendar; charset=utf-8", ICS(events, h.icsOptions(r)))
}

// API.

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	events, err := List(ctx, h.DB.R(), web.SiteOf(ctx).ID, Filter{After: after, Limit: limit})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if events == nil {
		events = []Event{}
	}
	var last int64
	if len(events) > 0 {
		last = events[len(events)-1].ID
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: events, Next: web.NextCursor(len(events), limit, last)}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) apiOne(w http.ResponseWriter, r *http.Request) {
	e, ok := h.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: e}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// SitemapPages lists every event page of the site for /sitemap.xml.
func SitemapPages(ctx context.Context, q db.Querier, siteID int64, _ time.Time) ([]news.SitemapEntry, error) {
	var out []news.SitemapEntry
	var after int64
	for {
		events, err := List(ctx, q, siteID, Filter{After: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			out = append(out, news.SitemapEntry{Path: "/events/" + itoa(e.ID), LastMod: e.UpdatedAt.Time})
		}
		if len(events) < 500 {
			return out, nil
		}
		after = events[len(events)-1].ID
	}
}

// eventLD is the schema.org description of an event, for search engines.
func eventLD(e *Event, l i18n.Locale, url string) map[string]any {
	d := map[string]any{
		"@context": "https://schema.org", "@type": "Event", "name": e.Title.In(l), "url": url,
		"startDate": e.StartsAt.UTC().Format(time.RFC3339), "endDate": e.EndsAt.UTC().Format(time.RFC3339),
		"eventStatus": "https://schema.org/EventScheduled", "inLanguage": string(l),
	}
	var locations []any
	if place := e.Place.In(l); place != "" {
		locations = append(locations, map[string]any{"@type": "Place", "name": place, "address": place})
	}
	if e.OnlineURL != "" {
		locations = append(locations, map[string]any{"@type": "VirtualLocation", "url": e.OnlineURL})
	}
	switch {
	case e.OnlineURL != "" && len(locations) == 2:
		d["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
	case e.OnlineURL != "":
		d["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	default:
		d["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
	}
	if len(locations) > 0 {
		d["location"] = locations
	}
	var orgs []any
	for _, o := range e.Organisers {
		orgs = append(orgs, map[string]any{"@type": "Organization", "name": o.Name.In(l)})
	}
	if len(orgs) > 0 {
		d["organizer"] = orgs
	}
	return d
}
