package petition

import (
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// FraudPage is the moderators' view of a petition's online signatures by
// address block, email domain and hour: counts only, never a CIN, a name
// or a whole address.
type FraudPage struct {
	View
	Groups      map[Grouping][]Group
	Groupings   []Grouping
	Invalidated int  // after an invalidation: how many
	Done        bool // an invalidation was made
	Error       string
}

// MaxGroupsShown bounds each table of the view.
const MaxGroupsShown = 100

func (a Admin) fraud(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := a.loadPublic(w, r)
	if !ok {
		return
	}
	traces, err := Traces(ctx, a.DB.R(), p.ID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	views, _, err := a.views(ctx, []Petition{*p})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page := FraudPage{View: views[0], Groups: map[Grouping][]Group{}, Groupings: Groupings}
	loc := web.SiteOf(ctx).Location
	for _, g := range Groupings {
		gs := GroupTraces(traces, g, loc)
		if len(gs) > MaxGroupsShown {
			gs = gs[:MaxGroupsShown]
		}
		page.Groups[g] = gs
	}
	if q := r.URL.Query(); q.Has("invalidated") {
		page.Invalidated, _ = strconv.Atoi(q.Get("invalidated"))
		page.Done = true
	}
	if r.URL.Query().Get("error") == "state" {
		page.Error = a.Errors.Catalog.Printer(web.Locale(ctx)).T("petition.error.state")
	}
	w.Header().Set("Cache-Control", "private, no-store")
	if err := a.Pages.Page(w, r, http.StatusOK, "petition_admin_fraud", "admin", page); err != nil {
		a.Errors.Error(w, r, err)
	}
}

// invalidate: POST /admin/petitions/{id}/invalidate (by, key): every online
// signature of the group becomes invalid, the counts are recomputed from
// the rows, and the ledger records who did it and how many.
func (a Admin) invalidate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := a.loadPublic(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	g, key := Grouping(f.Get("by")), f.Get("key")
	if !g.Valid() || key == "" || len(key) > MaxDomainLen {
		a.Errors.Error(w, r, web.Invalid("error.bad_form"))
		return
	}
	u := auth.UserFrom(ctx)
	var n int
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if n, err = Invalidate(ctx, tx, p, g, key, web.SiteOf(ctx).Location); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.SiteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate,
			Entity: "petition", EntityID: p.ID, Summary: "Petition " + itoa(p.ID) + ": signatures invalidated",
			After: map[string]any{"invalidated": n, "by": string(g), "group": key}})
	})
	back := "/admin/petitions/" + itoa(p.ID) + "/signatures"
	switch {
	case err == ErrState:
		http.Redirect(w, r, back+"?error=state", http.StatusSeeOther)
	case err != nil:
		a.Errors.Error(w, r, err)
	default:
		http.Redirect(w, r, back+"?invalidated="+strconv.Itoa(n), http.StatusSeeOther)
	}
}
