package budget

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the public budget pages, their downloads and the API.
// Every query is scoped by the request's site.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
}

// Routes registers the public routes (docs/http.md).
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /budget", h.latest)
	mux.HandleFunc("GET /budget/{year}", h.year)
	mux.HandleFunc("GET /budget/{year}/citizen", h.citizen)
	mux.HandleFunc("GET /budget/{year}/{file}", h.download)
	mux.HandleFunc("GET /budget/{year}/{direction}/{section}", h.section)
	mux.HandleFunc("GET /budget/{year}/{direction}/{section}/{chapter}", h.chapter)
	mux.HandleFunc("GET /api/v1/budgets", h.apiList)
	mux.HandleFunc("GET /api/v1/budgets/{id}", h.apiOne)
}

// maxListed bounds the budgets a list holds: three stages a year for a
// century is 300.
const maxListed = 300

// published lists the site's budgets, latest year first.
func (h *Handler) published(ctx context.Context) ([]Summary, error) {
	return Summaries(ctx, h.DB.R(), web.SiteOf(ctx).ID, maxListed)
}

// latest: GET /budget, the latest year's page (or a page saying that no
// budget is published yet).
func (h *Handler) latest(w http.ResponseWriter, r *http.Request) {
	all, err := h.published(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if len(all) == 0 {
		h.render(w, r, "budget_none", nil)
		return
	}
	h.yearPage(w, r, all, all[0].Year)
}

func (h *Handler) year(w http.ResponseWriter, r *http.Request) {
	y, ok := yearParam(r.PathValue("year"))
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	all, err := h.published(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.yearPage(w, r, all, y)
}

// choose finds the stage to show for year among all: ?stage= when given
// (404 when not published), else the latest stage of the year.
func choose(r *http.Request, all []Summary, year int) (Stage, []Stage, error) {
	var stages []Stage
	for _, s := range all {
		if s.Year == year {
			stages = append(stages, s.Stage)
		}
	}
	if len(stages) == 0 {
		return "", nil, db.ErrNotFound
	}
	want := Stage(r.URL.Query().Get("stage"))
	if want == "" {
		return Latest(stages), stages, nil
	}
	for _, s := range stages {
		if s == want {
			return s, stages, nil
		}
	}
	return "", nil, db.ErrNotFound
}

func (h *Handler) yearPage(w http.ResponseWriter, r *http.Request, all []Summary, year int) {
	ctx := r.Context()
	stage, stages, err := choose(r, all, year)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	b, err := Load(ctx, h.DB.R(), web.SiteOf(ctx).ID, year, stage)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	prev, err := Load(ctx, h.DB.R(), web.SiteOf(ctx).ID, year-1, stage)
	if errors.Is(err, db.ErrNotFound) {
		prev, err = nil, nil
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	l := web.Locale(ctx)
	page := buildYear(NewMoney(h.Errors.Catalog.Printer(l)), h.Errors.Catalog.Printer(l).T, l, b, prev, stages, all)
	h.render(w, r, "budget_year", page)
}

func (h *Handler) section(w http.ResponseWriter, r *http.Request) {
	h.drill(w, r, false)
}

func (h *Handler) chapter(w http.ResponseWriter, r *http.Request) {
	h.drill(w, r, true)
}

// drill serves a section's page (its chapters) or a chapter's (its lines).
func (h *Handler) drill(w http.ResponseWriter, r *http.Request, chapter bool) {
	ctx := r.Context()
	y, ok := yearParam(r.PathValue("year"))
	dir, sec := Direction(r.PathValue("direction")), Section(r.PathValue("section"))
	code := r.PathValue("chapter")
	if !ok || (dir != Revenue && dir != Expenditure) || (sec != Operating && sec != Investment) || (chapter && !ValidCode(code)) {
		h.Errors.NotFound(w, r)
		return
	}
	all, err := h.published(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	stage, stages, err := choose(r, all, y)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	b, err := Load(ctx, h.DB.R(), web.SiteOf(ctx).ID, y, stage)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	l := web.Locale(ctx)
	p := h.Errors.Catalog.Printer(l)
	if !chapter {
		page := buildSection(NewMoney(p), p.T, l, b, dir, sec, stages)
		if page == nil {
			h.Errors.NotFound(w, r)
			return
		}
		h.render(w, r, "budget_section", page)
		return
	}
	page := buildChapter(NewMoney(p), p.T, l, b, ChapterKey{Section: sec, Direction: dir, Chapter: code}, stages)
	if page == nil {
		h.Errors.NotFound(w, r)
		return
	}
	h.render(w, r, "budget_chapter", page)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	if err := h.Pages.Page(w, r, http.StatusOK, page, "budget", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// yearParam reads a fiscal year from a path: digits only, in range.
func yearParam(s string) (int, bool) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && ValidYear(y)
}

// stageURL is a page's address for a stage.
func stageURL(path string, s Stage) string { return path + "?stage=" + string(s) }
