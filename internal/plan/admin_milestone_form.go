package plan

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Adding and editing a milestone of a commitment the person manages. Its
// status and progress are not edited here: they come from progress updates.

func (h *Admin) milestoneForm(r *http.Request, f *web.Form, c *Commitment, m *Milestone, orgs []webform.Option) *webform.FormView {
	b := h.builder(r, f)
	pr := b.P
	l := web.Locale(r.Context())
	weight := b.Hint(b.Input("number", "weight", -1, "planadmin.milestone.weight", true), "planadmin.milestone.weight_hint")
	weight.Min, weight.Max = "1", "100"
	v := &webform.FormView{
		Heading: pr.T("planadmin.milestone.new", "Ref", c.Ref),
		Crumbs: []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"},
			{Label: c.Ref + " · " + c.Title.In(l), URL: "/admin/commitments/" + itoa(c.ID)}},
		Action: "/admin/commitments/" + itoa(c.ID) + "/milestones/new",
		Submit: pr.T("planadmin.form.save"),
		Cancel: "/admin/commitments/" + itoa(c.ID),
		Sets: []webform.FieldSet{{Legend: pr.T("planadmin.milestone.details"), Fields: []webform.Field{
			b.Texts("title", -1, "planadmin.milestone.title", false, true),
			b.Texts("deliverable", -1, "milestone.deliverable", true, false),
			b.Input("date", "start_date", -1, "planadmin.milestone.start_date", false),
			b.Input("date", "end_date", -1, "planadmin.milestone.end_date", false),
			b.Choice("responsible", -1, "milestone.responsible", "planadmin.form.none", orgs, false),
			weight,
		}}},
	}
	if m != nil {
		v.Heading = pr.T("planadmin.milestone.edit", "Title", m.Title.In(l))
		v.Action = "/admin/milestones/" + itoa(m.ID) + "/edit"
		v.StaleURL = v.Action
	}
	return v
}

func milestoneValues(m *Milestone) url.Values {
	vs := url.Values{"start_date": {webform.DateValue(m.StartDate)}, "end_date": {webform.DateValue(m.EndDate)},
		"weight": {strconv.Itoa(m.Weight)}}
	if m.Responsible != nil {
		vs.Set("responsible", webform.IDValue(m.Responsible.ID))
	}
	webform.TextValues(vs, "title", m.Title)
	webform.TextValues(vs, "deliverable", m.Deliverable)
	return vs
}

func readMilestone(f *web.Form, known map[int64]bool) *Milestone {
	m := &Milestone{
		Title:       kit.ReadText(f, "title", -1, MaxTitleLen, true),
		Deliverable: kit.ReadText(f, "deliverable", -1, MaxTextLen, false),
		StartDate:   kit.ReadDate(f, "start_date", -1, false),
		EndDate:     kit.ReadDate(f, "end_date", -1, false),
	}
	checkPeriod(f, m.StartDate, m.EndDate, "end_date", -1)
	if id := webform.ReadID(f, "responsible", -1, known, "planadmin.error.unknown_org", false); id != 0 {
		m.Responsible = &OrgRef{ID: id}
	}
	m.Weight, _ = kit.ReadInt(f, "weight", -1, 1, 100, true, "planadmin.error.range")
	return m
}

// milestone loads the {id} milestone of the site and its commitment, and
// checks that the user manages the commitment (answering 404 or 403 itself).
func (h *Admin) milestone(w http.ResponseWriter, r *http.Request) (*Milestone, *Commitment, bool) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, nil, false
	}
	m, err := adminMilestone(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, nil, false
	}
	c, err := CommitmentByID(ctx, h.DB.R(), site.ID, m.CommitmentID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, nil, false
	}
	if !CanManageCommitment(auth.UserFrom(ctx), c) {
		h.Errors.Forbidden(w, r)
		return nil, nil, false
	}
	return m, c, true
}

func (h *Admin) newMilestone(w http.ResponseWriter, r *http.Request) {
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	orgs, _, err := h.organisations(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f := web.NewForm(url.Values{"weight": {"1"}})
	h.form(w, r, http.StatusOK, h.milestoneForm(r, f, c, nil, orgs))
}

func (h *Admin) createMilestone(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := h.commitment(w, r)
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
	m := readMilestone(f, known)
	m.CommitmentID = c.ID
	if !f.Valid() {
		h.form(w, r, http.StatusUnprocessableEntity, h.milestoneForm(r, f, c, nil, orgs))
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := adminInsertMilestone(ctx, tx, m); err != nil {
			return err
		}
		return recordChange(ctx, tx, adminChange{action: "create", entity: "milestone", id: m.ID, commitment: &c.ID,
			organisation: leadOf(c), summary: "milestone " + c.Ref + " #" + strconv.Itoa(m.Position), after: adminMilestoneState(m)})
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	saved(w, r, "/admin/commitments/"+itoa(c.ID))
}

func (h *Admin) editMilestone(w http.ResponseWriter, r *http.Request) {
	m, c, ok := h.milestone(w, r)
	if !ok {
		return
	}
	orgs, _, err := h.organisations(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := h.milestoneForm(r, web.NewForm(milestoneValues(m)), c, m, orgs)
	v.Version = m.Version
	h.form(w, r, http.StatusOK, v)
}

func (h *Admin) updateMilestone(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cur, c, ok := h.milestone(w, r)
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
	version, _ := strconv.Atoi(f.Get("version"))
	m := readMilestone(f, known)
	m.ID, m.CommitmentID, m.Position, m.Status, m.Progress = cur.ID, cur.CommitmentID, cur.Position, cur.Status, cur.Progress
	status, stale := http.StatusUnprocessableEntity, false
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			before, err := adminMilestone(ctx, tx, web.SiteOf(ctx).ID, m.ID)
			if err != nil {
				return err
			}
			// Status and progress stand as the latest update left them.
			m.Status, m.Progress = before.Status, before.Progress
			if err := adminUpdateMilestone(ctx, tx, m, version); err != nil {
				return err
			}
			return recordChange(ctx, tx, adminChange{action: "update", entity: "milestone", id: m.ID, commitment: &c.ID,
				organisation: leadOf(c), summary: "milestone " + c.Ref + " #" + strconv.Itoa(m.Position),
				before: adminMilestoneState(before), after: adminMilestoneState(m)})
		})
		switch {
		case err == nil:
			saved(w, r, "/admin/commitments/"+itoa(c.ID))
			return
		case errors.Is(err, errStale):
			status, stale = http.StatusConflict, true
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	v := h.milestoneForm(r, f, c, cur, orgs)
	v.Version, v.Stale = version, stale
	h.form(w, r, status, v)
}
