package budget

import (
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

func line(sec Section, dir Direction, ch, art string, forecast, revised, executed Centimes) Line {
	return Line{Section: sec, Direction: dir, Chapter: ch, Article: art, Forecast: forecast, Revised: revised, Executed: executed,
		ChapterLabel: i18n.Text{i18n.AR: "باب " + ch}}
}

func TestGroupings(t *testing.T) {
	lines := []Line{
		line(Operating, Expenditure, "10", "1", 1000, 0, 900),
		line(Operating, Expenditure, "10", "2", 3000, 2000, 500),
		line(Operating, Expenditure, "20", "1", 5000, 0, 5000),
		line(Investment, Expenditure, "10", "1", 7000, 0, 0),
		line(Operating, Revenue, "10", "1", 9000, 0, 9500),
	}
	lines[0].Function, lines[1].Function, lines[2].Province = "education", "education", "Rabat"
	exp := Filter(lines, Expenditure, Operating)
	if len(exp) != 3 {
		t.Fatalf("Filter: %d lines", len(exp))
	}
	ch := ByChapter(exp)
	if len(ch) != 2 || ch[0].Key != "20" || ch[1].Key != "10" || ch[1].Forecast != 4000 || ch[1].Planned != 2000+1000 || ch[1].Lines != 2 {
		t.Fatalf("ByChapter: %+v", ch)
	}
	if ch[1].Label[i18n.AR] != "باب 10" {
		t.Errorf("chapter label %v", ch[1].Label)
	}
	if r, ok := ch[1].Rate(); !ok || r != 467 { // 1400 / 3000
		t.Errorf("rate %d %v", r, ok)
	}
	sec := BySection(Filter(lines, Expenditure, ""))
	if len(sec) != 2 || sec[0].Key != "operating" || sec[0].Planned != 8000 || sec[1].Planned != 7000 {
		t.Errorf("BySection: %+v", sec)
	}
	if f := ByFunction(exp); len(f) != 1 || f[0].Key != "education" || f[0].Lines != 2 {
		t.Errorf("ByFunction: %+v", f)
	}
	if p := ByProvince(exp); len(p) != 1 || p[0].Key != "Rabat" {
		t.Errorf("ByProvince: %+v", p)
	}
	if s := Sum(lines); s.Forecast != 25000 || s.Executed != 15900 {
		t.Errorf("Sum: %+v", s)
	}
	least := LeastExecuted(Filter(lines, Expenditure, ""), 2)
	if len(least) != 2 || least[0].Section != Investment || least[1].Article != "2" {
		t.Errorf("LeastExecuted: %+v", least)
	}
}

func TestRatios(t *testing.T) {
	tests := []struct {
		part, whole Centimes
		want        int
		ok          bool
	}{
		{1, 3, 333, true}, {2, 3, 667, true}, {1, 8, 125, true}, {0, 10, 0, true},
		{15, 10, 1500, true}, {5, 0, 0, false}, {-1, 8, -125, true},
	}
	for _, tt := range tests {
		if got, ok := Ratio(tt.part, tt.whole); got != tt.want || ok != tt.ok {
			t.Errorf("Ratio(%d, %d) = %d %v", tt.part, tt.whole, got, ok)
		}
	}
	if c, ok := Change(1000, 1125); !ok || c != 125 {
		t.Errorf("Change = %d %v", c, ok)
	}
	if c, ok := Change(1000, 900); !ok || c != -100 {
		t.Errorf("Change down = %d %v", c, ok)
	}
	if _, ok := Change(0, 900); ok {
		t.Error("Change from nothing")
	}
	if v, ok := PerInhabitant(1_000_000_00, 3); !ok || v != 33333333 {
		t.Errorf("PerInhabitant = %d %v", v, ok)
	}
	if _, ok := PerInhabitant(100, 0); ok {
		t.Error("PerInhabitant without a population")
	}
}

func TestLatestStage(t *testing.T) {
	if got := Latest([]Stage{StageAdopted, StageExecution, StageAmending}); got != StageExecution {
		t.Errorf("Latest = %q", got)
	}
	if got := Latest([]Stage{StageAdopted}); got != StageAdopted {
		t.Errorf("Latest = %q", got)
	}
	if got := Latest(nil); got != "" {
		t.Errorf("Latest(nil) = %q", got)
	}
	if (&Line{Chapter: "10", Article: "20", Code: "3"}).FullCode() != "10.20.3" {
		t.Error("FullCode")
	}
}

func TestBarsMirrored(t *testing.T) {
	ltr := NewBars("t", false, []string{"a", "b"}, []string{"1", "2"}, []Centimes{100, 50})
	rtl := NewBars("t", true, []string{"a", "b"}, []string{"1", "2"}, []Centimes{100, 50})
	if ltr.Rows[0].BarW != chartWidth || ltr.Rows[1].BarW != chartWidth/2 || ltr.Rows[1].BarX != 0 {
		t.Errorf("ltr: %+v", ltr.Rows)
	}
	if rtl.Rows[1].BarX != chartWidth/2 || rtl.Rows[1].LabelX != chartWidth || rtl.Rows[1].AmountX != 0 {
		t.Errorf("rtl: %+v", rtl.Rows)
	}
	if z := NewBars("t", false, []string{"a"}, []string{"0"}, []Centimes{0}); z.Rows[0].BarW != 0 || z.Height != rowHeight {
		t.Errorf("zero: %+v", z)
	}
}
