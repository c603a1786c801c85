package budget

import (
	"strconv"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// translate is a Printer's T.
type translate func(key string, args ...any) string

// Row is one row of a table of totals (a chapter, a section, a function, a
// province), its texts formatted for the page's language.
type Row struct {
	Label         i18n.Text // a chapter's label, shown with its language
	Name          string    // a function's or province's name as imported
	Code          string
	URL           string
	Planned       string
	Executed      string
	Rate          string
	Share         string
	PerInhabitant string
	Change        string
}

// LineRow is one budget line in a table.
type LineRow struct {
	Code       string
	Label      i18n.Text
	Chapter    i18n.Text
	URL        string // the line's chapter page
	Function   string
	Province   string
	Commitment string
	Planned    string
	Forecast   string
	Revised    string
	Committed  string
	Executed   string
	Rate       string
}

// Figure is one of the year's key figures.
type Figure struct {
	Planned       string
	Executed      string
	Rate          string
	PerInhabitant string
	Change        string
}

// StageLink links to one stage of the year.
type StageLink struct {
	Stage   Stage
	URL     string
	Current bool
}

// Download is one file of a year's open data.
type Download struct {
	Stage  Stage
	Format string // "CSV", "JSON"
	URL    string
}

// SectionBlock is the chapters of one section of one direction.
type SectionBlock struct {
	Direction Direction
	Section   Section
	URL       string
	Total     Row
	Chapters  []Row
}

// YearPage is what /budget/{year} shows.
type YearPage struct {
	Year         int
	Stage        Stage
	Stages       []StageLink
	Years        []int
	Population   string // "" when unknown: per-inhabitant figures are left out
	PrevYear     int    // 0 when the previous year's same stage is not published
	HasExecution bool
	Revenue      Figure
	Expenditure  Figure
	Breakdowns   []Breakdown
	Sections     []SectionBlock
	Least        []LineRow
	Downloads    []Download
}

// Breakdown is one chart of the year with its table: revenue by source,
// spending by chapter, by function, by province.
type Breakdown struct {
	ID           string
	Title        string
	Chart        *Bars
	Rows         []Row
	Chapters     bool // rows are chapters, with codes and links
	HasExecution bool
	Population   bool
	PrevYear     int
}

// leastShown is how many of the least executed lines the year page lists.
const leastShown = 10

func yearPath(y int) string { return "/budget/" + strconv.Itoa(y) }

func chapterURL(y int, k ChapterKey, s Stage) string {
	return stageURL(yearPath(y)+"/"+string(k.Direction)+"/"+string(k.Section)+"/"+k.Chapter, s)
}

func sectionURL(y int, d Direction, sec Section, s Stage) string {
	return stageURL(yearPath(y)+"/"+string(d)+"/"+string(sec), s)
}

// chapterGroups adds up lines by chapter across sections: the key is
// section/chapter, so the same code in both sections stays apart.
func chapterGroups(lines []Line) []Group {
	return GroupBy(lines, func(l *Line) string { return string(l.Section) + "/" + l.Chapter },
		func(l *Line) i18n.Text { return l.ChapterLabel })
}

func buildYear(m *Money, t translate, l i18n.Locale, b *Budget, prev *Budget, stages []Stage, all []Summary) *YearPage {
	p := &YearPage{Year: b.Year, Stage: b.Stage}
	for _, s := range Stages {
		for _, have := range stages {
			if s == have {
				p.Stages = append(p.Stages, StageLink{Stage: s, URL: stageURL(yearPath(b.Year), s), Current: s == b.Stage})
				p.Downloads = append(p.Downloads,
					Download{Stage: s, Format: "CSV", URL: yearPath(b.Year) + "/" + string(s) + ".csv"},
					Download{Stage: s, Format: "JSON", URL: yearPath(b.Year) + "/" + string(s) + ".json"})
			}
		}
	}
	for _, s := range all {
		if len(p.Years) == 0 || p.Years[len(p.Years)-1] != s.Year {
			p.Years = append(p.Years, s.Year)
		}
	}
	if b.Population > 0 {
		p.Population = m.Count(b.Population)
	}
	rev, exp := Filter(b.Lines, Revenue, ""), Filter(b.Lines, Expenditure, "")
	var prevRev, prevExp []Line
	if prev != nil {
		p.PrevYear = prev.Year
		prevRev, prevExp = Filter(prev.Lines, Revenue, ""), Filter(prev.Lines, Expenditure, "")
	}
	for _, ln := range b.Lines {
		if ln.Executed != 0 {
			p.HasExecution = true
			break
		}
	}
	p.Revenue = figure(m, Sum(rev), prevRev, prev != nil, b.Population)
	p.Expenditure = figure(m, Sum(exp), prevExp, prev != nil, b.Population)

	rtl := l.Dir() == "rtl"
	add := func(id string, groups, before []Group, whole Centimes, dir Direction) {
		if len(groups) == 0 {
			return
		}
		rs := rows(m, b, groups, whole, before, prev != nil, dir)
		title := t("budget.chart."+id, "Year", strconv.Itoa(b.Year))
		p.Breakdowns = append(p.Breakdowns, Breakdown{ID: id, Title: title, Chart: chart(m, title, rtl, rs, groups), Rows: rs,
			Chapters: dir != "", HasExecution: p.HasExecution, Population: p.Population != "", PrevYear: p.PrevYear})
	}
	add("revenue", chapterGroups(rev), chapterGroups(prevRev), Sum(rev).Planned, Revenue)
	add("spending", chapterGroups(exp), chapterGroups(prevExp), Sum(exp).Planned, Expenditure)
	add("function", ByFunction(exp), ByFunction(prevExp), Sum(exp).Planned, "")
	add("province", ByProvince(exp), ByProvince(prevExp), Sum(exp).Planned, "")
	for _, d := range Directions {
		for _, sec := range Sections {
			lines := Filter(b.Lines, d, sec)
			if len(lines) == 0 {
				continue
			}
			blk := SectionBlock{Direction: d, Section: sec, URL: sectionURL(b.Year, d, sec, b.Stage)}
			tot := Sum(lines)
			blk.Total = Row{Planned: m.Amount(tot.Planned), Executed: m.Amount(tot.Executed), Rate: m.Rate(tot.Rate())}
			p.Sections = append(p.Sections, blk)
		}
	}
	if p.HasExecution {
		for _, ln := range LeastExecuted(exp, leastShown) {
			p.Least = append(p.Least, lineRow(m, b, &ln))
		}
	}
	return p
}

func figure(m *Money, t Totals, prev []Line, hasPrev bool, population int64) Figure {
	f := Figure{Planned: m.Amount(t.Planned), Executed: m.Amount(t.Executed), Rate: m.Rate(t.Rate())}
	if v, ok := PerInhabitant(t.Planned, population); ok {
		f.PerInhabitant = m.Exact(v)
	}
	if hasPrev {
		f.Change = m.Change(Change(Sum(prev).Planned, t.Planned))
	}
	return f
}

// rows formats groups as table rows: share of the whole, per inhabitant
// and change from the previous year's same group. A chapter's row links to
// its page (dir is "" for groups that are not chapters).
func rows(m *Money, b *Budget, groups []Group, whole Centimes, prev []Group, hasPrev bool, dir Direction) []Row {
	before := map[string]Centimes{}
	for _, g := range prev {
		before[g.Key] = g.Planned
	}
	out := make([]Row, 0, len(groups))
	for _, g := range groups {
		r := Row{Planned: m.Amount(g.Planned), Executed: m.Amount(g.Executed), Rate: m.Rate(g.Rate()),
			Share: m.Rate(Ratio(g.Planned, whole))}
		if dir != "" {
			sec, code, _ := cut(g.Key)
			r.Code, r.Label = code, g.Label
			r.URL = chapterURL(b.Year, ChapterKey{Section: Section(sec), Direction: dir, Chapter: code}, b.Stage)
		} else {
			r.Name = g.Key
		}
		if v, ok := PerInhabitant(g.Planned, b.Population); ok {
			r.PerInhabitant = m.Exact(v)
		}
		if hasPrev {
			r.Change = m.Change(Change(before[g.Key], g.Planned))
		}
		out = append(out, r)
	}
	return out
}

func cut(key string) (string, string, bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '/' {
			return key[:i], key[i+1:], true
		}
	}
	return "", key, false
}

// chart draws the planned amounts of the rows' groups.
func chart(m *Money, title string, rtl bool, rs []Row, groups []Group) *Bars {
	labels, amounts, values := make([]string, len(rs)), make([]string, len(rs)), make([]Centimes, len(rs))
	for i, r := range rs {
		labels[i] = r.Name
		if r.Code != "" {
			labels[i] = r.Code + " · " + textIn(r.Label, rtl)
		}
		amounts[i] = m.Millions(groups[i].Planned)
		values[i] = groups[i].Planned
	}
	return NewBars(title, rtl, labels, amounts, values)
}

// textIn picks a label for the chart, where text cannot carry its own
// language: the page's language is not known here, so the direction picks
// Arabic or French, then any.
func textIn(t i18n.Text, rtl bool) string {
	if rtl {
		if s := t[i18n.AR]; s != "" {
			return s
		}
	}
	for _, l := range []i18n.Locale{i18n.FR, i18n.EN, i18n.AR} {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

func lineRow(m *Money, b *Budget, ln *Line) LineRow {
	return LineRow{Code: ln.FullCode(), Label: ln.Label, Chapter: ln.ChapterLabel, URL: chapterURL(b.Year, ln.Key(), b.Stage),
		Function: ln.Function, Province: ln.Province, Commitment: ln.Commitment,
		Planned: m.Exact(ln.Planned()), Forecast: m.Exact(ln.Forecast), Revised: m.Exact(ln.Revised), Committed: m.Exact(ln.Committed), Executed: m.Exact(ln.Executed),
		Rate: m.Rate(Ratio(ln.Executed, ln.Planned()))}
}

// SectionPage is what /budget/{year}/{direction}/{section} shows.
type SectionPage struct {
	Year      int
	Stage     Stage
	Stages    []StageLink
	Direction Direction
	Section   Section
	YearURL   string
	Total     Row
	Chapters  []Row
}

func stageLinks(path string, stages []Stage, current Stage) []StageLink {
	var out []StageLink
	for _, s := range Stages {
		for _, have := range stages {
			if s == have {
				out = append(out, StageLink{Stage: s, URL: stageURL(path, s), Current: s == current})
			}
		}
	}
	return out
}

func buildSection(m *Money, t translate, l i18n.Locale, b *Budget, d Direction, sec Section, stages []Stage) *SectionPage {
	lines := Filter(b.Lines, d, sec)
	if len(lines) == 0 {
		return nil
	}
	p := &SectionPage{Year: b.Year, Stage: b.Stage, Direction: d, Section: sec, YearURL: stageURL(yearPath(b.Year), b.Stage),
		Stages: stageLinks(yearPath(b.Year)+"/"+string(d)+"/"+string(sec), stages, b.Stage)}
	tot := Sum(lines)
	p.Total = Row{Planned: m.Amount(tot.Planned), Executed: m.Amount(tot.Executed), Rate: m.Rate(tot.Rate())}
	p.Chapters = rows(m, b, chapterGroups(lines), tot.Planned, nil, false, d)
	return p
}

// ChapterPage is what /budget/{year}/{direction}/{section}/{chapter} shows.
type ChapterPage struct {
	Year       int
	Stage      Stage
	Stages     []StageLink
	Key        ChapterKey
	Label      i18n.Text
	YearURL    string
	SectionURL string
	Total      Row
	Lines      []LineRow
}

func buildChapter(m *Money, t translate, l i18n.Locale, b *Budget, k ChapterKey, stages []Stage) *ChapterPage {
	var lines []Line
	for _, ln := range b.Lines {
		if ln.Key() == k {
			lines = append(lines, ln)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	p := &ChapterPage{Year: b.Year, Stage: b.Stage, Key: k, YearURL: stageURL(yearPath(b.Year), b.Stage),
		SectionURL: sectionURL(b.Year, k.Direction, k.Section, b.Stage),
		Stages:     stageLinks(yearPath(b.Year)+"/"+string(k.Direction)+"/"+string(k.Section)+"/"+k.Chapter, stages, b.Stage)}
	tot := Sum(lines)
	p.Total = Row{Planned: m.Amount(tot.Planned), Executed: m.Amount(tot.Executed), Rate: m.Rate(tot.Rate())}
	if v, ok := PerInhabitant(tot.Planned, b.Population); ok {
		p.Total.PerInhabitant = m.Exact(v)
	}
	for i := range lines {
		if len(p.Label) == 0 && len(lines[i].ChapterLabel) > 0 {
			p.Label = lines[i].ChapterLabel
		}
		p.Lines = append(p.Lines, lineRow(m, b, &lines[i]))
	}
	return p
}
