package plan

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Creating and editing an action plan (administrators only): its title and
// summary per language, slug, period, status and co-creation timeline.

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// blankRows is how many empty rows a repeated group offers, so that rows can
// be added without JavaScript.
const blankRows = 2

func (h *Admin) planForm(r *http.Request, f *web.Form, p *Plan, stageRows int) *formView {
	b := h.builder(r, f)
	pr := b.p
	statuses := make([]option, len(PlanStatuses))
	for i, s := range PlanStatuses {
		statuses[i] = option{Value: string(s), Label: pr.T("plan_status." + string(s))}
	}
	start := b.input("number", "period_start", -1, "planadmin.plan.period_start", true)
	end := b.input("number", "period_end", -1, "planadmin.plan.period_end", true)
	start.Min, start.Max, end.Min, end.Max = "2000", "2100", "2000", "2100"
	v := &formView{
		Heading: pr.T("planadmin.plan.new"),
		Crumbs:  []crumb{{pr.T("admin.nav.dashboard"), "/admin"}, {pr.T("admin.nav.plans"), "/admin/plans"}},
		Action:  "/admin/plans/new",
		Submit:  pr.T("planadmin.form.save"),
		Cancel:  "/admin/plans",
		Sets: []fieldset{{Legend: pr.T("planadmin.plan.details"), Fields: []field{
			b.texts("title", -1, "planadmin.plan.title", false, true),
			b.hint(b.input("text", "slug", -1, "planadmin.plan.slug", true), "planadmin.plan.slug_hint"),
			b.texts("summary", -1, "planadmin.plan.summary", true, false),
			start, end,
			b.choice("status", -1, "planadmin.plan.status", "", statuses, true),
		}}},
	}
	for i := 0; i < stageRows; i++ {
		v.Sets = append(v.Sets, fieldset{
			Legend: pr.T("planadmin.plan.stage", "N", i+1),
			Hint:   pr.T("planadmin.form.optional_row"),
			Fields: []field{
				b.texts("stage_title", i, "planadmin.plan.stage_title", false, false),
				b.input("date", "stage_starts", i, "planadmin.plan.stage_starts", false),
				b.input("date", "stage_ends", i, "planadmin.plan.stage_ends", false),
			},
		})
	}
	if p != nil {
		v.Heading = pr.T("planadmin.plan.edit", "Title", p.Title.In(web.Locale(r.Context())))
		v.Crumbs = append(v.Crumbs, crumb{p.Title.In(web.Locale(r.Context())), "/admin/plans/" + itoa(p.ID)})
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
	textValues(vs, "title", p.Title)
	textValues(vs, "summary", p.Summary)
	for _, s := range p.Stages {
		textValues(vs, "stage_title", s.Title)
		vs.Add("stage_starts", dateValue(s.StartsOn))
		vs.Add("stage_ends", dateValue(s.EndsOn))
	}
	return vs
}

var stageFields = []string{"stage_title_ar", "stage_title_fr", "stage_title_en", "stage_starts", "stage_ends"}

// readPlan reads the posted plan, recording a message for each bad field.
func readPlan(f *web.Form) *Plan {
	p := &Plan{Slug: f.Get("slug"), Title: readText(f, "title", -1, true), Summary: readText(f, "summary", -1, false)}
	switch {
	case p.Slug == "":
		f.Fail("slug", "form.required")
	case len(p.Slug) > 64 || !slugPattern.MatchString(p.Slug):
		f.Fail("slug", "planadmin.error.slug")
	}
	start, ok1 := readInt(f, "period_start", -1, 2000, 2100, true, "planadmin.error.range")
	end, ok2 := readInt(f, "period_end", -1, 2000, 2100, true, "planadmin.error.range")
	if ok1 && ok2 && end < start {
		f.Fail("period_end", "planadmin.error.end_before_start")
	}
	p.PeriodStart, p.PeriodEnd = start, end
	p.Status = PlanStatus(f.Get("status"))
	if !validPlanStatus(p.Status) {
		f.Fail("status", "planadmin.error.choice")
	}
	for i := 0; i < rows(f, stageFields...); i++ {
		if blankRow(f, i, stageFields...) {
			continue
		}
		s := Stage{Title: readText(f, "stage_title", i, true), StartsOn: readDate(f, "stage_starts", i, true),
			EndsOn: readDate(f, "stage_ends", i, false)}
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
		if nth(f.Values, n, i) != "" {
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
	h.form(w, r, http.StatusUnprocessableEntity, h.planForm(r, f, nil, max(1, rows(f, stageFields...))))
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
	v := h.planForm(r, f, cur, max(1, rows(f, stageFields...)))
	v.Version, v.Stale = version, stale
	h.form(w, r, status, v)
}
