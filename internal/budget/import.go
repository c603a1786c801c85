package budget

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Bounds of an import file (docs/budget.md).
const (
	MaxImportBytes = 10 << 20 // a region's 20,000 lines are about 4 MB
	MaxImportLines = 50_000
	MaxLabel       = 500 // characters of a label
	MaxName        = 100 // characters of a programme, function or province
	MaxRef         = 40  // characters of a commitment reference
	MaxCode        = 10  // digits of a nomenclature code
)

// Columns lists the columns an import file may have (docs/budget.md), in
// the order of the downloads.
var Columns = []string{
	"kind", "section", "direction", "chapter", "article", "paragraph", "line",
	"label_ar", "label_fr", "label_en", "chapter_label_ar", "chapter_label_fr", "chapter_label_en",
	"programme", "function", "province", "commitment",
	"forecast", "revised", "committed", "executed",
}

// requiredColumns must be in the header.
var requiredColumns = []string{"section", "direction", "chapter", "article", "forecast"}

// amountColumns are the amount columns, in order.
var amountColumns = []string{"forecast", "revised", "committed", "executed"}

// ImportError is one problem of an import file: the line of the file (the
// header is 1; 0 for the file as a whole), the column, a catalogue key, the
// offending value and, for a declared total, what the lines add up to.
type ImportError struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Key    string `json:"key"`
	Value  string `json:"value,omitempty"`
	Sum    string `json:"sum,omitempty"`
}

// declaredTotal is a "total" row: the chapter total the finance department
// wrote, which the lines must add up to.
type declaredTotal struct {
	line    int
	key     ChapterKey
	amounts map[string]Centimes // by amount column, only the cells given
}

// ParseImport reads an import file and checks all of it, without the
// database: encoding, delimiter, header, every cell, and the declared
// chapter totals. It returns the lines only when there is no error, and
// every error otherwise (nothing is imported from a file with one). It
// never panics, whatever the input.
func ParseImport(r io.Reader) ([]Line, []ImportError) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, []ImportError{{Key: "budget.error.unreadable"}}
	case len(raw) > MaxImportBytes:
		return nil, []ImportError{{Key: "budget.error.too_large"}}
	}
	text, ok := decodeText(raw)
	if !ok {
		return nil, []ImportError{{Key: "budget.error.encoding"}}
	}
	if strings.TrimSpace(text) == "" {
		return nil, []ImportError{{Line: 1, Key: "budget.error.empty"}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []ImportError{{Line: 1, Key: "budget.error.csv"}}
	}
	p := newParser()
	if !p.readHeader(header) {
		return nil, p.errs
	}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest unreadable: report and stop.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			p.errs = append(p.errs, ImportError{Line: line, Key: "budget.error.csv"})
			break
		}
		line, _ := cr.FieldPos(0)
		if len(p.lines)+len(p.totals) >= MaxImportLines {
			p.errs = append(p.errs, ImportError{Line: line, Key: "budget.error.too_many_lines"})
			break
		}
		p.readRow(line, record)
	}
	return p.finish()
}

// finish checks what needs the whole file and returns its lines, or every
// error and no line.
func (p *parser) finish() ([]Line, []ImportError) {
	if len(p.lines) == 0 && len(p.errs) == 0 {
		p.errs = append(p.errs, ImportError{Line: 1, Key: "budget.error.no_lines"})
	}
	p.checkTotals()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.lines, nil
}

func newParser() *parser { return &parser{col: map[string]int{}} }

type parser struct {
	col    map[string]int // column name → index
	lines  []Line
	totals []declaredTotal
	seen   map[string]int // a line's identity → the file line it was first on
	errs   []ImportError
}

func (p *parser) fail(line int, column, key, value string) {
	p.errs = append(p.errs, ImportError{Line: line, Column: column, Key: key, Value: value})
}

func (p *parser) readHeader(header []string) bool {
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			continue // an empty trailing column, which spreadsheets leave
		case !slices.Contains(Columns, name):
			p.fail(1, h, "budget.error.unknown_column", h)
		case p.has(name):
			p.fail(1, h, "budget.error.duplicate_column", h)
		default:
			p.col[name] = i
		}
	}
	for _, c := range requiredColumns {
		if !p.has(c) {
			p.fail(1, c, "budget.error.missing_column", c)
		}
	}
	if !p.has("label_ar") && !p.has("label_fr") {
		p.fail(1, "label_ar", "budget.error.missing_column", "label_ar")
	}
	return len(p.errs) == 0
}

func (p *parser) has(column string) bool { _, ok := p.col[column]; return ok }

// cell returns the trimmed value of column in record, "" when absent.
func (p *parser) cell(record []string, column string) string {
	i, ok := p.col[column]
	if !ok || i >= len(record) {
		return ""
	}
	return strings.TrimSpace(record[i])
}

func (p *parser) readRow(line int, record []string) {
	empty := true
	for _, v := range record {
		if strings.TrimSpace(v) != "" {
			empty = false
			break
		}
	}
	if empty {
		return // ";;;;" rows spreadsheets leave behind
	}
	for name, i := range p.col {
		if i < len(record) && !validCell(record[i]) {
			p.fail(line, name, "budget.error.control", "")
			return
		}
	}
	kind := strings.ToLower(p.cell(record, "kind"))
	var l Line
	var ok bool
	if l.Section, ok = ParseSection(p.cell(record, "section")); !ok {
		p.fail(line, "section", "budget.error.unknown_section", p.cell(record, "section"))
	}
	if l.Direction, ok = ParseDirection(p.cell(record, "direction")); !ok {
		p.fail(line, "direction", "budget.error.unknown_direction", p.cell(record, "direction"))
	}
	l.Chapter = p.code(line, record, "chapter", true)
	amounts := map[string]Centimes{}
	for _, c := range amountColumns {
		v := p.cell(record, c)
		if v == "" {
			continue
		}
		a, err := ParseAmount(v)
		if err != nil {
			p.fail(line, c, err.Error(), v)
			continue
		}
		amounts[c] = a
	}
	switch kind {
	case "total", "مجموع", "totale":
		p.totals = append(p.totals, declaredTotal{line: line, key: l.Key(), amounts: amounts})
		return
	case "", "line", "ligne", "سطر":
	default:
		p.fail(line, "kind", "budget.error.unknown_kind", p.cell(record, "kind"))
		return
	}
	l.Article = p.code(line, record, "article", true)
	l.Paragraph = p.code(line, record, "paragraph", false)
	l.Code = p.code(line, record, "line", false)
	l.Label = p.text(line, record, "label", MaxLabel)
	l.ChapterLabel = p.text(line, record, "chapter_label", MaxLabel)
	if l.Label[i18n.AR] == "" && l.Label[i18n.FR] == "" {
		p.fail(line, "label_ar", "budget.error.label_required", "")
	}
	l.Programme = p.name(line, record, "programme", MaxName)
	l.Function = p.name(line, record, "function", MaxName)
	l.Province = p.name(line, record, "province", MaxName)
	l.Commitment = p.name(line, record, "commitment", MaxRef)
	l.Forecast, l.Revised, l.Committed, l.Executed = amounts["forecast"], amounts["revised"], amounts["committed"], amounts["executed"]
	if l.Section != "" && l.Direction != "" && l.Chapter != "" && l.Article != "" {
		id := string(l.Section) + "/" + string(l.Direction) + "/" + l.FullCode()
		if p.seen == nil {
			p.seen = map[string]int{}
		}
		if first, dup := p.seen[id]; dup {
			p.errs = append(p.errs, ImportError{Line: line, Column: "line", Key: "budget.error.duplicate_line", Value: l.FullCode(), Sum: itoa(first)})
		} else {
			p.seen[id] = line
		}
	}
	p.lines = append(p.lines, l)
}

// code reads a nomenclature code: digits only, at most MaxCode.
func (p *parser) code(line int, record []string, column string, required bool) string {
	v := p.cell(record, column)
	switch {
	case v == "" && required:
		p.fail(line, column, "budget.error.code_required", "")
	case v == "":
	case !ValidCode(v):
		p.fail(line, column, "budget.error.code", v)
		return ""
	}
	return v
}

// ValidCode reports whether s is a nomenclature code: one to MaxCode digits.
func ValidCode(s string) bool {
	if s == "" || len(s) > MaxCode {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (p *parser) text(line int, record []string, prefix string, maxLen int) i18n.Text {
	t := i18n.Text{}
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		column := prefix + "_" + string(l)
		if v := p.name(line, record, column, maxLen); v != "" {
			t[l] = v
		}
	}
	return t
}

func (p *parser) name(line int, record []string, column string, maxLen int) string {
	v := p.cell(record, column)
	if utf8.RuneCountInString(v) > maxLen {
		p.fail(line, column, "budget.error.too_long", v[:min(len(v), 40)]+"…")
		return ""
	}
	return v
}

// checkTotals compares each declared chapter total with what its lines add
// up to, for every amount the total row gives.
func (p *parser) checkTotals() {
	if len(p.totals) == 0 {
		return
	}
	sums := map[ChapterKey]map[string]Centimes{}
	for i := range p.lines {
		l := &p.lines[i]
		s := sums[l.Key()]
		if s == nil {
			s = map[string]Centimes{}
			sums[l.Key()] = s
		}
		s["forecast"] += l.Forecast
		s["revised"] += l.Revised
		s["committed"] += l.Committed
		s["executed"] += l.Executed
	}
	for _, t := range p.totals {
		if t.key.Section == "" || t.key.Direction == "" || t.key.Chapter == "" {
			continue // already reported
		}
		s, ok := sums[t.key]
		if !ok {
			p.fail(t.line, "chapter", "budget.error.total_without_lines", t.key.Chapter)
			continue
		}
		for _, c := range amountColumns {
			if want, given := t.amounts[c]; given && want != s[c] {
				p.errs = append(p.errs, ImportError{Line: t.line, Column: c, Key: "budget.error.total_mismatch",
					Value: Format(want, " ", ","), Sum: Format(s[c], " ", ",")})
			}
		}
	}
	slices.SortStableFunc(p.errs, func(a, b ImportError) int { return a.Line - b.Line })
}

// validCell refuses control characters other than tab and line breaks.
func validCell(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// ParseSection reads a section as the spreadsheets write it: the English
// key, French or Arabic.
func ParseSection(s string) (Section, bool) {
	switch fold(s) {
	case "operating", "fonctionnement", "التسيير", "تسيير", "1":
		return Operating, true
	case "investment", "investissement", "equipement", "التجهيز", "تجهيز", "الاستثمار", "2":
		return Investment, true
	}
	return "", false
}

// ParseDirection reads revenue or expenditure as the spreadsheets write it.
func ParseDirection(s string) (Direction, bool) {
	switch fold(s) {
	case "revenue", "revenues", "recettes", "recette", "المداخيل", "مداخيل", "الموارد", "موارد":
		return Revenue, true
	case "expenditure", "expenditures", "depenses", "depense", "النفقات", "نفقات", "المصاريف":
		return Expenditure, true
	}
	return "", false
}

// fold lower-cases s and takes the accents off French letters.
func fold(s string) string {
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "É", "e").Replace(strings.ToLower(strings.TrimSpace(s)))
}
