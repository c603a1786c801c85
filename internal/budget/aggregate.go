package budget

import (
	"cmp"
	"slices"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Totals adds up the four amounts of lines.
type Totals struct {
	Forecast  Centimes `json:"forecast"`
	Revised   Centimes `json:"revised"`
	Committed Centimes `json:"committed"`
	Executed  Centimes `json:"executed"`
	// Planned adds up what each line's execution is measured against
	// (Line.Planned): a line without a revised amount counts its forecast.
	Planned Centimes `json:"planned"`
}

// Add adds the line's amounts.
func (t *Totals) Add(l *Line) {
	t.Planned += l.Planned()
	t.Forecast += l.Forecast
	t.Revised += l.Revised
	t.Committed += l.Committed
	t.Executed += l.Executed
}

// Planned is what the line's execution is measured against: the forecast
// as revised by the amending budgets when a revised amount is given, else
// the forecast.
func (l *Line) Planned() Centimes {
	if l.Revised != 0 {
		return l.Revised
	}
	return l.Forecast
}

// Rate is the execution rate, executed over planned, in tenths of a per cent
// rounded half up (875 is 87.5 %); ok is false when nothing was planned.
func (t Totals) Rate() (tenths int, ok bool) { return Ratio(t.Executed, t.Planned) }

// Ratio is part over whole in tenths of a per cent, rounded half away from
// zero; ok is false when whole is not positive.
func Ratio(part, whole Centimes) (tenths int, ok bool) {
	if whole <= 0 {
		return 0, false
	}
	n := int64(part) * 1000
	if n >= 0 {
		return int((n + int64(whole)/2) / int64(whole)), true
	}
	return -int((-n + int64(whole)/2) / int64(whole)), true
}

// Change is the change from prev to cur in tenths of a per cent (+125 is
// +12.5 %); ok is false when there is no previous amount to compare with.
func Change(prev, cur Centimes) (tenths int, ok bool) {
	if prev <= 0 {
		return 0, false
	}
	return Ratio(cur-prev, prev)
}

// PerInhabitant divides c by the population, rounded to the centime half up;
// ok is false without a population.
func PerInhabitant(c Centimes, population int64) (Centimes, bool) {
	if population <= 0 {
		return 0, false
	}
	if c < 0 {
		v, _ := PerInhabitant(-c, population)
		return -v, true
	}
	return Centimes((int64(c) + population/2) / population), true
}

// Group is the total of the lines sharing one value of a classification:
// a chapter, a section, a function or a province.
type Group struct {
	Key   string    // the chapter code, section, function or province
	Label i18n.Text // the chapter's label; empty for the others
	Lines int       // how many lines it adds up
	Totals
}

// Rate is the group's execution rate (see Totals.Rate).
func (g *Group) Rate() (int, bool) { return g.Totals.Rate() }

// Filter returns the lines of one direction, and of one section unless
// section is "".
func Filter(lines []Line, dir Direction, section Section) []Line {
	var out []Line
	for _, l := range lines {
		if l.Direction == dir && (section == "" || l.Section == section) {
			out = append(out, l)
		}
	}
	return out
}

// GroupBy adds up lines by the key each gets from key, skipping lines whose
// key is "", largest planned amount first (then by key, so the order is
// stable); the label of a group is the first non-empty one of its lines'.
func GroupBy(lines []Line, key func(*Line) string, label func(*Line) i18n.Text) []Group {
	index := map[string]int{}
	var groups []Group
	for i := range lines {
		l := &lines[i]
		k := key(l)
		if k == "" {
			continue
		}
		j, ok := index[k]
		if !ok {
			j = len(groups)
			index[k] = j
			groups = append(groups, Group{Key: k})
		}
		g := &groups[j]
		g.Add(l)
		g.Lines++
		if label != nil && len(g.Label) == 0 {
			if t := label(l); len(t) > 0 {
				g.Label = t
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b Group) int {
		if c := cmp.Compare(b.Planned, a.Planned); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return groups
}

// ByChapter adds up the lines by chapter (of one direction and section
// when lines were filtered so; the key is the chapter code).
func ByChapter(lines []Line) []Group {
	return GroupBy(lines, func(l *Line) string { return l.Chapter }, func(l *Line) i18n.Text { return l.ChapterLabel })
}

// BySection adds up the lines by section.
func BySection(lines []Line) []Group {
	return GroupBy(lines, func(l *Line) string { return string(l.Section) }, nil)
}

// ByFunction adds up the lines by function, leaving out lines without one.
func ByFunction(lines []Line) []Group {
	return GroupBy(lines, func(l *Line) string { return l.Function }, nil)
}

// ByProvince adds up the lines by prefecture or province, leaving out lines
// without one.
func ByProvince(lines []Line) []Group {
	return GroupBy(lines, func(l *Line) string { return l.Province }, nil)
}

// Sum adds up all the lines.
func Sum(lines []Line) Totals {
	var t Totals
	for i := range lines {
		t.Add(&lines[i])
	}
	return t
}

// LeastExecuted returns at most n lines with something planned, lowest
// execution rate first (then the largest planned amount, then the code).
func LeastExecuted(lines []Line, n int) []Line {
	var out []Line
	for _, l := range lines {
		if l.Planned() > 0 {
			out = append(out, l)
		}
	}
	rate := func(l *Line) int { r, _ := Ratio(l.Executed, l.Planned()); return r }
	slices.SortStableFunc(out, func(a, b Line) int {
		if c := cmp.Compare(rate(&a), rate(&b)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Planned(), a.Planned()); c != 0 {
			return c
		}
		return cmp.Compare(a.FullCode(), b.FullCode())
	})
	return out[:min(n, len(out))]
}
