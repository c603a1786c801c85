package search

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the search page.
//
//go:embed templates/*.html
var Templates embed.FS

// Kinds are the kinds of content the search page offers as tabs, in order.
// A feature adding a kind adds it here and its label (search.kind.<kind>)
// to the catalogues.
var Kinds = []string{"plan", "commitment", "milestone", "update", "consultation", "proposal", "news", "event", "meeting", "document",
	"organisation", "comment", "petition", "request", "budget"}

// Option is a choice in a filter's list (a plan, an organisation).
type Option struct {
	ID    int64
	Label string
	Lang  i18n.Locale // the label's language when it is not the page's (a fallback), else ""
}

// Handler serves /search and /api/v1/search.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	// Plans and Organisations list the filter choices; either may be nil.
	Plans         func(ctx context.Context, siteID int64, l i18n.Locale) ([]Option, error)
	Organisations func(ctx context.Context, siteID int64, l i18n.Locale) ([]Option, error)
}

// Routes registers the page and the API.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /search", h.page)
	mux.HandleFunc("GET /api/v1/search", h.api)
}

const perPage = 20

// request is a search as the URL gives it.
type request struct {
	Raw      string
	Asked    bool // a q parameter was given, even empty
	Query    Query
	Problem  Problem
	Filter   Filter
	Kind     string // the selected tab; "" for all
	PlanID   int64
	OrgID    int64
	From, To string // as typed, YYYY-MM-DD
	Page     int
	BadField string // a filter that could not be read
}

func parseRequest(r *http.Request, loc *time.Location) request {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return request{Problem: ProblemEmpty, BadField: "q"}
	}
	req := request{Raw: v.Get("q"), Asked: v.Has("q"), From: v.Get("from"), To: v.Get("to")}
	req.Query, req.Problem = ParseQuery(req.Raw)
	if k := v.Get("type"); k != "" {
		if !slices.Contains(Kinds, k) {
			req.BadField = "type"
		} else {
			req.Kind = k
			req.Filter.Kinds = []string{k}
		}
	}
	readID := func(name string) int64 {
		s := v.Get(name)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			req.BadField = name
			return 0
		}
		return n
	}
	req.PlanID, req.OrgID = readID("plan"), readID("organisation")
	req.Filter.PlanID, req.Filter.OrgID = req.PlanID, req.OrgID
	readDate := func(name, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			req.BadField = name
			return time.Time{}
		}
		return d
	}
	req.Filter.From = readDate("from", req.From)
	if to := readDate("to", req.To); !to.IsZero() {
		req.Filter.To = to.AddDate(0, 0, 1) // "to" is the last day included
	}
	if !req.Filter.From.IsZero() && !req.Filter.To.IsZero() && !req.Filter.From.Before(req.Filter.To) {
		req.BadField = "to"
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			req.BadField = "page"
		} else {
			req.Page = n - 1
		}
	}
	return req
}

// Page is what the search page shows.
type Page struct {
	request
	Message  string // the problem, localized
	Result   *Result
	Tabs     []Tab
	Plans    []Option
	Orgs     []Option
	Prev     string
	Next     string
	Searched bool // a query ran (so "nothing found" means something)
	MaxRunes int
}

// Tab is a kind of content with its number of hits.
type Tab struct {
	Kind     string
	Count    int
	URL      string
	Selected bool
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s := web.SiteOf(ctx)
	l := web.Locale(ctx)
	p := Page{request: parseRequest(r, s.Location), MaxRunes: MaxQueryRunes}
	status := http.StatusOK
	msg := h.Errors.Catalog.Printer(l)
	switch {
	case p.BadField != "":
		status, p.Message = http.StatusBadRequest, msg.T("search.error.filter."+p.BadField)
	case !p.Asked:
		// The page before anything is asked: just the form.
	case p.Problem != "":
		status, p.Message = http.StatusUnprocessableEntity, msg.T(string(p.Problem), "Max", MaxQueryRunes)
	default:
		res, err := Search(ctx, h.DB, s.ID, p.Query, p.Filter, l, p.Page, perPage)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		p.Result, p.Searched = res, true
		base := r.URL.Path + "?" + r.URL.RawQuery
		all := 0
		for _, k := range Kinds {
			all += res.ByKind[k]
		}
		p.Tabs = append(p.Tabs, Tab{Kind: "", Count: all, URL: web.WithQuery(base, "type", "", "page", ""), Selected: p.Kind == ""})
		for _, k := range Kinds {
			if n := res.ByKind[k]; n > 0 || p.Kind == k {
				p.Tabs = append(p.Tabs, Tab{Kind: k, Count: n, URL: web.WithQuery(base, "type", k, "page", ""), Selected: p.Kind == k})
			}
		}
		if p.Page > 0 {
			p.Prev = web.WithQuery(base, "page", pageParam(p.Page))
		}
		if (p.Page+1)*perPage < res.Total {
			p.Next = web.WithQuery(base, "page", strconv.Itoa(p.Page+2))
		}
	}
	var err error
	if h.Plans != nil {
		if p.Plans, err = h.Plans(ctx, s.ID, l); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
	}
	if h.Organisations != nil {
		if p.Orgs, err = h.Organisations(ctx, s.ID, l); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
	}
	if err := h.Pages.Page(w, r, status, "search", "search", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// pageParam is the page number for the page before zero-based page n.
func pageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// apiResult is GET /api/v1/search's answer.
type apiResult struct {
	Data   []Hit          `json:"data"`
	Total  int            `json:"total"`
	Capped bool           `json:"total_capped"`
	ByType map[string]int `json:"by_type"`
	Next   *string        `json:"next"`
}

func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s := web.SiteOf(ctx)
	req := parseRequest(r, s.Location)
	if req.BadField != "" {
		h.Errors.BadRequest(w, r, "search.error.filter."+req.BadField)
		return
	}
	if req.Problem != "" {
		h.Errors.BadRequest(w, r, string(req.Problem), "Max", MaxQueryRunes)
		return
	}
	// The cursor is the offset of the next page.
	offset, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if offset%int64(limit) != 0 || offset >= Window {
		h.Errors.BadRequest(w, r, "error.invalid_cursor")
		return
	}
	res, err := Search(ctx, h.DB, s.ID, req.Query, req.Filter, web.Locale(ctx), int(offset)/limit, limit)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	out := apiResult{Data: res.Hits, Total: res.Total, Capped: res.Capped, ByType: res.ByKind}
	if out.Data == nil {
		out.Data = []Hit{}
	}
	if next := offset + int64(limit); next < int64(res.Total) {
		c := web.EncodeCursor(next)
		out.Next = &c
	}
	if err := web.JSON(w, r, http.StatusOK, out); err != nil {
		h.Errors.Error(w, r, err)
	}
}
