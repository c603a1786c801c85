package plan

import (
	"strings"
	"testing"
)

// A cell longer than its field's bound, one with a control character, and
// a commitment with too many partners are errors of their line and column,
// the bound named; a cell at its bound is read.
func TestImportCellBounds(t *testing.T) {
	partners := strings.TrimSuffix(strings.Repeat("org;", MaxPartners+1), ";")
	file := "type,ref,title_ar,problem_ar,contact_name_ar,partners\n" +
		"commitment,C1," + strings.Repeat("ع", MaxTitleLen) + ",,,\n" +
		"commitment,C2," + strings.Repeat("ع", MaxTitleLen+1) + "," + strings.Repeat("م", MaxTextLen+1) + "," + strings.Repeat("س", MaxNameLen+1) + ",\n" +
		"commitment," + strings.Repeat("R", MaxRefLen+1) + ",عنوان,,,\n" +
		"commitment,C4,\"عنوان\x1b[0m\",,," + "\n" +
		"commitment,C5,عنوان,,,\"" + partners + "\"\n"
	_, errs := ParseImport(strings.NewReader(file))
	type want struct {
		line     int
		column   string
		key      string
		max      int
		valueCut bool
	}
	wants := []want{
		{3, "contact_name_ar", "import.error.too_long", MaxNameLen, true},
		{3, "problem_ar", "import.error.too_long", MaxTextLen, true},
		{3, "title_ar", "import.error.too_long", MaxTitleLen, true},
		{4, "ref", "import.error.too_long", MaxRefLen, true},
		{5, "title_ar", "import.error.bad_text", 0, false},
		{6, "partners", "import.error.too_many_partners", MaxPartners, false},
	}
	for _, w := range wants {
		found := false
		for _, e := range errs {
			if e.Line == w.line && e.Column == w.column && e.Key == w.key {
				found = true
				if e.Max != w.max || w.valueCut && len([]rune(e.Value)) != 41 {
					t.Errorf("%d/%s: max %d value %q", w.line, w.column, e.Max, e.Value)
				}
			}
		}
		if !found {
			t.Errorf("no %s at line %d, column %s; errors %v", w.key, w.line, w.column, errsAt(errs))
		}
	}
	for _, e := range errs {
		if e.Line == 2 {
			t.Errorf("a title at its bound failed: %v", e)
		}
	}
}
