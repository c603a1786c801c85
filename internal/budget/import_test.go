package budget

import (
	"os"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

func TestParseImportGood(t *testing.T) {
	f, err := os.Open("testdata/good.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, errs := ParseImport(f)
	if len(errs) > 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if len(lines) != 7 {
		t.Fatalf("%d lines", len(lines))
	}
	l := lines[0]
	if l.Section != Operating || l.Direction != Revenue || l.FullCode() != "10.10.10.1" || l.Forecast != 120000000000 || l.Executed != 115000000000 {
		t.Errorf("first line: %+v", l)
	}
	if l.Label[i18n.AR] == "" || l.Label[i18n.FR] != "Part de la région de l'IS" || l.ChapterLabel[i18n.FR] != "Ressources transférées" {
		t.Errorf("labels: %v %v", l.Label, l.ChapterLabel)
	}
	if lines[3].Direction != Expenditure || lines[3].Revised != 31000000000 || lines[3].Function != "administration" {
		t.Errorf("expenditure line: %+v", lines[3])
	}
	if lines[5].Commitment != "SM-01" || lines[5].Province != "Kénitra" || lines[5].Section != Investment {
		t.Errorf("investment line: %+v", lines[5])
	}
	if lines[2].Executed != 4125000050 {
		t.Errorf("centimes: %d", lines[2].Executed)
	}
}

func TestParseImportBad(t *testing.T) {
	f, err := os.Open("testdata/bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, errs := ParseImport(f)
	if lines != nil {
		t.Fatal("lines returned with errors")
	}
	want := []ImportError{
		{Line: 3, Column: "forecast", Key: "budget.error.amount_syntax", Value: "abc"},
		{Line: 4, Column: "chapter", Key: "budget.error.code", Value: "1O"},
		{Line: 5, Column: "section", Key: "budget.error.unknown_section", Value: "fonds"},
		{Line: 6, Column: "direction", Key: "budget.error.unknown_direction", Value: "income"},
		{Line: 7, Column: "label_ar", Key: "budget.error.label_required"},
		{Line: 8, Column: "line", Key: "budget.error.duplicate_line", Value: "10.10", Sum: "2"},
		{Line: 9, Column: "article", Key: "budget.error.code_required"},
		{Line: 10, Column: "forecast", Key: "budget.error.total_mismatch", Value: "5 000,00", Sum: "1 030,50"},
		{Line: 11, Column: "forecast", Key: "budget.error.amount_ambiguous", Value: "1,234"},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%+v", len(errs), len(want), errs)
	}
	for i := range want {
		if errs[i] != want[i] {
			t.Errorf("error %d: got %+v, want %+v", i, errs[i], want[i])
		}
	}
}

func TestParseImportFile(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "budget.error.empty"},
		{"latin1", "section,direction\n\xe9t\xe9", "budget.error.encoding"},
		{"unknown column", "section,direction,chapter,article,label_ar,forecast,colour\n", "budget.error.unknown_column"},
		{"missing column", "section,direction,chapter,label_ar\n", "budget.error.missing_column"},
		{"no lines", "section,direction,chapter,article,label_ar,forecast\n", "budget.error.no_lines"},
		{"broken quote", "section,direction,chapter,article,label_ar,forecast\noperating,revenue,1,1,\"x,1\n", "budget.error.csv"},
		{"control", "section,direction,chapter,article,label_ar,forecast\noperating,revenue,1,1,a\x01b,1\n", "budget.error.control"},
		{"long label", "section,direction,chapter,article,label_ar,forecast\noperating,revenue,1,1," + strings.Repeat("ب", MaxLabel+1) + ",1\n", "budget.error.too_long"},
		{"kind", "kind,section,direction,chapter,article,label_ar,forecast\nsubtotal,operating,revenue,1,1,a,1\n", "budget.error.unknown_kind"},
		{"total alone", "kind,section,direction,chapter,article,label_ar,forecast\n,operating,revenue,1,1,a,1\ntotal,operating,revenue,2,,,1\n", "budget.error.total_without_lines"},
	}
	for _, tt := range tests {
		_, errs := ParseImport(strings.NewReader(tt.in))
		if len(errs) == 0 || errs[0].Key != tt.key {
			t.Errorf("%s: %+v, want %s", tt.name, errs, tt.key)
		}
	}
	// Tabs and UTF-16 ("Unicode text" from Excel) are read.
	lines, errs := ParseImport(strings.NewReader("section\tdirection\tchapter\tarticle\tlabel_fr\tforecast\nopérations\trecettes\t1\t1\tx\t1,5\n"))
	if len(errs) != 1 || errs[0].Key != "budget.error.unknown_section" {
		t.Errorf("tabs: %+v %+v", lines, errs)
	}
	u16 := []byte{0xFF, 0xFE}
	for _, r := range "section\tdirection\tchapter\tarticle\tlabel_ar\tforecast\nالتسيير\tالمداخيل\t1\t1\tب\t2\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	lines, errs = ParseImport(strings.NewReader(string(u16)))
	if len(errs) != 0 || len(lines) != 1 || lines[0].Forecast != 200 || lines[0].Section != Operating {
		t.Errorf("utf-16: %+v %+v", lines, errs)
	}
}

func FuzzParseImport(f *testing.F) {
	for _, name := range []string{"testdata/good.csv", "testdata/bad.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) { ParseImport(strings.NewReader(s)) })
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1 234,56", "1.234.567,89", "-(1)", "١٢٫٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAmount(s)
		if err == nil && (c > MaxAmount || c < -MaxAmount) {
			t.Errorf("%q: %d out of range", s, c)
		}
	})
}
