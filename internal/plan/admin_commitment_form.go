package plan

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Creating a commitment (administrators) and editing one (administrators,
// and editors of the lead organisation, who may not hand it to another), with
// every field of the OGP Local template.

var partnerFields = []string{"partner_org", "partner_sector"}

func (h *Admin) commitmentForm(r *http.Request, f *web.Form, p *Plan, c *Commitment, orgs []webform.Option, partnerRows int) *webform.FormView {
	b := h.builder(r, f)
	pr := b.P
	l := web.Locale(r.Context())
	values := make([]webform.Option, len(Values))
	for i, v := range Values {
		values[i] = webform.Option{Value: string(v), Label: pr.T("value." + string(v))}
	}
	themes := make([]webform.Option, len(Themes))
	for i, t := range Themes {
		themes[i] = webform.Option{Value: t, Label: pr.T("theme." + t)}
	}
	sectors := make([]webform.Option, len(Sectors))
	for i, s := range Sectors {
		sectors[i] = webform.Option{Value: string(s), Label: pr.T("sector." + string(s))}
	}
	v := &webform.FormView{
		Heading: pr.T("planadmin.commitment.new", "Plan", p.Title.In(l)),
		Crumbs: []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"}, {Label: pr.T("admin.nav.plans"), URL: "/admin/plans"},
			{Label: p.Title.In(l), URL: "/admin/plans/" + itoa(p.ID)}},
		Action: "/admin/plans/" + itoa(p.ID) + "/commitments/new",
		Submit: pr.T("planadmin.form.save"),
		Cancel: "/admin/plans/" + itoa(p.ID),
		Sets: []webform.FieldSet{
			{Legend: pr.T("planadmin.commitment.identity"), Fields: []webform.Field{
				b.Hint(b.Input("text", "ref", -1, "planadmin.commitment.ref", true), "planadmin.commitment.ref_hint"),
				b.Texts("title", -1, "planadmin.commitment.title", false, true),
				b.Input("date", "start_date", -1, "planadmin.commitment.start_date", false),
				b.Input("date", "end_date", -1, "planadmin.commitment.end_date", false),
			}},
			{Legend: pr.T("planadmin.commitment.problem_section"), Fields: []webform.Field{
				b.Texts("problem", -1, "commitment.problem", true, false),
				b.Texts("cause", -1, "commitment.cause", true, false),
				b.Texts("status_quo", -1, "commitment.status_quo", true, false),
			}},
			{Legend: pr.T("planadmin.commitment.solution_section"), Fields: []webform.Field{
				b.Texts("objective", -1, "commitment.objective", true, false),
				b.Texts("expected_results", -1, "commitment.expected_results", true, false),
				b.Texts("solution", -1, "commitment.solution", true, false),
			}},
			{Legend: pr.T("planadmin.commitment.relevance_section"), Fields: []webform.Field{
				b.Checks("values", "commitment.values", values),
				b.Checks("themes", "commitment.themes", themes),
			}},
			{Legend: pr.T("planadmin.commitment.actors_section"), Fields: []webform.Field{
				h.leadField(r, b, c, orgs),
				b.Texts("contact_name", -1, "planadmin.commitment.contact_name", false, false),
				b.Hint(b.Texts("contact_role", -1, "planadmin.commitment.contact_role", false, false), "planadmin.commitment.contact_hint"),
			}},
		},
	}
	for i := 0; i < partnerRows; i++ {
		v.Sets = append(v.Sets, webform.FieldSet{
			Legend: pr.T("planadmin.commitment.partner", "N", i+1),
			Hint:   pr.T("planadmin.form.optional_row"),
			Fields: []webform.Field{
				b.Choice("partner_org", i, "planadmin.commitment.partner_org", "planadmin.form.none", orgs, false),
				b.Choice("partner_sector", i, "planadmin.commitment.partner_sector", "planadmin.form.none", sectors, false),
			},
		})
	}
	if c != nil {
		v.Heading = pr.T("planadmin.commitment.edit", "Ref", c.Ref)
		v.Crumbs = append(v.Crumbs, webform.Crumb{Label: c.Ref, URL: "/admin/commitments/" + itoa(c.ID)})
		v.Action = "/admin/commitments/" + itoa(c.ID) + "/edit"
		v.Cancel = "/admin/commitments/" + itoa(c.ID)
		v.StaleURL = v.Action
	}
	return v
}

// leadField is the lead agency: a choice for administrators, and shown as
// it stands to an editor, since handing a commitment to another organisation
// is the administrators' call.
func (h *Admin) leadField(r *http.Request, b *webform.Builder, c *Commitment, orgs []webform.Option) webform.Field {
	if c == nil || auth.UserFrom(r.Context()).Role == auth.Admin {
		return b.Choice("lead", -1, "commitment.lead", "planadmin.form.choose", orgs, true)
	}
	fl := webform.Field{Kind: "static", ID: "f-lead", Name: "lead", Label: b.P.T("commitment.lead"), Value: "—"}
	if c.Lead != nil {
		fl.Value = c.Lead.Name.In(web.Locale(r.Context()))
	}
	return b.Hint(fl, "planadmin.commitment.lead_admin_only")
}

func commitmentValues(c *Commitment) url.Values {
	vs := url.Values{"ref": {c.Ref}, "start_date": {webform.DateValue(c.StartDate)}, "end_date": {webform.DateValue(c.EndDate)},
		"themes": c.Themes}
	for _, v := range c.Values {
		vs.Add("values", string(v))
	}
	if c.Lead != nil {
		vs.Set("lead", webform.IDValue(c.Lead.ID))
	}
	webform.TextValues(vs, "title", c.Title)
	webform.TextValues(vs, "problem", c.Problem)
	webform.TextValues(vs, "cause", c.Cause)
	webform.TextValues(vs, "status_quo", c.StatusQuo)
	webform.TextValues(vs, "objective", c.Objective)
	webform.TextValues(vs, "expected_results", c.ExpectedResults)
	webform.TextValues(vs, "solution", c.Solution)
	webform.TextValues(vs, "contact_name", c.ContactName)
	webform.TextValues(vs, "contact_role", c.ContactRole)
	for _, p := range c.Partners {
		vs.Add("partner_org", webform.IDValue(p.ID))
		vs.Add("partner_sector", string(p.Sector))
	}
	return vs
}

// readCommitment reads the posted commitment; organisations must be among
// known, the site's.
func readCommitment(f *web.Form, known map[int64]bool) *Commitment {
	c := &Commitment{
		Ref:             f.Get("ref"),
		Title:           kit.ReadText(f, "title", -1, MaxTitleLen, true),
		Problem:         kit.ReadText(f, "problem", -1, MaxTextLen, false),
		Cause:           kit.ReadText(f, "cause", -1, MaxTextLen, false),
		StatusQuo:       kit.ReadText(f, "status_quo", -1, MaxTextLen, false),
		Objective:       kit.ReadText(f, "objective", -1, MaxTextLen, false),
		ExpectedResults: kit.ReadText(f, "expected_results", -1, MaxTextLen, false),
		Solution:        kit.ReadText(f, "solution", -1, MaxTextLen, false),
		ContactName:     kit.ReadText(f, "contact_name", -1, MaxNameLen, false),
		ContactRole:     kit.ReadText(f, "contact_role", -1, MaxNameLen, false),
		StartDate:       kit.ReadDate(f, "start_date", -1, false),
		EndDate:         kit.ReadDate(f, "end_date", -1, false),
	}
	switch {
	case c.Ref == "":
		f.Fail("ref", "form.required")
	case len([]rune(c.Ref)) > MaxRefLen:
		f.Fail("ref", "planadmin.error.too_long", "Max", MaxRefLen)
	}
	checkPeriod(f, c.StartDate, c.EndDate, "end_date", -1)
	kit.MaxChoices(f, "values", MaxValues)
	kit.MaxChoices(f, "themes", MaxThemes)
	for _, v := range f.Values["values"] {
		if !Value(v).Valid() {
			f.Fail("values", "planadmin.error.choice")
		} else if !slices.Contains(c.Values, Value(v)) {
			c.Values = append(c.Values, Value(v))
		}
	}
	for _, t := range f.Values["themes"] {
		if !slices.Contains(Themes, t) {
			f.Fail("themes", "planadmin.error.choice")
		} else if !slices.Contains(c.Themes, t) {
			c.Themes = append(c.Themes, t)
		}
	}
	if id := webform.ReadID(f, "lead", -1, known, "planadmin.error.unknown_org", true); id != 0 {
		c.Lead = &OrgRef{ID: id}
	}
	kit.MaxRows(f, MaxPartners, partnerFields...)
	for i := 0; i < min(webform.Rows(f, partnerFields...), MaxPartners); i++ {
		if blankRow(f, i, partnerFields...) {
			continue
		}
		id := webform.ReadID(f, "partner_org", i, known, "planadmin.error.unknown_org", true)
		sector := Sector(webform.Nth(f.Values, "partner_sector", i))
		switch {
		case sector == "":
			f.Fail(webform.ErrKey("partner_sector", i), "form.required")
		case !slices.Contains(Sectors, sector):
			f.Fail(webform.ErrKey("partner_sector", i), "planadmin.error.choice")
		}
		if id == 0 {
			continue
		}
		if slices.ContainsFunc(c.Partners, func(p Partner) bool { return p.ID == id }) {
			f.Fail(webform.ErrKey("partner_org", i), "planadmin.error.duplicate_partner")
			continue
		}
		c.Partners = append(c.Partners, Partner{OrgRef: OrgRef{ID: id}, Sector: sector})
	}
	return c
}

func (h *Admin) newCommitment(w http.ResponseWriter, r *http.Request) {
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	orgs, _, err := h.organisations(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.form(w, r, http.StatusOK, h.commitmentForm(r, web.NewForm(nil), p, nil, orgs, blankRows+1))
}

func (h *Admin) createCommitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.plan(w, r)
	if !ok {
		return
	}
	orgs, known, err := h.organisations(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	c := readCommitment(f, known)
	c.PlanID = p.ID
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := adminInsertCommitment(ctx, tx, p.SiteID, c); err != nil {
				return err
			}
			return recordChange(ctx, tx, adminChange{action: "create", entity: "commitment", id: c.ID, commitment: &c.ID,
				organisation: leadOf(c), summary: "commitment " + c.Ref, after: adminCommitmentState(c)})
		})
		switch {
		case err == nil:
			saved(w, r, "/admin/commitments/"+itoa(c.ID))
			return
		case db.IsUniqueViolation(err):
			f.Fail("ref", "planadmin.error.ref_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	h.form(w, r, http.StatusUnprocessableEntity, h.commitmentForm(r, f, p, nil, orgs, webform.ShownRows(f, MaxPartners, partnerFields...)))
}

func (h *Admin) editCommitment(w http.ResponseWriter, r *http.Request) {
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	p, err := PlanByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, c.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	orgs, _, err := h.organisations(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := h.commitmentForm(r, web.NewForm(commitmentValues(c)), p, c, orgs, len(c.Partners)+blankRows)
	v.Version = c.Version
	h.form(w, r, http.StatusOK, v)
}

func (h *Admin) updateCommitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	cur, ok := h.commitment(w, r)
	if !ok {
		return
	}
	p, err := PlanByID(ctx, h.DB.R(), site.ID, cur.PlanID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	orgs, known, err := h.organisations(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	if auth.UserFrom(ctx).Role != auth.Admin {
		// Whatever was posted, an editor's commitment stays with its lead.
		f.Values.Set("lead", webform.IDValue(cur.Lead.ID))
	}
	c := readCommitment(f, known)
	c.ID, c.PlanID = cur.ID, cur.PlanID
	status, stale := http.StatusUnprocessableEntity, false
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			before, err := CommitmentByID(ctx, tx, site.ID, c.ID)
			if err != nil {
				return err
			}
			if err := adminUpdateCommitment(ctx, tx, site.ID, c, version); err != nil {
				return err
			}
			return recordChange(ctx, tx, adminChange{action: "update", entity: "commitment", id: c.ID, commitment: &c.ID,
				organisation: leadOf(c), summary: "commitment " + c.Ref,
				before: adminCommitmentState(before), after: adminCommitmentState(c)})
		})
		switch {
		case err == nil:
			saved(w, r, "/admin/commitments/"+itoa(c.ID))
			return
		case errors.Is(err, errStale):
			status, stale = http.StatusConflict, true
		case db.IsUniqueViolation(err):
			f.Fail("ref", "planadmin.error.ref_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	v := h.commitmentForm(r, f, p, cur, orgs, webform.ShownRows(f, MaxPartners, partnerFields...))
	v.Version, v.Stale = version, stale
	h.form(w, r, status, v)
}
