package event

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	page := EventPage{View: h.view(e, web.SiteOf(ctx)), Description: news.MarkdownIn(e.Description, l),
		Agenda: news.MarkdownIn(e.Agenda, l), Minutes: news.MarkdownIn(e.Minutes, l), Form: f, Errors: map[string]string{},
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

func (h *Handler) icsOptions(r *http.Request) ICSOptions {
	l := web.Locale(r.Context())
	p := h.Errors.Catalog.Printer(l)
	site := web.SiteOf(r.Context())
	host := site.Host()
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
