package plan

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Creating and editing an action plan (administrators only): its title and
// summary per language, slug, period, status and co-creation timeline.

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// blankRows is how many empty rows a repeated group offers, so that rows can
// be added without JavaScript.
const blankRows = 2

func (h *Admin) planForm(r *http.Request, f *web.Form, p *Plan, stageRows int) *webform.FormView {
	b := h.builder(r, f)
	pr := b.P
	statuses := make([]webform.Option, len(PlanStatuses))
	for i, s := range PlanStatuses {
		statuses[i] = webform.Option{Value: string(s), Label: pr.T("plan_status." + string(s))}
	}
	start := b.Input("number", "period_start", -1, "planadmin.plan.period_start", true)
	end := b.Input("number", "period_end", -1, "planadmin.plan.period_end", true)
	start.Min, start.Max, end.Min, end.Max = "2000", "2100", "2000", "2100"
	v := &webform.FormView{
		Heading: pr.T("planadmin.plan.new"),
		Crumbs:  []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"}, {Label: pr.T("admin.nav.plans"), URL: "/admin/plans"}},
		Action:  "/admin/plans/new",
		Submit:  pr.T("planadmin.form.save"),
		Cancel:  "/admin/plans",
		Sets: []webform.FieldSet{{Legend: pr.T("planadmin.plan.details"), Fields: []webform.Field{
			b.Texts("title", -1, "planadmin.plan.title", false, true),
			b.Hint(b.Input("text", "slug", -1, "planadmin.plan.slug", true), "planadmin.plan.slug_hint"),
			b.Texts("summary", -1, "planadmin.plan.summary", true, false),
			start, end,
			b.Choice("status", -1, "planadmin.plan.status", "", statuses, true),
		}}},
	}
	for i := 0; i < stageRows; i++ {
		v.Sets = append(v.Sets, webform.FieldSet{
			Legend: pr.T("planadmin.plan.stage", "N", i+1),
			Hint:   pr.T("planadmin.form.optional_row"),
			Fields: []webform.Field{
				b.Texts("stage_title", i, "planadmin.plan.stage_title", false, false),
				b.Input("date", "stage_starts", i, "planadmin.plan.stage_starts", false),
				b.Input("date", "stage_ends", i, "planadmin.plan.stage_ends", false),
			},
		})
	}
	if p != nil {
		v.Heading = pr.T("planadmin.plan.edit", "Title", p.Title.In(web.Locale(r.Context())))
		v.Crumbs = append(v.Crumbs, webform.Crumb{Label: p.Title.In(web.Locale(r.Context())), URL: "/admin/plans/" + itoa(p.ID)})
		v.Action = "/admin/plans/" + itoa(p.ID) + "/edit"
		v.Cancel = "/admin/plans/" + itoa(p.ID)
		v.StaleURL = v.Action
	}
	return v
}

// planValues fills the form from a stored plan.
func planValues(p *Plan) url.Values {
	vs := url.Values{"slug": {p.Slug}, "status": {string(p.Status)},
		"period_start": {strconv.Itoa(p.PeriodStart)}, "period_end": {strconv.Itoa(p.PeriodEnd)}}
	webform.TextValues(vs, "title", p.Title)
	webform.TextValues(vs, "summary", p.Summary)
	for _, s := range p.Stages {
		webform.TextValues(vs, "stage_title", s.Title)
		vs.Add("stage_starts", webform.DateValue(s.StartsOn))
		vs.Add("stage_ends", webform.DateValue(s.EndsOn))
	}
	return vs
}

var stageFields = []string{"stage_title_ar", "stage_title_fr", "stage_title_en", "stage_title_zgh", "stage_starts", "stage_ends"}

// readPlan reads the posted plan, recording a message for each bad field.
func readPlan(f *web.Form) *Plan {
	p := &Plan{Slug: f.Get("slug"), Title: kit.ReadText(f, "title", -1, MaxTitleLen, true), Summary: kit.ReadText(f, "summary", -1, MaxTextLen, false)}
	switch {
	case p.Slug == "":
		f.Fail("slug", "form.required")
	case len(p.Slug) > MaxSlugLen || !slugPattern.MatchString(p.Slug):
		f.Fail("slug", "planadmin.error.slug")
	}
	start, ok1 := kit.ReadInt(f, "period_start", -1, 2000, 2100, true, "planadmin.error.range")
	end, ok2 := kit.ReadInt(f, "period_end", -1, 2000, 2100, true, "planadmin.error.range")
	if ok1 && ok2 && end < start {
		f.Fail("period_end", "planadmin.error.end_before_start")
	}
	p.PeriodStart, p.PeriodEnd = start, end
	p.Status = PlanStatus(f.Get("status"))
	if !validPlanStatus(p.Status) {
		f.Fail("status", "planadmin.error.choice")
	}
	kit.MaxRows(f, MaxStages, stageFields...)
	for i := 0; i < min(webform.Rows(f, stageFields...), MaxStages); i++ {
		if blankRow(f, i, stageFields...) {
			continue
		}
		s := Stage{Title: kit.ReadText(f, "stage_title", i, MaxTitleLen, true), StartsOn: kit.ReadDate(f, "stage_starts", i, true),
			EndsOn: kit.ReadDate(f, "stage_ends", i, false)}
		checkPeriod(f, s.StartsOn, s.EndsOn, "stage_ends", i)
		p.Stages = append(p.Stages, s)
	}
	return p
}

func validPlanStatus(s PlanStatus) bool {
	for _, v := range PlanStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// blankRow reports whether every field of row i of a repeated group is empty.
func blankRow(f *web.Form, i int, names ...string) bool {
	for _, n := range names {
		if webform.Nth(f.Values, n, i) != "" {
			return false
		}
	}
	return true
}

func (h *Admin) newPlan(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(url.Values{"status": {string(PlanDrafting)}})
	h.form(w, r, http.StatusOK, h.planForm(r, f, nil, blankRows))
}

func (h *Admin) createPlan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := readPlan(f)
	p.SiteID = web.SiteOf(ctx).ID
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := adminInsertPlan(ctx, tx, p); err != nil {
				return err
			}
			return recordChange(ctx, tx, adminChange{action: "create", entity: "plan", id: p.ID,
				summary: "plan " + p.Slug, after: adminPlanState(p)})
		})
		switch {
		case err == nil:
			saved(w, r, "/admin/plans/"+itoa(p.ID))
			return
		case db.IsUniqueViolation(err):
			f.Fail("slug", "planadmin.error.slug_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	h.form(w, r, http.StatusUnprocessableEntity, h.planForm(r, f, nil, webform.ShownRows(f, MaxStages, stageFields...)))
}

func (h *Admin) editPlan(w http.ResponseWriter, r *http.Request) {
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	v := h.planForm(r, web.NewForm(planValues(p)), p, len(p.Stages)+blankRows)
	v.Version = p.Version
	h.form(w, r, http.StatusOK, v)
}

func (h *Admin) updatePlan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cur, ok := h.plan(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	p := readPlan(f)
	p.ID, p.SiteID = cur.ID, cur.SiteID
	status := http.StatusUnprocessableEntity
	stale := false
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			before, err := PlanByID(ctx, tx, p.SiteID, p.ID)
			if err != nil {
				return err
			}
			if err := adminUpdatePlan(ctx, tx, p, version); err != nil {
				return err
			}
			return recordChange(ctx, tx, adminChange{action: "update", entity: "plan", id: p.ID,
				summary: "plan " + p.Slug, before: adminPlanState(before), after: adminPlanState(p)})
		})
		switch {
		case err == nil:
			saved(w, r, "/admin/plans/"+itoa(p.ID))
			return
		case errors.Is(err, errStale):
			status, stale = http.StatusConflict, true
		case db.IsUniqueViolation(err):
			f.Fail("slug", "planadmin.error.slug_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	v := h.planForm(r, f, cur, webform.ShownRows(f, MaxStages, stageFields...))
	v.Version, v.Stale = version, stale
	h.form(w, r, status, v)
}
