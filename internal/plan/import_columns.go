package plan

import (
	"io"
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// The import format (docs/import.md): one CSV file, one row per commitment
// or milestone, one header row naming the columns below in any order. A
// column absent from the header leaves that field of existing records as it
// is, so a file may carry only what it means to change — and the exports of
// csv.go, which carry a subset of the fields, import back unchanged.

// Row types of the "type" column.
const (
	rowCommitment = "commitment"
	rowMilestone  = "milestone"
)

// importLocales are the languages that have text columns (title_ar,
// title_fr, title_en): the languages content is written in.
var importLocales = []i18n.Locale{i18n.AR, i18n.FR, i18n.EN}

// commitmentTextFields are the translatable fields of the OGP Local template,
// in template order; each has one column per language.
var commitmentTextFields = []string{"title", "problem", "cause", "status_quo", "objective",
	"expected_results", "solution", "contact_name", "contact_role"}

// milestoneTextFields are the translatable fields of a milestone.
var milestoneTextFields = []string{"title", "deliverable"}

// importCellMax is the bound of a cell of column col, in characters: a
// text column's is its field's, as in the forms and the API; other cells
// (lists, organisations) are bounded as a long text.
func importCellMax(col string) int {
	if col == "ref" {
		return MaxRefLen
	}
	for _, l := range importLocales {
		if field, ok := strings.CutSuffix(col, "_"+string(l)); ok {
			if field == "deliverable" {
				return MaxTextLen
			}
			if max, ok := CommitmentTextMax[field]; ok {
				return max
			}
		}
	}
	return MaxTextLen
}

// columnUse says which row types a column applies to.
type columnUse uint8

const (
	forCommitment columnUse = 1 << iota
	forMilestone
	forBoth    = forCommitment | forMilestone
	forNothing = columnUse(0) // read and ignored: the export's bookkeeping
)

// importColumns maps every accepted header to its use. Aliases read the
// exports: "commitment_ref" is the milestones export's "ref"; the "_ar"/"_fr"
// organisation columns carry names where the import format carries slugs.
var importColumns = func() map[string]columnUse {
	m := map[string]columnUse{
		"type": forBoth, "ref": forBoth, "commitment_ref": forBoth, "position": forBoth,
		"ogp_values": forCommitment, "themes": forCommitment, "lead": forCommitment, "partners": forCommitment,
		"lead_agency_ar": forCommitment, "lead_agency_fr": forCommitment,
		"partners_ar": forCommitment, "partners_fr": forCommitment,
		"start_date": forBoth, "end_date": forBoth, "status": forBoth, "progress": forBoth,
		"weight": forMilestone, "responsible": forMilestone,
		"responsible_ar": forMilestone, "responsible_fr": forMilestone,
		"updated_at": forNothing, "id": forNothing,
	}
	for _, f := range commitmentTextFields {
		for _, l := range importLocales {
			m[f+"_"+string(l)] |= forCommitment
		}
	}
	for _, f := range milestoneTextFields {
		for _, l := range importLocales {
			m[f+"_"+string(l)] |= forMilestone
		}
	}
	return m
}()

// ImportTemplateHeader is the header row of the downloadable template, in
// the order a person fills a commitment in.
var ImportTemplateHeader = func() []string {
	h := []string{"type", "ref", "position"}
	for _, f := range append(append([]string(nil), commitmentTextFields...), "deliverable") {
		for _, l := range importLocales {
			h = append(h, f+"_"+string(l))
		}
	}
	return append(h, "ogp_values", "themes", "lead", "partners", "responsible",
		"start_date", "end_date", "status", "progress", "weight")
}()

// WriteImportTemplate writes the import template: the header and two example
// rows (a commitment and one of its milestones) that show every format. It
// is framed like the exports (BOM, CRLF) so spreadsheets open it in UTF-8.
func WriteImportTemplate(w io.Writer) error {
	example := []map[string]string{
		{
			"type": rowCommitment, "ref": "C1", "position": "1",
			"title_ar": "نشر ميزانية الجهة بصيغة مفتوحة", "title_fr": "Publier le budget de la région en données ouvertes",
			"title_en":   "Publish the regional budget as open data",
			"problem_ar": "الميزانية غير متاحة بصيغة قابلة لإعادة الاستعمال", "problem_fr": "Le budget n’est pas publié dans un format réutilisable",
			"objective_ar": "نشر الميزانية كل سنة", "objective_fr": "Publier le budget chaque année",
			"contact_role_ar": "مديرية الشؤون المالية", "contact_role_fr": "Direction des affaires financières",
			"ogp_values": "access_to_information; public_accountability", "themes": "budget; open_data",
			"lead": "conseil-regional", "partners": "association-exemple:civil_society; universite-exemple:academia",
			"start_date": "2024-01-01", "end_date": "2025-12-31", "status": string(NotStarted), "progress": "0",
		},
		{
			"type": rowMilestone, "ref": "C1", "position": "1",
			"title_ar": "نشر ميزانية 2024", "title_fr": "Publication du budget 2024", "title_en": "Publication of the 2024 budget",
			"deliverable_ar": "ملف مفتوح على البوابة", "deliverable_fr": "Fichier ouvert sur le portail",
			"responsible": "conseil-regional", "start_date": "2024-01-01", "end_date": "2024-06-30",
			"status": string(InProgress), "progress": "50", "weight": "1",
		},
	}
	return writeCSV(w, ImportTemplateHeader, func(emit func([]string) error) error {
		for _, row := range example {
			record := make([]string, len(ImportTemplateHeader))
			for i, col := range ImportTemplateHeader {
				record[i] = row[col]
			}
			if err := emit(record); err != nil {
				return err
			}
		}
		return nil
	})
}

// normKey reads a key written by a person: "In progress", "in-progress" and
// " IN_PROGRESS " all read as "in_progress".
func normKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}

// splitKeys splits a list of keys (OGP values, themes, partners) on ";" or
// ",", trimming and dropping empty items.
func splitKeys(s string) []string {
	return splitOn(s, ";,")
}

// splitNames splits a list of organisation names on ";" only: a name may
// hold a comma.
func splitNames(s string) []string {
	return splitOn(s, ";")
}

func splitOn(s, seps string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// unguard undoes SafeCell: the exports put an apostrophe before a cell a
// spreadsheet would run as a formula, and that apostrophe is not part of
// the value.
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
