package budget

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbook writes rows to the first sheet of a new workbook; numbers stay
// numbers, as Excel keeps them.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSX(t *testing.T) {
	header := []any{"section", "direction", "chapter", "article", "label_ar", "label_fr", "forecast", "executed", "kind"}
	good := workbook(t, [][]any{header,
		{"التسيير", "المداخيل", "10", "10", "حصة", "Part", 1234567.89, 1000000, ""},
		{"investissement", "dépenses", 30, 10, "طرق", "Routes", "900 000 000,00", 0.5, ""},
		{"operating", "revenue", "10", "", "", "", 1234567.89, nil, "total"},
	})
	if !IsXLSX(good) {
		t.Fatal("not recognised as a workbook")
	}
	lines, errs := ParseXLSX(bytes.NewReader(good))
	if len(errs) > 0 || len(lines) != 2 {
		t.Fatalf("%+v %+v", lines, errs)
	}
	if lines[0].Forecast != 123456789 || lines[0].Executed != 100000000 || lines[1].Chapter != "30" || lines[1].Forecast != 90000000000 || lines[1].Executed != 50 {
		t.Errorf("lines %+v", lines)
	}
	bad := workbook(t, [][]any{header,
		{"operating", "revenue", "10", "10", "حصة", "Part", "beaucoup", "", ""},
		{"operating", "revenue", "10", "11", "حصة", "Part", 10, "", ""},
		{"operating", "revenue", "10", "", "", "", 20, "", "total"},
	})
	_, errs = ParseXLSX(bytes.NewReader(bad))
	if len(errs) != 2 || errs[0].Line != 2 || errs[0].Column != "forecast" || errs[0].Key != "budget.error.amount_syntax" ||
		errs[1].Line != 4 || errs[1].Key != "budget.error.total_mismatch" {
		t.Errorf("errors %+v", errs)
	}
	for _, in := range []string{"", "PK\x03\x04 not a zip", "plain text"} {
		if _, errs := ParseXLSX(strings.NewReader(in)); len(errs) == 0 {
			t.Errorf("%q: no error", in)
		}
	}
	csv, _ := os.ReadFile("testdata/good.csv")
	if IsXLSX(csv) {
		t.Error("a CSV file taken for a workbook")
	}
}
