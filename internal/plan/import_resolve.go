package plan

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// importTarget is what an import file meets in the database: the plan's
// commitments and milestones as stored, and the site's organisations.
type importTarget struct {
	siteID, planID int64
	commitments    map[string]*Commitment // by ref, with partners and milestones
	bySlug         map[string]*account.Organisation
	byName         map[string][]*account.Organisation // lower-cased Arabic, French and English names
	nextPosition   int
}

func loadImportTarget(ctx context.Context, q db.Querier, siteID, planID int64) (*importTarget, error) {
	t := &importTarget{siteID: siteID, planID: planID, commitments: map[string]*Commitment{},
		bySlug: map[string]*account.Organisation{}, byName: map[string][]*account.Organisation{}}
	cs, err := Commitments(ctx, q, siteID, planID)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		c := &cs[i]
		if c.Milestones, err = Milestones(ctx, q, c.ID); err != nil {
			return nil, err
		}
		t.commitments[c.Ref] = c
		t.nextPosition = max(t.nextPosition, c.Position)
	}
	t.nextPosition++
	for after := int64(0); ; {
		page, err := account.Organisations(ctx, q, siteID, after, 500)
		if err != nil {
			return nil, err
		}
		for i := range page {
			o := &page[i]
			t.bySlug[o.Slug] = o
			for _, name := range o.Name {
				if key := nameKey(name); key != "" && !slices.Contains(t.byName[key], o) {
					t.byName[key] = append(t.byName[key], o)
				}
			}
			after = o.ID
		}
		if len(page) < 500 {
			break
		}
	}
	return t, nil
}

func nameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// org finds an organisation by slug (exactly, else ignoring case) or by name.
// It returns the error key when there is none or more than one.
func (t *importTarget) org(slug, name string) (*account.Organisation, string) {
	if slug != "" {
		if o := t.bySlug[slug]; o != nil {
			return o, ""
		}
		var found *account.Organisation
		for s, o := range t.bySlug {
			if strings.EqualFold(s, slug) {
				if found != nil {
					return nil, "import.error.ambiguous_org"
				}
				found = o
			}
		}
		if found == nil {
			return nil, "import.error.unknown_org"
		}
		return found, ""
	}
	switch matches := t.byName[nameKey(name)]; len(matches) {
	case 0:
		return nil, "import.error.unknown_org"
	case 1:
		return matches[0], ""
	default:
		return nil, "import.error.ambiguous_org"
	}
}

// Columns naming a lead agency or a responsible body: by slug, by Arabic
// name, by French name.
var (
	leadColumns        = [3]string{"lead", "lead_agency_ar", "lead_agency_fr"}
	responsibleColumns = [3]string{"responsible", "responsible_ar", "responsible_fr"}
)

// orgCell resolves a lead or responsible cell (its columns in cols): nil
// for an empty one.
func (t *importTarget) orgCell(cell OrgCell, cols [3]string, fail func(col, key, value string)) *OrgRef {
	var found *account.Organisation
	for i, n := range [3]struct{ slug, name string }{{cell.Slug, ""}, {"", cell.NameAR}, {"", cell.NameFR}} {
		if n.slug == "" && n.name == "" {
			continue
		}
		o, key := t.org(n.slug, n.name)
		switch {
		case key != "":
			fail(cols[i], key, n.slug+n.name)
			return nil
		case found != nil && found.ID != o.ID:
			// The Arabic and French names point at different organisations.
			fail(cols[i], "import.error.ambiguous_org", n.name)
			return nil
		}
		found = o
	}
	if found == nil {
		return nil
	}
	return &OrgRef{ID: found.ID, Slug: found.Slug, Name: found.Name, Acronym: found.Acronym}
}

// sectorOf is the sector an organisation speaks for when the file does not say.
func sectorOf(k account.Kind) Sector {
	switch k {
	case account.Government:
		return SectorGovernment
	case account.Company:
		return SectorPrivate
	case account.University:
		return SectorAcademia
	case account.International:
		return SectorInternational
	default: // associations, media
		return SectorCivilSociety
	}
}

// mergeCommitment applies a row to the stored commitment (nil for a new one)
// and returns the result; the stored one is left as it was.
func (t *importTarget) mergeCommitment(p *ImportPlan, row ImportCommitment, cur *Commitment, hasMilestones bool, fail func(col, key, value string)) *Commitment {
	var c Commitment
	if cur != nil {
		c = cloneCommitment(cur)
	} else {
		c = Commitment{PlanID: t.planID, Ref: row.Ref, Status: NotStarted}
	}
	switch {
	case row.Position > 0:
		c.Position = row.Position
	case cur == nil:
		c.Position = t.nextPosition
		t.nextPosition++
	}
	for field, tx := range row.Texts {
		setTexts(commitmentText(&c, field), tx)
	}
	if p.Has("ogp_values") {
		c.Values = row.Values
	}
	if p.Has("themes") {
		c.Themes = row.Themes
	}
	if p.Has("lead") || p.Has("lead_agency_ar") || p.Has("lead_agency_fr") {
		c.Lead = t.orgCell(row.Lead, leadColumns, fail)
	}
	if p.Has("partners") || p.Has("partners_ar") || p.Has("partners_fr") {
		c.Partners = t.partners(row.Partners, cur, fail)
	}
	if p.Has("start_date") {
		c.StartDate = row.Start
	}
	if p.Has("end_date") {
		c.EndDate = row.End
	}
	if !c.StartDate.IsZero() && !c.EndDate.IsZero() && c.EndDate.Before(c.StartDate.Time) {
		fail("end_date", "import.error.end_before_start", c.EndDate.String())
	}
	if row.Status != "" {
		c.Status = row.Status
	}
	// A commitment with milestones takes its progress from them.
	if row.Progress != nil && !hasMilestones {
		c.Progress = *row.Progress
	}
	return &c
}

func (t *importTarget) partners(cells []PartnerCell, cur *Commitment, fail func(col, key, value string)) []Partner {
	var out []Partner
	for _, pc := range cells {
		o, key := t.org(pc.Slug, pc.Name)
		if key != "" {
			fail(pc.Column, key, pc.Slug+pc.Name)
			continue
		}
		if slices.ContainsFunc(out, func(p Partner) bool { return p.ID == o.ID }) {
			continue // named in both the Arabic and the French column
		}
		sector := pc.Sector
		if sector == "" && cur != nil {
			for _, p := range cur.Partners {
				if p.ID == o.ID {
					sector = p.Sector
				}
			}
		}
		if sector == "" {
			sector = sectorOf(o.Kind)
		}
		out = append(out, Partner{OrgRef: OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym}, Sector: sector})
	}
	// Stored partners come back ordered by organisation id.
	slices.SortFunc(out, func(a, b Partner) int { return int(a.ID - b.ID) })
	return out
}

// mergeMilestone applies a row to the stored milestone (nil for a new one).
func (t *importTarget) mergeMilestone(p *ImportPlan, row ImportMilestone, cur *Milestone, fail func(col, key, value string)) *Milestone {
	var m Milestone
	if cur != nil {
		m = *cur
		m.Title, m.Deliverable = maps.Clone(cur.Title), maps.Clone(cur.Deliverable)
	} else {
		m = Milestone{Position: row.Position, Status: NotStarted, Weight: 1}
	}
	for field, tx := range row.Texts {
		target := &m.Title
		if field == "deliverable" {
			target = &m.Deliverable
		}
		setTexts(target, tx)
	}
	if p.Has("responsible") || p.Has("responsible_ar") || p.Has("responsible_fr") {
		m.Responsible = t.orgCell(row.Responsible, responsibleColumns, fail)
	}
	if p.Has("start_date") {
		m.StartDate = row.Start
	}
	if p.Has("end_date") {
		m.EndDate = row.End
	}
	if !m.StartDate.IsZero() && !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate.Time) {
		fail("end_date", "import.error.end_before_start", m.EndDate.String())
	}
	if row.Status != "" {
		m.Status = row.Status
	}
	if row.Progress != nil {
		m.Progress = *row.Progress
	}
	if row.Weight != nil {
		m.Weight = *row.Weight
	}
	return &m
}

// setTexts writes the languages of src into *dst; an empty value removes
// the translation.
func setTexts(dst *i18n.Text, src i18n.Text) {
	for l, s := range src {
		if s == "" {
			delete(*dst, l)
			continue
		}
		if *dst == nil {
			*dst = i18n.Text{}
		}
		(*dst)[l] = s
	}
}

// commitmentText points at the commitment's translatable field.
func commitmentText(c *Commitment, field string) *i18n.Text {
	switch field {
	case "title":
		return &c.Title
	case "problem":
		return &c.Problem
	case "cause":
		return &c.Cause
	case "status_quo":
		return &c.StatusQuo
	case "objective":
		return &c.Objective
	case "expected_results":
		return &c.ExpectedResults
	case "solution":
		return &c.Solution
	case "contact_name":
		return &c.ContactName
	case "contact_role":
		return &c.ContactRole
	}
	panic("plan: unknown commitment text field " + field)
}

// cloneCommitment copies c deeply enough that merging into the copy leaves
// c as stored.
func cloneCommitment(c *Commitment) Commitment {
	out := *c
	for _, f := range commitmentTextFields {
		*commitmentText(&out, f) = maps.Clone(*commitmentText(c, f))
	}
	out.Values, out.Themes, out.Partners = slices.Clone(c.Values), slices.Clone(c.Themes), slices.Clone(c.Partners)
	out.Milestones, out.Updates, out.Assessments = nil, nil, nil
	return out
}
