package plan

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Adding and editing a milestone of a commitment the person manages. Its
// status and progress are not edited here: they come from progress updates.

func (h *Admin) milestoneForm(r *http.Request, f *web.Form, c *Commitment, m *Milestone, orgs []option) *formView {
	b := h.builder(r, f)
	pr := b.p
	l := web.Locale(r.Context())
	weight := b.hint(b.input("number", "weight", -1, "planadmin.milestone.weight", true), "planadmin.milestone.weight_hint")
	weight.Min, weight.Max = "1", "100"
	v := &formView{
		Heading: pr.T("planadmin.milestone.new", "Ref", c.Ref),
		Crumbs: []crumb{{pr.T("admin.nav.dashboard"), "/admin"},
			{c.Ref + " · " + c.Title.In(l), "/admin/commitments/" + itoa(c.ID)}},
		Action: "/admin/commitments/" + itoa(c.ID) + "/milestones/new",
		Submit: pr.T("planadmin.form.save"),
		Cancel: "/admin/commitments/" + itoa(c.ID),
		Sets: []fieldset{{Legend: pr.T("planadmin.milestone.details"), Fields: []field{
			b.texts("title", -1, "planadmin.milestone.title", false, true),
			b.texts("deliverable", -1, "milestone.deliverable", true, false),
			b.input("date", "start_date", -1, "planadmin.milestone.start_date", false),
			b.input("date", "end_date", -1, "planadmin.milestone.end_date", false),
			b.choice("responsible", -1, "milestone.responsible", "planadmin.form.none", orgs, false),
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
	vs := url.Values{"start_date": {dateValue(m.StartDate)}, "end_date": {dateValue(m.EndDate)},
		"weight": {strconv.Itoa(m.Weight)}}
	if m.Responsible != nil {
		vs.Set("responsible", idValue(m.Responsible.ID))
	}
	textValues(vs, "title", m.Title)
	textValues(vs, "deliverable", m.Deliverable)
	return vs
}

func readMilestone(f *web.Form, known map[int64]bool) *Milestone {
	m := &Milestone{
		Title:       readText(f, "title", -1, true),
		Deliverable: readText(f, "deliverable", -1, false),
		StartDate:   readDate(f, "start_date", -1, false),
		EndDate:     readDate(f, "end_date", -1, false),
	}
	checkPeriod(f, m.StartDate, m.EndDate, "end_date", -1)
	if id := readID(f, "responsible", -1, known, "planadmin.error.unknown_org", false); id != 0 {
		m.Responsible = &OrgRef{ID: id}
	}
	m.Weight, _ = readInt(f, "weight", -1, 1, 100, true, "planadmin.error.range")
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
