package plan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// MaxImportBytes bounds an import file: a plan of a hundred commitments with
// every text in three languages is well under a megabyte.
const MaxImportBytes = 5 << 20

// ImportPlan is an import file read and checked on its own, before it meets
// the database: what each row says, in file order.
type ImportPlan struct {
	// Columns holds the header's canonical column names. A field whose
	// column is absent keeps its stored value.
	Columns     map[string]bool
	Commitments []ImportCommitment
	Milestones  []ImportMilestone
}

// Has reports whether the file has the column.
func (p *ImportPlan) Has(column string) bool { return p.Columns[column] }

// ImportCommitment is a commitment row.
type ImportCommitment struct {
	Line     int
	Ref      string
	Position int                  // 0 when the row gives none
	Texts    map[string]i18n.Text // by field ("title", "problem"…), only the languages with a column; "" clears
	Values   []Value
	Themes   []string
	Lead     OrgCell
	Partners []PartnerCell
	Start    db.Date
	End      db.Date
	Status   Status // "" keeps the stored status (not started for a new commitment)
	Progress *int   // nil keeps the stored progress
}

// ImportMilestone is a milestone row; Ref names its commitment.
type ImportMilestone struct {
	Line        int
	Ref         string
	Position    int
	Texts       map[string]i18n.Text
	Responsible OrgCell
	Start       db.Date
	End         db.Date
	Status      Status
	Progress    *int
	Weight      *int
}

// OrgCell names an organisation: by slug (the import format) or by its
// Arabic and French names (the exports' columns). Both empty means none.
type OrgCell struct {
	Slug   string
	NameAR string
	NameFR string
}

// Empty reports whether the cell names no organisation.
func (o OrgCell) Empty() bool { return o.Slug == "" && o.NameAR == "" && o.NameFR == "" }

// PartnerCell names a partner by slug or by name, with its sector when given.
type PartnerCell struct {
	Slug   string
	Name   string
	Column string // the column it came from, for error reports
	Sector Sector // "" derives it from the organisation's kind
}

// ImportError is one problem of an import file: the line of the row (1 is
// the header), the column, and a catalogue key explaining it, with the
// offending value.
type ImportError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Key    string `json:"key"`
	Value  string `json:"value"`
	Max    int    `json:"max,omitempty"` // the bound a value exceeds
}

// Sectors lists every partner sector.
var Sectors = []Sector{SectorGovernment, SectorCivilSociety, SectorPrivate, SectorAcademia, SectorInternational}

// ParseImport reads an import file (docs/import.md) and checks everything
// that needs no database: encoding, delimiter, header, and each cell. The
// plan is nil when the file cannot be read as a table at all. It never
// panics, whatever the input (a fuzz test holds it to that).
func ParseImport(r io.Reader) (*ImportPlan, []ImportError) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, []ImportError{{Line: 0, Key: "import.error.unreadable"}}
	case len(raw) > MaxImportBytes:
		return nil, []ImportError{{Line: 0, Key: "import.error.too_large"}}
	}
	text, ok := decodeImportText(raw)
	if !ok {
		return nil, []ImportError{{Line: 0, Key: "import.error.encoding"}}
	}
	if strings.TrimSpace(text) == "" {
		return nil, []ImportError{{Line: 1, Key: "import.error.empty"}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	p := &importParser{plan: &ImportPlan{Columns: map[string]bool{}}}
	header, err := cr.Read()
	if err != nil {
		return nil, []ImportError{csvError(err, 1)}
	}
	if !p.readHeader(header) {
		return nil, p.errs
	}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable: report
			// it and stop rather than guess at what follows.
			p.errs = append(p.errs, csvError(err, 0))
			break
		}
		line, _ := cr.FieldPos(0) // the line the record starts on, multi-line cells before it counted
		p.readRow(line, record)
	}
	if len(p.plan.Commitments) == 0 && len(p.plan.Milestones) == 0 && len(p.errs) == 0 {
		p.fail(2, "", "import.error.no_rows", "")
	}
	sortImportErrors(p.errs)
	return p.plan, p.errs
}

// decodeImportText returns the file as UTF-8 without a byte-order mark.
// Spreadsheets save UTF-8 with or without a BOM; "Unicode text" is UTF-16
// with a BOM. Anything else (Windows-1252, say) cannot hold Arabic and is
// refused rather than garbled.
func decodeImportText(raw []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		le := raw[0] == 0xFF
		raw = raw[2:]
		if len(raw)%2 != 0 {
			return "", false
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			if le {
				units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
			} else {
				units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
		}
		raw = []byte(string(utf16.Decode(units)))
	default:
		raw = bytes.TrimPrefix(raw, []byte(bom))
	}
	if !utf8.Valid(raw) || bytes.ContainsRune(raw, utf8.RuneError) || bytes.IndexByte(raw, 0) >= 0 {
		return "", false
	}
	s := string(raw)
	// Old Mac spreadsheets end lines with a lone CR, which encoding/csv keeps
	// inside the cell.
	if !strings.Contains(s, "\n") {
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, true
}

// detectDelimiter reads the header line: Excel in French (and Arabic)
// locales writes ";", elsewhere ","; "Unicode text" uses tabs. The most
// frequent of the three outside quotes wins; a tie goes to ",".
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func csvError(err error, line int) ImportError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.StartLine
	}
	return ImportError{Line: line, Key: "import.error.malformed"}
}

func sortImportErrors(errs []ImportError) {
	slices.SortStableFunc(errs, func(a, b ImportError) int { return a.Line - b.Line })
}

// importParser reads the rows of one file.
type importParser struct {
	plan    *ImportPlan
	columns []string // canonical name of each header cell, "" for an empty one
	inferAs string   // the row type when the file has no "type" column
	errs    []ImportError
	refs    map[string]int    // commitment ref -> line of its row
	mpos    map[[2]string]int // (ref, position) -> line of the milestone's row
}

func (p *importParser) fail(line int, column, key, value string) {
	p.errs = append(p.errs, ImportError{Line: line, Column: column, Key: key, Value: value})
}

// checkCell fails cell v of column col unless it is text without control
// characters, within its column's bound. The value shown with the error is
// cut short; the file is refused whole, so the cell is read on as it is.
func (p *importParser) checkCell(line int, col, v string) {
	switch {
	case !web.ValidText(v):
		p.fail(line, col, "import.error.bad_text", "")
	case utf8.RuneCountInString(v) > importCellMax(col):
		p.errs = append(p.errs, ImportError{Line: line, Column: col, Key: "import.error.too_long",
			Value: string([]rune(v)[:40]) + "…", Max: importCellMax(col)})
	}
}

// readHeader learns the columns. Unknown and repeated columns are errors, so
// a typo ("titel_ar") cannot silently drop a field.
func (p *importParser) readHeader(header []string) bool {
	p.refs, p.mpos = map[string]int{}, map[[2]string]int{}
	for _, h := range header {
		name := strings.ToLower(strings.TrimSpace(unguard(h)))
		if name == "commitment_ref" {
			name = "ref"
		}
		switch _, known := importColumns[name]; {
		case name == "":
		case !known:
			p.fail(1, h, "import.error.unknown_column", h)
		case p.plan.Columns[name]:
			p.fail(1, h, "import.error.duplicate_column", h)
		}
		p.plan.Columns[name] = true
		p.columns = append(p.columns, name)
	}
	delete(p.plan.Columns, "")
	if !p.plan.Has("ref") {
		p.fail(1, "ref", "import.error.missing_column", "ref")
	}
	if !p.plan.Has("title_ar") {
		p.fail(1, "title_ar", "import.error.missing_column", "title_ar")
	}
	if !p.plan.Has("type") {
		// An export: the milestones export names its commitment in
		// commitment_ref and numbers milestones; the commitments one does not.
		p.inferAs = rowCommitment
		if slices.ContainsFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), "commitment_ref") }) {
			p.inferAs = rowMilestone
		}
	}
	return len(p.errs) == 0
}

// readRow reads one data row into the plan, recording each bad cell.
func (p *importParser) readRow(line int, record []string) {
	cells := map[string]string{}
	blank := true
	for i, v := range record {
		v = strings.TrimSpace(unguard(v))
		if v != "" {
			blank = false
		}
		if i >= len(p.columns) || p.columns[i] == "" {
			// A value under no column heading belongs to no field.
			if v != "" {
				p.fail(line, "", "import.error.extra_cells", v)
			}
			continue
		}
		p.checkCell(line, p.columns[i], v)
		cells[p.columns[i]] = v
	}
	if blank {
		return // spreadsheets leave empty rows (";;;;") behind
	}
	kind := p.inferAs
	if kind == "" {
		kind = normKey(cells["type"])
	}
	var use columnUse
	switch kind {
	case rowCommitment:
		use = forCommitment
	case rowMilestone:
		use = forMilestone
	default:
		p.fail(line, "type", "import.error.unknown_type", cells["type"])
		return
	}
	// A value in a column that does not apply to the row is a mistake (a
	// milestone's deliverable on its commitment's row, say), not noise.
	for _, col := range p.columns {
		if col != "" && cells[col] != "" && importColumns[col] != forNothing && importColumns[col]&use == 0 {
			p.fail(line, col, "import.error.not_applicable", cells[col])
		}
	}
	ref := cells["ref"]
	if ref == "" {
		p.fail(line, "ref", "import.error.required", "")
	}
	if kind == rowCommitment {
		p.readCommitment(line, ref, cells)
	} else {
		p.readMilestone(line, ref, cells)
	}
}

func (p *importParser) readCommitment(line int, ref string, cells map[string]string) {
	c := ImportCommitment{Line: line, Ref: ref, Texts: p.texts(cells, commitmentTextFields)}
	if ref != "" {
		if first, dup := p.refs[ref]; dup {
			p.fail(line, "ref", "import.error.duplicate_ref", ref+" ("+strconv.Itoa(first)+")")
		} else {
			p.refs[ref] = line
		}
	}
	if p.plan.Has("title_ar") && c.Texts["title"][i18n.AR] == "" {
		p.fail(line, "title_ar", "import.error.missing_title_ar", "")
	}
	if s := cells["position"]; s != "" {
		c.Position = p.positive(line, "position", s)
	}
	for _, k := range splitKeys(cells["ogp_values"]) {
		if v := Value(normKey(k)); v.Valid() {
			c.Values = append(c.Values, v)
		} else {
			p.fail(line, "ogp_values", "import.error.unknown_value", k)
		}
	}
	for _, k := range splitKeys(cells["themes"]) {
		if th := normKey(k); slices.Contains(Themes, th) {
			c.Themes = append(c.Themes, th)
		} else {
			p.fail(line, "themes", "import.error.unknown_theme", k)
		}
	}
	c.Lead = OrgCell{Slug: cells["lead"], NameAR: cells["lead_agency_ar"], NameFR: cells["lead_agency_fr"]}
	for _, item := range splitKeys(cells["partners"]) {
		slug, sector, _ := strings.Cut(item, ":")
		pc := PartnerCell{Slug: strings.TrimSpace(slug), Column: "partners"}
		if sector = normKey(sector); sector != "" {
			if !slices.Contains(Sectors, Sector(sector)) {
				p.fail(line, "partners", "import.error.unknown_sector", item)
				continue
			}
			pc.Sector = Sector(sector)
		}
		c.Partners = append(c.Partners, pc)
	}
	for _, col := range []string{"partners_ar", "partners_fr"} {
		for _, name := range splitNames(cells[col]) {
			c.Partners = append(c.Partners, PartnerCell{Name: name, Column: col})
		}
	}
	if len(c.Partners) > MaxPartners {
		p.errs = append(p.errs, ImportError{Line: line, Column: "partners", Key: "import.error.too_many_partners", Max: MaxPartners})
		c.Partners = c.Partners[:MaxPartners]
	}
	c.Start, c.End = p.dates(line, cells)
	c.Status = p.status(line, cells["status"])
	c.Progress = p.percent(line, cells["progress"])
	p.plan.Commitments = append(p.plan.Commitments, c)
}

func (p *importParser) readMilestone(line int, ref string, cells map[string]string) {
	m := ImportMilestone{Line: line, Ref: ref, Texts: p.texts(cells, milestoneTextFields)}
	if p.plan.Has("title_ar") && m.Texts["title"][i18n.AR] == "" {
		p.fail(line, "title_ar", "import.error.missing_title_ar", "")
	}
	if s := cells["position"]; s == "" {
		p.fail(line, "position", "import.error.required", "")
	} else if m.Position = p.positive(line, "position", s); m.Position > 0 && ref != "" {
		key := [2]string{ref, strconv.Itoa(m.Position)}
		if first, dup := p.mpos[key]; dup {
			p.fail(line, "position", "import.error.duplicate_milestone", ref+" #"+s+" ("+strconv.Itoa(first)+")")
		} else {
			p.mpos[key] = line
		}
	}
	m.Responsible = OrgCell{Slug: cells["responsible"], NameAR: cells["responsible_ar"], NameFR: cells["responsible_fr"]}
	m.Start, m.End = p.dates(line, cells)
	m.Status = p.status(line, cells["status"])
	m.Progress = p.percent(line, cells["progress"])
	if s := cells["weight"]; s != "" {
		if w := p.positive(line, "weight", s); w > 0 {
			m.Weight = &w
		}
	}
	p.plan.Milestones = append(p.plan.Milestones, m)
}

// texts gathers the row's translatable fields from the columns the file has.
func (p *importParser) texts(cells map[string]string, fields []string) map[string]i18n.Text {
	out := map[string]i18n.Text{}
	for _, f := range fields {
		for _, l := range importLocales {
			col := f + "_" + string(l)
			if !p.plan.Has(col) {
				continue
			}
			if out[f] == nil {
				out[f] = i18n.Text{}
			}
			out[f][l] = cells[col]
		}
	}
	return out
}

func (p *importParser) dates(line int, cells map[string]string) (start, end db.Date) {
	parse := func(col string) db.Date {
		s := cells[col]
		if s == "" {
			return db.Date{}
		}
		d, err := db.ParseDate(s)
		if err != nil {
			p.fail(line, col, "import.error.bad_date", s)
		}
		return d
	}
	start, end = parse("start_date"), parse("end_date")
	if !start.IsZero() && !end.IsZero() && end.Before(start.Time) {
		p.fail(line, "end_date", "import.error.end_before_start", cells["end_date"])
	}
	return start, end
}

func (p *importParser) status(line int, s string) Status {
	if s == "" {
		return ""
	}
	st := Status(normKey(s))
	if !st.Valid() {
		p.fail(line, "status", "import.error.unknown_status", s)
		return ""
	}
	return st
}

// percent reads a progress cell: a whole number from 0 to 100, "%" allowed.
func (p *importParser) percent(line int, s string) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	if err != nil || n < 0 || n > 100 {
		p.fail(line, "progress", "import.error.bad_progress", s)
		return nil
	}
	return &n
}

// positive reads a whole number of at least 1 (a position, a weight); 0 when bad.
func (p *importParser) positive(line int, col, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		p.fail(line, col, "import.error.bad_number", s)
		return 0
	}
	return n
}
