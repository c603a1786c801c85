// Package budget publishes a council's budget and its execution as open data:
// budgets per fiscal year and stage, imported from the finance department's
// spreadsheet, shown as server-rendered charts and tables, and downloadable
// as CSV and JSON (docs/budget.md).
//
// Amounts are integers of centimes everywhere (Centimes): a budget is added
// up, compared and published, and floats would lose centimes on the way.
package budget

import (
	"slices"
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Stage is the point of the fiscal year a budget describes.
type Stage string

// The stages of a fiscal year, in the order they come out.
const (
	StageAdopted   Stage = "adopted"   // the budget the council voted
	StageAmending  Stage = "amending"  // an amending budget (budget modificatif)
	StageExecution Stage = "execution" // the administrative account: what was executed
)

// Stages lists every stage in the order they come out during a year.
var Stages = []Stage{StageAdopted, StageAmending, StageExecution}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// rank orders stages: a later stage says more about the year.
func (s Stage) rank() int { return slices.Index(Stages, s) }

// Section is the part of the territorial budget a line belongs to.
type Section string

// The two sections of a territorial budget.
const (
	Operating  Section = "operating"  // fonctionnement, التسيير
	Investment Section = "investment" // équipement/investissement, التجهيز
)

// Sections lists the sections in display order.
var Sections = []Section{Operating, Investment}

// Direction tells revenue from expenditure.
type Direction string

// The two directions of a budget line.
const (
	Revenue     Direction = "revenue"     // recettes, المداخيل
	Expenditure Direction = "expenditure" // dépenses, النفقات
)

// Directions lists the directions in display order.
var Directions = []Direction{Revenue, Expenditure}

// Line is one line of a budget in the territorial budget nomenclature.
type Line struct {
	Section   Section   `json:"section"`
	Direction Direction `json:"direction"`
	Chapter   string    `json:"chapter"`
	Article   string    `json:"article"`
	Paragraph string    `json:"paragraph,omitempty"`
	Code      string    `json:"line,omitempty"` // the line (ligne) code within the paragraph
	// Label is the line's label per language; ChapterLabel names its chapter.
	Label        i18n.Text `json:"label"`
	ChapterLabel i18n.Text `json:"chapter_label,omitempty"`
	Programme    string    `json:"programme,omitempty"`
	Function     string    `json:"function,omitempty"`
	Province     string    `json:"province,omitempty"`
	// Commitment is the reference of an action-plan commitment the line funds.
	Commitment string   `json:"commitment,omitempty"`
	Forecast   Centimes `json:"forecast"`
	Revised    Centimes `json:"revised"`
	Committed  Centimes `json:"committed"`
	Executed   Centimes `json:"executed"`
}

// ChapterKey identifies a chapter within a budget: chapter codes repeat
// between sections and directions.
type ChapterKey struct {
	Section   Section
	Direction Direction
	Chapter   string
}

// Key is the chapter the line belongs to.
func (l *Line) Key() ChapterKey {
	return ChapterKey{Section: l.Section, Direction: l.Direction, Chapter: l.Chapter}
}

// FullCode is the line's code path, e.g. "10.20.30.1".
func (l *Line) FullCode() string {
	parts := []string{l.Chapter, l.Article}
	if l.Paragraph != "" {
		parts = append(parts, l.Paragraph)
	}
	if l.Code != "" {
		parts = append(parts, l.Code)
	}
	return strings.Join(parts, ".")
}

// Budget is one stage of one fiscal year, as last imported.
type Budget struct {
	ID     int64 `json:"id"`
	SiteID int64 `json:"-"`
	Year   int   `json:"year"`
	Stage  Stage `json:"stage"`
	// Population is the number of inhabitants the per-inhabitant figures
	// divide by; 0 when not given, and then they are not shown.
	Population int64  `json:"population,omitempty"`
	Lines      []Line `json:"lines,omitempty"`
}

// MinYear and MaxYear bound a fiscal year.
const (
	MinYear = 1990
	MaxYear = 2100
)

// ValidYear reports whether y can be a fiscal year.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// Latest picks the stage to show by default among those published for a
// year: the latest one, which says the most about the year.
func Latest(stages []Stage) Stage {
	best := Stage("")
	for _, s := range stages {
		if s.Valid() && (best == "" || s.rank() > best.rank()) {
			best = s
		}
	}
	return best
}
