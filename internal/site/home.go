package site

import (
	"embed"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the site's own pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Home serves the home page: the council at work. The current action plan
// at a glance, then what is open now and what is new, one section per
// feature (home_sections.go).
type Home struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time // the clock; time.Now when nil
}

// HomePage is what the home page shows. The plan comes first; each other
// field is one section, filled by one entry of homeSections and shown by
// one block of home.html, in the same order.
type HomePage struct {
	Plan     *plan.Plan
	Progress int
	Total    int
	Segments []plan.Segment

	Consultations []HomeConsultation // open now
	Petitions     []HomePetition     // collecting signatures now
	Events        []HomeEvent        // not over yet, soonest first
	News          []HomeNews         // published, newest first
	Updates       []HomeUpdate       // of every plan, newest first
}

// Routes registers the home page. "GET /{$}" matches only "/", so unknown
// paths fall through to the 404 handler.
func (h *Home) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.home)
}

func (h *Home) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s := web.SiteOf(ctx)
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
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
		page.Plan, page.Progress, page.Total, page.Segments = current, plan.OverallProgress(cs), len(cs), plan.Segments(cs)
	}
	for _, fill := range homeSections {
		if err := fill(ctx, h.DB.R(), s, now, &page); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
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
