package plan

import (
	"net/url"
	"slices"

	"github.com/infitah/infitah/internal/platform/web"
)

// Filter narrows a plan's commitments. Its fields combine (all must match)
// and travel in the page's URL, so a filtered view can be shared.
type Filter struct {
	Value  Value  // ?value=
	Theme  string // ?theme=
	Status Status // ?status=
	Lead   string // ?lead= (organisation slug)
}

// ParseFilter reads a filter from a query. Unknown OGP values and statuses
// are bad input; themes and leads are checked against the plan by Check.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{Value: Value(q.Get("value")), Theme: q.Get("theme"), Status: Status(q.Get("status")), Lead: q.Get("lead")}
	if f.Value != "" && !f.Value.Valid() {
		return f, web.Invalid("error.invalid_filter", "Name", "value")
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, web.Invalid("error.invalid_filter", "Name", "status")
	}
	return f, nil
}

// Check reports bad input when the theme or lead agency is not one of the
// plan's.
func (f Filter) Check(themes []string, leads []OrgRef) error {
	if f.Theme != "" && !slices.Contains(themes, f.Theme) {
		return web.Invalid("error.invalid_filter", "Name", "theme")
	}
	if f.Lead != "" && !slices.ContainsFunc(leads, func(o OrgRef) bool { return o.Slug == f.Lead }) {
		return web.Invalid("error.invalid_filter", "Name", "lead")
	}
	return nil
}

// Active reports whether any criterion is set.
func (f Filter) Active() bool { return f != Filter{} }

// Match reports whether c passes every criterion.
func (f Filter) Match(c *Commitment) bool {
	switch {
	case f.Value != "" && !c.HasValue(f.Value):
		return false
	case f.Theme != "" && !slices.Contains(c.Themes, f.Theme):
		return false
	case f.Status != "" && c.Status != f.Status:
		return false
	case f.Lead != "" && (c.Lead == nil || c.Lead.Slug != f.Lead):
		return false
	}
	return true
}

// Apply returns the commitments that match.
func (f Filter) Apply(cs []Commitment) []Commitment {
	if !f.Active() {
		return cs
	}
	var out []Commitment
	for i := range cs {
		if f.Match(&cs[i]) {
			out = append(out, cs[i])
		}
	}
	return out
}

// Options lists the themes and lead agencies present in cs, in first-seen
// order, for the filter form.
func Options(cs []Commitment) (themes []string, leads []OrgRef) {
	for _, c := range cs {
		for _, t := range c.Themes {
			if !slices.Contains(themes, t) {
				themes = append(themes, t)
			}
		}
		if c.Lead != nil && !slices.ContainsFunc(leads, func(o OrgRef) bool { return o.ID == c.Lead.ID }) {
			leads = append(leads, *c.Lead)
		}
	}
	return themes, leads
}

// Segment is one status's share of a stacked bar, in commitment units.
type Segment struct {
	Status Status
	Count  int
	X      int
}

// Segments lays out the status counts of cs as a stacked bar.
func Segments(cs []Commitment) []Segment {
	counts := CountByStatus(cs)
	var out []Segment
	x := 0
	for _, s := range Statuses {
		out = append(out, Segment{Status: s, Count: counts[s], X: x})
		x += counts[s]
	}
	return out
}
