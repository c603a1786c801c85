package forum

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the public pages and the API: /forum, /forum/meetings/{id},
// /plans/{slug}/requirements, /documents, /api/v1/forum and
// /api/v1/documents. Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
}

// Routes registers the public routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /forum", h.forum)
	mux.HandleFunc("GET /forum/meetings/{id}", h.meeting)
	mux.HandleFunc("GET /plans/{slug}/requirements", h.requirements)
	mux.HandleFunc("GET /documents", h.documents)
	mux.HandleFunc("GET /api/v1/forum", h.apiForum)
	mux.HandleFunc("GET /api/v1/documents", h.apiDocuments)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, name, section string, data any) {
	if err := h.Pages.Page(w, r, http.StatusOK, name, section, data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// MeetingView is a meeting with its time in its own zone.
type MeetingView struct {
	*Meeting
	Start  time.Time
	Zone   string
	IsPast bool
}

func (h *Handler) meetingView(m *Meeting, site web.SiteInfo) MeetingView {
	loc := m.Location(site.Location)
	return MeetingView{Meeting: m, Start: m.StartsAt.In(loc), Zone: loc.String(), IsPast: !m.StartsAt.After(h.Now())}
}

// Side is one side of the forum on its page: its members and its genders.
type Side struct {
	Seat    Seat
	Members []Member
	Women   int
	Men     int
}

// ForumPage is what /forum shows.
type ForumPage struct {
	Forum    *Forum // nil until the administration sets it up
	Rules    template.HTML
	Sides    []Side
	Balance  Balance
	Upcoming []MeetingView
	Past     []MeetingView
}

func (h *Handler) forum(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	page := ForumPage{}
	f, err := Get(ctx, h.DB.R(), site.ID)
	switch {
	case err == nil:
		page.Forum = f
		page.Rules = news.MarkdownIn(f.Rules, web.Locale(ctx))
	case !errors.Is(err, db.ErrNotFound):
		h.Errors.Error(w, r, err)
		return
	}
	members, err := Members(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.Balance = Balanced(members)
	for _, s := range Seats {
		side := Side{Seat: s, Women: page.Balance.BySeat[s][Female], Men: page.Balance.BySeat[s][Male]}
		for _, m := range members {
			if m.Seat == s {
				side.Members = append(side.Members, m)
			}
		}
		page.Sides = append(page.Sides, side)
	}
	ms, err := Meetings(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	for i := range ms {
		v := h.meetingView(&ms[i], site)
		if v.IsPast {
			page.Past = append(page.Past, v)
		} else {
			page.Upcoming = append([]MeetingView{v}, page.Upcoming...)
		}
	}
	h.render(w, r, "forum_page", "forum", page)
}

// MeetingPage is what /forum/meetings/{id} shows.
type MeetingPage struct {
	MeetingView
	Agenda, Minutes, Decisions template.HTML
}

func (h *Handler) meeting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return
	}
	m, err := MeetingByID(ctx, h.DB.R(), web.SiteOf(ctx).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	l := web.Locale(ctx)
	h.render(w, r, "forum_meeting", "forum", MeetingPage{MeetingView: h.meetingView(m, web.SiteOf(ctx)),
		Agenda: news.MarkdownIn(m.Agenda, l), Minutes: news.MarkdownIn(m.Minutes, l), Decisions: news.MarkdownIn(m.Decisions, l)})
}

// RequirementsPage is what /plans/{slug}/requirements shows.
type RequirementsPage struct {
	Plan         *PlanRef
	Requirements []Requirement
	Met          int
}

// maxEvidence is how many items of evidence a line lists (the latest).
const maxEvidence = 12

func (h *Handler) requirements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	p, facts, err := Gather(ctx, h.DB.R(), site.ID, r.PathValue("slug"), h.Now(), site.Location)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := RequirementsPage{Plan: p, Requirements: Evaluate(facts)}
	for i, req := range page.Requirements {
		if req.Met {
			page.Met++
		}
		if n := len(req.Evidence); n > maxEvidence {
			page.Requirements[i].Evidence = req.Evidence[n-maxEvidence:]
		}
	}
	h.render(w, r, "forum_requirements", "plans", page)
}

// DocumentsPage is what /documents shows.
type DocumentsPage struct {
	Documents   []DocumentView
	Filter      DocFilter
	From, To    string
	Commitments []CommitmentChoice
	Types       []DocType
	Active      bool
}

// DocumentView is a document as the repository's page shows it: its kind
// of file, its size, a short fingerprint beside the full one, and the
// direction its file name reads in.
type DocumentView struct {
	Document
	Format    string // files.Format: a label files.format.<Format> in the catalogue
	ShortHash string
	NameDir   string // "ltr" or "auto" (files.NameDir)
	ID        int64  // a stand-alone document's id, for its administration; 0 otherwise
}

func documentView(d Document) DocumentView {
	return DocumentView{Document: d, Format: files.Format(d.ContentType), ShortHash: files.ShortHash(d.SHA256),
		NameDir: files.NameDir(d.Name)}
}

// CommitmentChoice is a commitment in the documents filter.
type CommitmentChoice struct {
	ID    int64
	Ref   string
	Label string
	Lang  i18n.Locale // the label's language when it is not the page's (a fallback), else ""
}

// readDocFilter reads ?type=&from=&to=&commitment=; a malformed value is a
// bad request.
func readDocFilter(r *http.Request) (DocFilter, error) {
	var f DocFilter
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return f, web.Invalid("error.invalid_filter", "Name", "query")
	}
	if v := q.Get("type"); v != "" {
		if f.Type = DocType(v); !f.Type.Valid() {
			return f, web.Invalid("error.invalid_filter", "Name", "type")
		}
	}
	for name, dst := range map[string]*db.Date{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			d, err := db.ParseDate(v)
			if err != nil {
				return f, web.Invalid("error.invalid_filter", "Name", name)
			}
			*dst = d
		}
	}
	if v := q.Get("commitment"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, web.Invalid("error.invalid_filter", "Name", "commitment")
		}
		f.Commitment = id
	}
	return f, nil
}

func (h *Handler) documents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, err := readDocFilter(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	docs, err := Documents(ctx, h.DB.R(), site.ID, f, h.Now(), site.Location)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := DocumentsPage{Filter: f, From: f.From.String(), To: f.To.String(), Types: DocTypes, Active: f != (DocFilter{})}
	for _, d := range docs {
		page.Documents = append(page.Documents, documentView(d))
	}
	cs, err := news.CommitmentChoices(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	l := web.Locale(ctx)
	for _, c := range cs {
		label, from := c.Title.Pick(l)
		choice := CommitmentChoice{ID: c.ID, Ref: c.Ref, Label: label}
		if from != l {
			choice.Lang = from
		}
		page.Commitments = append(page.Commitments, choice)
	}
	h.render(w, r, "forum_documents", "documents", page)
}

// APIForum is the answer of /api/v1/forum.
type APIForum struct {
	Name     i18n.Text `json:"name"`
	Rules    i18n.Text `json:"rules"`
	Members  []Member  `json:"members"`
	Balance  Balance   `json:"balance"`
	Meetings []Meeting `json:"meetings"`
}

func (h *Handler) apiForum(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	// A site whose forum is not set up yet answers empty texts and lists.
	out := APIForum{Name: i18n.Text{}, Rules: i18n.Text{}, Members: []Member{}, Meetings: []Meeting{}}
	f, err := Get(ctx, h.DB.R(), site.ID)
	switch {
	case err == nil:
		out.Name, out.Rules = f.Name, f.Rules
	case !errors.Is(err, db.ErrNotFound):
		h.Errors.Error(w, r, err)
		return
	}
	members, err := Members(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if members != nil {
		out.Members = members
	}
	out.Balance = Balanced(members)
	ms, err := Meetings(ctx, h.DB.R(), site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if ms != nil {
		out.Meetings = ms
	}
	if err := web.JSON(w, r, http.StatusOK, map[string]any{"data": out}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) apiDocuments(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f, err := readDocFilter(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	docs, err := Documents(ctx, h.DB.R(), site.ID, f, h.Now(), site.Location)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	// The cursor is the position after the last document of the previous page.
	start := min(int(after), len(docs))
	end := min(start+limit, len(docs))
	page := docs[start:end]
	if page == nil {
		page = []Document{}
	}
	var next *string
	if end < len(docs) {
		next = web.NextCursor(limit, limit, int64(end))
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: page, Next: next}); err != nil {
		h.Errors.Error(w, r, err)
	}
}
