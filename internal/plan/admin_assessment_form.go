package plan

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Recording an assessment on the OGP scales: of a commitment (its manager
// may record the government's self-assessment; an administrator any kind) or
// of a whole plan (administrators). Assessments are added, never edited.

var (
	assessmentKinds = []AssessmentKind{SelfAssessment, InceptionReview, EndOfCommitment}
	potentials      = []string{PotentialUnclear, PotentialModest, PotentialSubstantial}
	completions     = []string{CompletionNoEvidence, CompletionNotStarted, CompletionLimited, CompletionSubstantial, CompletionComplete}
	openings        = []string{OpenedWorsened, OpenedNoChange, OpenedMarginal, OpenedMajor, OpenedOutstanding}
)

// assessmentForm draws the form for c, or for the plan p when c is nil.
func (h *Admin) assessmentForm(r *http.Request, f *web.Form, p *Plan, c *Commitment) *webform.FormView {
	b := h.builder(r, f)
	pr := b.P
	l := web.Locale(r.Context())
	u := auth.UserFrom(r.Context())
	var kinds []webform.Option
	for _, k := range assessmentKinds {
		if CanAssess(u, c, k) {
			kinds = append(kinds, webform.Option{Value: string(k), Label: pr.T("assessment.kind." + string(k))})
		}
	}
	scale := func(prefix string, values []string) []webform.Option {
		out := make([]webform.Option, len(values))
		for i, v := range values {
			out[i] = webform.Option{Value: v, Label: pr.T(prefix + v)}
		}
		return out
	}
	values := make([]webform.Option, len(Values))
	for i, v := range Values {
		values[i] = webform.Option{Value: string(v), Label: pr.T("value." + string(v))}
	}
	yesNo := []webform.Option{{Value: "yes", Label: pr.T("common.yes")}, {Value: "no", Label: pr.T("common.no")}}
	v := &webform.FormView{
		Submit: pr.T("planadmin.assessment.submit"),
		Sets: []webform.FieldSet{
			{Legend: pr.T("planadmin.assessment.who"), Hint: pr.T("planadmin.assessment.append_only"), Fields: []webform.Field{
				b.Choice("kind", -1, "planadmin.assessment.kind", "", kinds, true),
				b.Texts("assessor", -1, "assessment.assessor", false, true),
				b.Input("date", "assessed_on", -1, "planadmin.assessment.date", true),
			}},
			{Legend: pr.T("planadmin.assessment.scales"), Hint: pr.T("planadmin.assessment.scales_hint"), Fields: []webform.Field{
				b.Choice("verifiable", -1, "assessment.verifiable", "planadmin.form.not_assessed", yesNo, false),
				b.Checks("relevant_values", "assessment.relevance", values),
				b.Choice("potential", -1, "assessment.potential_label", "planadmin.form.not_assessed", scale("assessment.potential.", potentials), false),
				b.Choice("completion", -1, "assessment.completion_label", "planadmin.form.not_assessed", scale("assessment.completion.", completions), false),
				b.Choice("opened_government", -1, "assessment.opened_label", "planadmin.form.not_assessed", scale("assessment.opened.", openings), false),
			}},
			{Legend: pr.T("planadmin.assessment.findings"), Fields: []webform.Field{
				b.Texts("early_results", -1, "assessment.early_results", true, false),
				b.Texts("summary", -1, "assessment.summary", true, false),
				b.Hint(b.Input("url", "evidence_url", -1, "assessment.evidence", false), "planadmin.update.link_url_hint"),
			}},
		},
	}
	if c != nil {
		v.Heading = pr.T("planadmin.assessment.new_commitment", "Ref", c.Ref)
		v.Crumbs = []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"}, {Label: c.Ref + " · " + c.Title.In(l), URL: "/admin/commitments/" + itoa(c.ID)}}
		v.Action = "/admin/commitments/" + itoa(c.ID) + "/assessments/new"
		v.Cancel = "/admin/commitments/" + itoa(c.ID)
	} else {
		v.Heading = pr.T("planadmin.assessment.new_plan", "Plan", p.Title.In(l))
		v.Crumbs = []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"}, {Label: pr.T("admin.nav.plans"), URL: "/admin/plans"},
			{Label: p.Title.In(l), URL: "/admin/plans/" + itoa(p.ID)}}
		v.Action = "/admin/plans/" + itoa(p.ID) + "/assessments/new"
		v.Cancel = "/admin/plans/" + itoa(p.ID)
	}
	return v
}

func readAssessment(f *web.Form) *Assessment {
	a := &Assessment{
		Kind:         AssessmentKind(f.Get("kind")),
		Assessor:     kit.ReadText(f, "assessor", -1, MaxNameLen, true),
		AssessedOn:   kit.ReadDate(f, "assessed_on", -1, true),
		EarlyResults: kit.ReadText(f, "early_results", -1, MaxTextLen, false),
		Summary:      kit.ReadText(f, "summary", -1, MaxTextLen, false),
		EvidenceURL:  kit.ReadURL(f, "evidence_url", -1),
	}
	switch {
	case a.Kind == "":
		f.Fail("kind", "form.required")
	case !slices.Contains(assessmentKinds, a.Kind):
		f.Fail("kind", "planadmin.error.choice")
	}
	switch f.Get("verifiable") {
	case "":
	case "yes", "no":
		yes := f.Get("verifiable") == "yes"
		a.Verifiable = &yes
	default:
		f.Fail("verifiable", "planadmin.error.choice")
	}
	kit.MaxChoices(f, "relevant_values", MaxValues)
	for _, v := range f.Values["relevant_values"] {
		if !Value(v).Valid() {
			f.Fail("relevant_values", "planadmin.error.choice")
		} else if !slices.Contains(a.RelevantValues, Value(v)) {
			a.RelevantValues = append(a.RelevantValues, Value(v))
		}
	}
	scale := func(name string, allowed []string) string {
		v := f.Get(name)
		if v != "" && !slices.Contains(allowed, v) {
			f.Fail(name, "planadmin.error.choice")
			return ""
		}
		return v
	}
	a.Potential = scale("potential", potentials)
	a.Completion = scale("completion", completions)
	a.OpenedGovernment = scale("opened_government", openings)
	return a
}

func (h *Admin) newAssessment(w http.ResponseWriter, r *http.Request) {
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	p, err := PlanByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, c.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.form(w, r, http.StatusOK, h.assessmentForm(r, h.assessmentDefaults(r), p, c))
}

func (h *Admin) newPlanAssessment(w http.ResponseWriter, r *http.Request) {
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	h.form(w, r, http.StatusOK, h.assessmentForm(r, h.assessmentDefaults(r), p, nil))
}

func (h *Admin) assessmentDefaults(r *http.Request) *web.Form {
	today := h.Now().In(web.SiteOf(r.Context()).Location).Format("2006-01-02")
	return web.NewForm(url.Values{"assessed_on": {today}, "kind": {string(SelfAssessment)}})
}

func (h *Admin) createAssessment(w http.ResponseWriter, r *http.Request) {
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	p, err := PlanByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, c.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.saveAssessment(w, r, p, c)
}

func (h *Admin) createPlanAssessment(w http.ResponseWriter, r *http.Request) {
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	h.saveAssessment(w, r, p, nil)
}

func (h *Admin) saveAssessment(w http.ResponseWriter, r *http.Request, p *Plan, c *Commitment) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	a := readAssessment(f)
	a.PlanID = p.ID
	back := "/admin/plans/" + itoa(p.ID)
	if c != nil {
		a.CommitmentID = &c.ID
		back = "/admin/commitments/" + itoa(c.ID)
	}
	// A kind this person may not record is a matter of rights, not a typo.
	if slices.Contains(assessmentKinds, a.Kind) && !CanAssess(auth.UserFrom(ctx), c, a.Kind) {
		h.Errors.Forbidden(w, r)
		return
	}
	if !f.Valid() {
		h.form(w, r, http.StatusUnprocessableEntity, h.assessmentForm(r, f, p, c))
		return
	}
	summary := "assessment " + string(a.Kind) + ": plan " + p.Slug
	if c != nil {
		summary = "assessment " + string(a.Kind) + ": commitment " + c.Ref
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := AddAssessment(ctx, tx, p.SiteID, a); err != nil {
			return err
		}
		return recordChange(ctx, tx, adminChange{action: "create", entity: "assessment", id: a.ID, commitment: a.CommitmentID,
			organisation: leadOf(c), summary: summary, after: adminAssessmentState(a)})
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	saved(w, r, back)
}
