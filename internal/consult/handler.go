package consult

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves consultations: the public pages and their forms
// (proposals, supports, withdrawal), the report with its CSV and JSON
// exports, the administration (admin.go) and the JSON API (api.go).
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
	// Blocked, when set, says whether the site's moderation has barred a
	// person from contributing; nil bars nobody.
	Blocked func(ctx context.Context, siteID, userID int64) (bool, error)
	// Thread, when set, returns the first page of the comment thread on the
	// thing of kind with id, as the "comment_thread" partial takes it
	// (db.ErrNotFound when it has none); proposals show no thread when nil.
	Thread func(r *http.Request, kind string, id int64) (any, error)

	limits limits
}

// limits bound how often one person, and one address, may send proposals
// and supports.
type limits struct {
	proposalUser, proposalIP, supportUser, supportIP *ratelimit.Limiter
}

// Rate limits: bursts for a workshop where many people share one address,
// then a steady allowance.
func newLimits() limits {
	return limits{
		proposalUser: ratelimit.New(10*time.Minute, 5, 10000),
		proposalIP:   ratelimit.New(time.Minute, 30, 10000),
		supportUser:  ratelimit.New(5*time.Second, 30, 10000),
		supportIP:    ratelimit.New(time.Second, 120, 10000),
	}
}

// New returns the feature's handler.
func New(d *db.DB, pages *web.Renderer, errs *web.Errors, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	return &Handler{DB: d, Pages: pages, Errors: errs, Now: now, limits: newLimits()}
}

// Routes registers every route of the feature. Every /api/v1 pattern must be
// described in the OpenAPI document.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /consultations", h.list)
	mux.HandleFunc("GET /consultations/{id}", h.consultation)
	mux.HandleFunc("POST /consultations/{id}/proposals", auth.Require(auth.Citizen, h.Errors, h.submit))
	mux.HandleFunc("GET /consultations/{id}/report", h.report)
	mux.HandleFunc("GET /consultations/{id}/report.csv", h.reportCSV)
	mux.HandleFunc("GET /consultations/{id}/report.json", h.reportJSON)
	mux.HandleFunc("GET /proposals/{id}", h.proposal)
	mux.HandleFunc("POST /proposals/{id}/support", auth.Require(auth.Citizen, h.Errors, h.support))
	mux.HandleFunc("POST /proposals/{id}/withdraw", auth.Require(auth.Citizen, h.Errors, h.withdraw))
	h.adminRoutes(mux)
	h.apiRoutes(mux)
}

func (h *Handler) now() time.Time { return h.Now().UTC() }

// pathID reads a positive integer {id} from the path.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// load returns the {id} consultation for a public page: drafts are seen only
// by those who manage them. It answers 404 itself (ok false).
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (*Consultation, bool) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	c, err := ConsultationByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	if c.Phase == Draft && !CanManage(auth.UserFrom(r.Context()), c) {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	return c, true
}

func (h *Handler) printer(r *http.Request) *i18n.Printer {
	return h.Errors.Catalog.Printer(web.Locale(r.Context()))
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if auth.UserFrom(r.Context()) != nil || status != http.StatusOK {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	if err := h.Pages.Page(w, r, status, page, "consultations", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// ListPage is what /consultations shows.
type ListPage struct {
	Open, Upcoming, Closed []ConsultationView
}

// ConsultationView is a consultation with its dates in the site's time zone.
type ConsultationView struct {
	*Consultation
	Opens, Closes, ClosedOn time.Time
}

func view(c *Consultation, loc *time.Location) ConsultationView {
	v := ConsultationView{Consultation: c, Opens: c.OpensAt.In(loc), Closes: c.ClosesAt.In(loc)}
	if !c.ClosedAt.IsZero() {
		v.ClosedOn = c.ClosedAt.In(loc)
	}
	return v
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	site := web.SiteOf(r.Context())
	cs, err := Consultations(r.Context(), h.DB.R(), site.ID, false, 0, 1000, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var page ListPage
	for i := len(cs) - 1; i >= 0; i-- { // newest first
		v := view(&cs[i], site.Location)
		switch cs[i].Phase {
		case Open:
			page.Open = append(page.Open, v)
		case Upcoming:
			page.Upcoming = append(page.Upcoming, v)
		default:
			page.Closed = append(page.Closed, v)
		}
	}
	h.render(w, r, http.StatusOK, "consult_list", page)
}

// ConsultationPage is what /consultations/{id} shows.
type ConsultationPage struct {
	C         ConsultationView
	Proposals []ProposalView
	Figures   Figures
	// The submission form, for signed-in people while the consultation is open.
	SignedIn  bool
	CanSubmit bool
	Why       string // why the form is not offered (a message key), when signed in
	Form      *web.Form
	Kinds     []Kind
	Orgs      []OrgChoice // organisations the person may speak for
	Alert     string      // a message above the form (translated)
	CanManage bool
	Limits    Limits
	Follow    notify.Button // the follow button; no Target on a draft
}

// Limits are the bounds of a proposal, for the form's hints and messages.
type Limits struct{ MinTitle, MaxTitle, MinBody, MaxBody, MaxLinks int }

var proposalLimits = Limits{MinTitle, MaxTitle, MinBody, MaxBody, MaxLinks}

// ProposalView is a proposal as the pages show it.
type ProposalView struct {
	Proposal
	Paragraphs []string
}

func proposalView(p Proposal) ProposalView {
	return ProposalView{Proposal: p, Paragraphs: paragraphs(p.Body)}
}

// paragraphs splits a text typed by a person at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) consultation(w http.ResponseWriter, r *http.Request) {
	c, ok := h.load(w, r)
	if !ok {
		return
	}
	page, err := h.consultationPage(r, c, nil)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "consult_consultation", page)
}

// consultationPage gathers the page of c; f is the form as typed (nil for an
// empty one).
func (h *Handler) consultationPage(r *http.Request, c *Consultation, f *web.Form) (*ConsultationPage, error) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	u := auth.UserFrom(ctx)
	// Moderators and the administration see the hidden proposals too,
	// marked; the figures are the public ones.
	ps, err := AllProposalsOf(ctx, h.DB.R(), site.ID, c.ID)
	if err != nil {
		return nil, err
	}
	if !SeesHidden(u, c) {
		ps = publicOnly(ps)
	}
	page := &ConsultationPage{C: view(c, site.Location), Figures: Count(publicOnly(ps)), SignedIn: u != nil, Kinds: c.Kinds,
		CanManage: CanManage(u, c), Form: f, Limits: proposalLimits}
	if c.Phase != Draft {
		page.Follow, err = notify.ButtonFor(ctx, h.DB.R(), notify.Target{Kind: FollowConsultation, ID: c.ID}, consultationPath(c.ID))
		if err != nil {
			return nil, err
		}
	}
	for _, p := range ps {
		page.Proposals = append(page.Proposals, proposalView(p))
	}
	if page.Form == nil {
		vs := url.Values{}
		if len(c.Kinds) == 1 {
			vs.Set("kind", string(c.Kinds[0]))
		}
		page.Form = web.NewForm(vs)
	}
	if u != nil {
		blocked, err := h.blocked(ctx, u)
		if err != nil {
			return nil, err
		}
		if err := CanParticipate(Participant{User: u, Blocked: blocked}, c.Phase); err != nil {
			page.Why = ruleKey(err)
		} else {
			page.CanSubmit = true
			orgs, err := OrganisationsOf(ctx, h.DB.R(), site.ID, u.ID)
			if err != nil {
				return nil, err
			}
			for _, o := range orgs {
				if CanSpeakFor(o.Membership) == nil {
					page.Orgs = append(page.Orgs, o)
				}
			}
		}
	}
	return page, nil
}

func (h *Handler) blocked(ctx context.Context, u *auth.User) (bool, error) {
	if h.Blocked == nil || u == nil {
		return false, nil
	}
	return h.Blocked(ctx, web.SiteOf(ctx).ID, u.ID)
}

// ruleKey is the message key of a rule's error.
func ruleKey(err error) string {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Key
	}
	return "error.internal.body"
}

// failArgs are the arguments of a field's message.
func failArgs(err error) []any {
	switch err {
	case ErrTitleLength:
		return []any{"Min", MinTitle, "Max", MaxTitle}
	case ErrBodyLength:
		return []any{"Min", MinBody, "Max", MaxBody}
	case ErrTooManyLinks:
		return []any{"Links", MaxLinks}
	}
	return nil
}

// ProposalInput is what a person sends to propose: the form's fields, or
// the API's body.
type ProposalInput struct {
	Kind           Kind   `json:"kind"`
	Title          string `json:"title"`
	Body           string `json:"body"`
	OrganisationID *int64 `json:"organisation_id"`
}

// propose checks in and stores it as u's proposal in c: the rules, the
// organisation, the rate limits and the repetition. It returns the
// proposal, or the field errors (field "" for the form as a whole) and the
// status to answer with.
func (h *Handler) propose(r *http.Request, c *Consultation, u *auth.User, in ProposalInput) (*Proposal, map[string]error, int, error) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	blocked, err := h.blocked(ctx, u)
	if err != nil {
		return nil, nil, 0, err
	}
	if err := CanParticipate(Participant{User: u, Blocked: blocked}, c.Phase); err != nil {
		status := http.StatusConflict
		if err == ErrBlocked {
			status = http.StatusForbidden
		}
		return nil, map[string]error{"": err}, status, nil
	}
	now := h.now()
	if !h.limits.proposalUser.Allow(strconv.FormatInt(u.ID, 10), now) || !h.limits.proposalIP.Allow(ratelimit.ClientIP(r), now) {
		return nil, map[string]error{"": ErrTooFast}, http.StatusTooManyRequests, nil
	}
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	last, err := LastProposalBy(ctx, h.DB.R(), siteID, u.ID)
	if err != nil {
		return nil, nil, 0, err
	}
	errs := CheckProposal(c, DraftProposal{Kind: in.Kind, Title: in.Title, Body: in.Body}, last)
	if in.OrganisationID != nil {
		orgs, err := OrganisationsOf(ctx, h.DB.R(), siteID, u.ID)
		if err != nil {
			return nil, nil, 0, err
		}
		var speak error = ErrNotMember
		for _, o := range orgs {
			if o.ID == *in.OrganisationID {
				speak = CanSpeakFor(o.Membership)
			}
		}
		if speak != nil {
			errs["organisation"] = speak
		}
	}
	if len(errs) > 0 {
		return nil, errs, http.StatusUnprocessableEntity, nil
	}
	p := &Proposal{SiteID: siteID, ConsultationID: c.ID, AuthorID: u.ID, OrganisationID: in.OrganisationID,
		Kind: in.Kind, Title: in.Title, Body: in.Body}
	// Read back in the transaction that wrote it: a committed proposal is
	// never answered with the error of a later read.
	var stored *Proposal
	if err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := AddProposal(ctx, tx, p); err != nil {
			return err
		}
		var err error
		stored, err = ProposalByID(ctx, tx, siteID, p.ID)
		return err
	}); err != nil {
		return nil, nil, 0, err
	}
	return stored, nil, http.StatusCreated, nil
}

// ErrTooFast is the answer to too many proposals or supports in a short time.
var ErrTooFast = &RuleError{"consult.error.too_fast"}

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	c, ok := h.load(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	in := ProposalInput{Kind: Kind(f.Get("kind")), Title: f.Get("title"), Body: f.Get("body")}
	if v := f.Get("organisation"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			id = -1
		}
		in.OrganisationID = &id
	}
	p, errs, status, err := h.propose(r, c, auth.UserFrom(r.Context()), in)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if p != nil {
		http.Redirect(w, r, "/proposals/"+strconv.FormatInt(p.ID, 10)+"?posted=1", http.StatusSeeOther)
		return
	}
	alert := ""
	for field, e := range errs {
		if field == "" {
			alert = h.printer(r).T(ruleKey(e))
			continue
		}
		f.Fail(field, ruleKey(e), failArgs(e)...)
	}
	page, err := h.consultationPage(r, c, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.Alert = alert
	if alert == "" {
		page.Alert = h.printer(r).T("consult.form.errors")
	}
	// Keep the form on screen with what was typed, even when the rules
	// would no longer offer it.
	page.CanSubmit = true
	h.render(w, r, status, "consult_consultation", page)
}
