package site

import (
	"embed"
	"net/http"

	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the site's own pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Home serves the home page: the current action plan at a glance.
type Home struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
}

// HomePage is what the home page shows.
type HomePage struct {
	Plan     *plan.Plan
	Progress int
	Total    int
	Segments []plan.Segment
	Updates  []UpdateLine
}

// UpdateLine is a recent progress update with its commitment.
type UpdateLine struct {
	plan.Update
	Commitment plan.Commitment
}

// Routes registers the home page. "GET /{$}" matches only "/", so unknown
// paths fall through to the 404 handler.
func (h *Home) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.home)
}

func (h *Home) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s := web.SiteOf(ctx)
	page := HomePage{}
	plans, err := plan.Plans(ctx, h.DB.R(), s.ID, 0, 100)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if current := currentPlan(plans); current != nil {
		cs, err := plan.CommitmentCards(ctx, h.DB.R(), s.ID, current.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		ups, err := plan.LatestUpdates(ctx, h.DB.R(), s.ID, 5)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		byID := make(map[int64]plan.Commitment, len(cs))
		for _, c := range cs {
			byID[c.ID] = c
		}
		for _, u := range ups {
			page.Updates = append(page.Updates, UpdateLine{Update: u, Commitment: byID[u.CommitmentID]})
		}
		page.Plan, page.Progress, page.Total, page.Segments = current, plan.OverallProgress(cs), len(cs), plan.Segments(cs)
	}
	if err := h.Pages.Page(w, r, http.StatusOK, "home", "home", page); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// currentPlan is the plan being implemented, else the latest by period.
func currentPlan(plans []plan.Plan) *plan.Plan {
	var best *plan.Plan
	for i := range plans {
		p := &plans[i]
		if p.Status == plan.PlanImplementing {
			return p
		}
		if best == nil || p.PeriodEnd > best.PeriodEnd {
			best = p
		}
	}
	return best
}
