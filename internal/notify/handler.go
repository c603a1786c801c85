package notify

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the feature's page and its partials: "follow_button" and
// "notify_prefs", offered to every page (give it to the renderer as
// web.Shared(notify.Templates)).
//
//go:embed templates/*.html
var Templates embed.FS

// Info is what the follow button and emails need of a target.
type Info struct {
	Title i18n.Text
	URL   string // path on the site
}

// Lookup finds a target of its kind on a site; it returns db.ErrNotFound
// when there is none.
type Lookup func(ctx context.Context, q db.Querier, siteID, id int64) (Info, error)

// Registry maps target kinds to their Lookup. Features register their
// kinds at wiring time; notify imports none of them.
type Registry struct {
	mu    sync.RWMutex
	kinds map[string]Lookup
}

// Register sets the Lookup of kind.
func (r *Registry) Register(kind string, fn Lookup) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.kinds == nil {
		r.kinds = map[string]Lookup{}
	}
	r.kinds[kind] = fn
}

// Find looks t up; an unregistered kind is db.ErrNotFound.
func (r *Registry) Find(ctx context.Context, q db.Querier, siteID int64, t Target) (Info, error) {
	r.mu.RLock()
	fn := r.kinds[t.Kind]
	r.mu.RUnlock()
	if fn == nil {
		return Info{}, db.ErrNotFound
	}
	return fn(ctx, q, siteID, t.ID)
}

// Button is the data of the "follow_button" partial.
type Button struct {
	Target    string // "commitment:12"
	Following bool
	SignedIn  bool
	Next      string // where to come back to
}

// ButtonFor returns the follow button of t for the request's person
// (ctx carries the site and the signed-in user); next is the page to come
// back to after following.
func ButtonFor(ctx context.Context, q db.Querier, t Target, next string) (Button, error) {
	b := Button{Target: t.String(), Next: next}
	u := auth.UserFrom(ctx)
	if u == nil {
		return b, nil
	}
	b.SignedIn = true
	var err error
	b.Following, err = IsFollowing(ctx, q, web.SiteOf(ctx).ID, u.ID, t)
	return b, err
}

// Prefs is the data of the "notify_prefs" partial on the account page.
type Prefs struct {
	Frequency Frequency
	Choices   []Frequency
}

// PrefsFor returns the notification settings of user, for the account page.
func PrefsFor(ctx context.Context, q db.Querier, userID int64) (any, error) {
	f, err := FrequencyOf(ctx, q, userID)
	if err != nil {
		return nil, err
	}
	return &Prefs{Frequency: f, Choices: Frequencies}, nil
}

// Handler serves following, the notification settings and unsubscribe
// links.
type Handler struct {
	DB      *db.DB
	Pages   *web.Renderer
	Errors  *web.Errors
	Targets *Registry
	Now     func() time.Time // the clock of rate limits; time.Now when nil

	limitOnce sync.Once
	limit     *ratelimit.Limiter
}

// Routes registers the feature's routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /follow", h.follow)
	mux.HandleFunc("POST /unfollow", h.follow)
	mux.HandleFunc("POST /account/notifications", auth.Require(auth.Citizen, h.Errors, h.savePrefs))
	mux.HandleFunc("GET /unsubscribe/{token}", h.unsubscribeForm)
	mux.HandleFunc("POST /unsubscribe/{token}", h.unsubscribe)
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// limiter bounds follows and unfollows per person: 20 at once, then one
// every 3 seconds.
func (h *Handler) limiter() *ratelimit.Limiter {
	h.limitOnce.Do(func() { h.limit = ratelimit.New(3*time.Second, 20, 100_000) })
	return h.limit
}

// Page is the data of the notify_page template.
type Page struct {
	Title  string // message keys
	Body   string
	Alert  bool
	Action string // set: the unsubscribe confirmation form posts there
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, p Page) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, "notify_page", "", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// follow handles POST /follow and POST /unfollow: target and next from the
// form. Without a session it sends the visitor to sign in and come back.
func (h *Handler) follow(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	t, err := ParseTarget(f.Get("target"))
	if err != nil {
		h.Errors.BadRequest(w, r, "notify.error.bad_target")
		return
	}
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	info, err := h.Targets.Find(ctx, h.DB.R(), siteID, t)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	next := web.LocalTarget(f.Get("next"))
	if next == "" {
		next = info.URL
	}
	u := auth.UserFrom(ctx)
	if u == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if !h.limiter().Allow(strconv.FormatInt(u.ID, 10), h.now()) {
		h.page(w, r, http.StatusTooManyRequests, Page{Title: "notify.limited.title", Body: "notify.limited.body", Alert: true})
		return
	}
	following := r.URL.Path == "/follow"
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if following {
			return Follow(ctx, tx, siteID, u.ID, t)
		}
		return Unfollow(ctx, tx, siteID, u.ID, t)
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.RedirectLocal(w, next, info.URL)
}

func (h *Handler) savePrefs(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	freq := Frequency(f.Get("frequency"))
	if !freq.Valid() {
		h.Errors.BadRequest(w, r, "notify.error.bad_frequency")
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if err := h.DB.InTx(ctx, func(tx *db.Tx) error { return SetFrequency(ctx, tx, u.ID, freq) }); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/account#notify-prefs-h", http.StatusSeeOther)
}

// unsubscribeForm shows what the link does and a button: a GET (a mail
// scanner following links) changes nothing.
func (h *Handler) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	// The token is in the URL: keep it out of the Referer of any link followed.
	w.Header().Set("Referrer-Policy", "no-referrer")
	if _, err := tokenUser(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, token); err != nil {
		h.tokenError(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, Page{Title: "notify.unsubscribe.title", Body: "notify.unsubscribe.body",
		Action: "/unsubscribe/" + url.PathEscape(token)})
}

// unsubscribe turns every notification email off. Mail clients post here
// for RFC 8058 one-click unsubscription (body List-Unsubscribe=One-Click),
// without a session or any other field.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	w.Header().Set("Referrer-Policy", "no-referrer")
	ctx := r.Context()
	err := h.DB.InTx(ctx, func(tx *db.Tx) error { return Unsubscribe(ctx, tx, web.SiteOf(ctx).ID, token) })
	if err != nil {
		h.tokenError(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, Page{Title: "notify.unsubscribed.title", Body: "notify.unsubscribed.body"})
}

func (h *Handler) tokenError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrBadToken) {
		h.page(w, r, http.StatusNotFound, Page{Title: "notify.bad_link.title", Body: "notify.bad_link.body", Alert: true})
		return
	}
	h.Errors.Error(w, r, err)
}
