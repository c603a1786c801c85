package petition

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Mailer queues an email in the transaction of the change that sends it.
type Mailer interface {
	Enqueue(ctx context.Context, tx *db.Tx, m mailer.Message) error
}

// Handler serves the public petition pages, signing, the API and the feed.
// Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Mail   Mailer
	Keys   *Keys
	Now    func() time.Time
	Log    *slog.Logger

	byAddress *ratelimit.Limiter // signatures and drafts per client address
	byDomain  *ratelimit.Limiter // signatures per email domain
}

// Routes registers the feature's routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	h.byAddress = ratelimit.New(time.Minute, 10, 10000)
	h.byDomain = ratelimit.New(time.Second, 120, 10000)
	mux.HandleFunc("GET /petitions", h.list)
	mux.HandleFunc("GET /petitions/new", auth.Require(auth.Citizen, h.Errors, h.newPage))
	mux.HandleFunc("POST /petitions/new", auth.Require(auth.Citizen, h.Errors, h.create))
	mux.HandleFunc("GET /petitions/{id}", h.page)
	mux.HandleFunc("GET /petitions/{id}/dossier", h.dossier)
	mux.HandleFunc("POST /petitions/{id}/publish", auth.Require(auth.Citizen, h.Errors, h.publish))
	mux.HandleFunc("POST /petitions/{id}/sign", h.sign)
	mux.HandleFunc("GET /petitions/signatures/confirm", h.confirmPage)
	mux.HandleFunc("POST /petitions/signatures/confirm", h.confirm)
	mux.HandleFunc("POST /petitions/{id}/cosponsors", auth.Require(auth.Citizen, h.Errors, h.invite))
	mux.HandleFunc("GET /petitions/cosponsors/accept", h.acceptPage)
	mux.HandleFunc("POST /petitions/cosponsors/accept", h.accept)
	mux.HandleFunc("GET /petitions/signatures/unfollow", h.unfollowPage)
	mux.HandleFunc("POST /petitions/signatures/unfollow", h.unfollow)
	mux.HandleFunc("GET /petitions/signatures/withdraw", h.withdrawPage)
	mux.HandleFunc("POST /petitions/signatures/withdraw", h.withdraw)
	mux.HandleFunc("GET /feeds/petitions.atom", h.feed)
	mux.HandleFunc("GET /api/v1/petitions", h.apiList)
	mux.HandleFunc("GET /api/v1/petitions/{id}", h.apiOne)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if err := h.Pages.Page(w, r, status, page, "petitions", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// load returns the petition of the path's id when the request may see it:
// a draft only for its agent; others get 404.
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (*Petition, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	p, err := ByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	if !p.State.Public() {
		if u := auth.UserFrom(r.Context()); u == nil || u.ID != p.AgentID {
			h.Errors.NotFound(w, r)
			return nil, false
		}
	}
	return p, true
}

// View is a petition with where it stands, for pages, the API and the feed.
type View struct {
	*Petition
	Ref       LegalRef
	Req       Requirement
	Progress  Progress
	Divisions []DivisionView
	Open      bool
	Due       time.Time // the bureau's decision is due (filed petitions)
	Late      bool      // and is late
	URL       string
}

// DivisionView is a division with its progress.
type DivisionView struct {
	Division
	DivisionProgress
}

// views measures petitions against the site's divisions.
func (h *Handler) views(ctx context.Context, ps []Petition) ([]View, []Division, error) {
	site := web.SiteOf(ctx)
	divs, err := Divisions(ctx, h.DB.R(), site.ID)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(divs))
	for i, d := range divs {
		ids[i] = d.ID
	}
	pids := make([]int64, len(ps))
	for i := range ps {
		pids[i] = ps[i].ID
	}
	counts, err := Counts(ctx, h.DB.R(), pids...)
	if err != nil {
		return nil, nil, err
	}
	now := h.Now()
	out := make([]View, len(ps))
	for i := range ps {
		p := &ps[i]
		v := View{Petition: p, Ref: p.Level.Reference(), Req: p.Requirement(), Open: p.Open(now), URL: "/petitions/" + itoa(p.ID)}
		v.Progress = Measure(v.Req, ids, counts[p.ID])
		for j, d := range divs {
			v.Divisions = append(v.Divisions, DivisionView{Division: d, DivisionProgress: v.Progress.Divisions[j]})
		}
		if !p.FiledAt.IsZero() {
			filed := p.FiledAt.In(site.Location)
			v.Due = p.Level.DecisionDue(filed)
			v.Late = p.Level.DecisionLate(filed, p.DecidedAt.Time, now)
		}
		out[i] = v
	}
	return out, divs, nil
}

// ListPage is what /petitions shows.
type ListPage struct {
	Petitions []View
	Mine      []Petition // the signed-in person's drafts
	SignedIn  bool
	Ref       LegalRef
	Req       Requirement
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	ps, err := List(ctx, h.DB.R(), site.ID, Filter{Limit: 200})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	views, _, err := h.views(ctx, ps)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	s, err := LoadSettings(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := ListPage{Petitions: views, Ref: s.Level.Reference(), Req: s.Requirement()}
	if u := auth.UserFrom(ctx); u != nil {
		page.SignedIn = true
		if page.Mine, err = List(ctx, h.DB.R(), site.ID, Filter{State: Draft, Agent: u.ID, Limit: 50}); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "private, no-store")
	}
	h.render(w, r, http.StatusOK, "petitions_list", page)
}

// Page is what /petitions/{id} shows.
type Page struct {
	View
	Timeline []Event
	IsAgent  bool
	Form     *web.Form
	Errors   map[string]string
	Notice   string // after signing: "pending"; after confirming: "confirmed"
	CNDP     string
	Bases    []Basis
	// Cosponsors are the accepted members of the committee for everyone,
	// and every invitation (with its address) for the agent.
	Cosponsors []Cosponsor
	Invited    bool // the agent just invited someone
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	notice := r.URL.Query().Get("signed")
	if notice != "pending" {
		notice = ""
	}
	h.show(w, r, http.StatusOK, p, web.NewForm(nil), notice)
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request, status int, p *Petition, f *web.Form, notice string) {
	ctx := r.Context()
	views, _, err := h.views(ctx, []Petition{*p})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	tl, err := Timeline(ctx, h.DB.R(), p.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	s, err := LoadSettings(ctx, h.DB.R(), p.SiteID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	page := Page{View: views[0], Timeline: tl, Form: f, Errors: map[string]string{}, Notice: notice, CNDP: s.CNDPNumber, Bases: Bases}
	for field, key := range f.Errors {
		page.Errors[field] = pr.T(key, f.ErrorArgs(field)...)
	}
	if u := auth.UserFrom(ctx); u != nil && u.ID == p.AgentID {
		page.IsAgent = true
	}
	committee, err := Cosponsors(ctx, h.DB.R(), p.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	for _, c := range committee {
		if page.IsAgent {
			page.Cosponsors = append(page.Cosponsors, c)
		} else if c.Accepted {
			page.Cosponsors = append(page.Cosponsors, Cosponsor{Name: c.Name, Accepted: true}) // never the address
		}
	}
	page.Invited = page.IsAgent && r.URL.Query().Get("invited") == "1"
	if notice != "" || page.IsAgent || status != http.StatusOK || !p.State.Public() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	h.render(w, r, status, "petition_page", page)
}

// siteName is the site's name in l, or the catalogue's default.
func siteName(site web.SiteInfo, p *i18n.Printer, l i18n.Locale) string {
	if n := site.Name.In(l); n != "" {
		return n
	}
	return p.T("site.name")
}
