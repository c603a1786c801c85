package petition

import (
	"strings"
	"testing"
)

func TestParsePaper(t *testing.T) {
	divs := []Division{{ID: 7, Code: "tetouan"}, {ID: 9, Code: "larache"}}
	sigs, errs := ParsePaper(strings.NewReader("full_name,cin,division_code,basis,electoral_roll\n"+
		"Amina,ab 123,Tetouan,resident,1\n\n\"El Idrissi, Omar\",K9,larache,activity,نعم\n"), divs, true)
	if len(errs) != 0 || len(sigs) != 2 || sigs[0].CIN != "AB123" || sigs[0].DivisionID != 7 || sigs[1].FullName != "El Idrissi, Omar" ||
		sigs[1].Basis != Activity || !sigs[1].ElectoralRoll {
		t.Fatalf("%+v %+v", sigs, errs)
	}
	_, errs = ParsePaper(strings.NewReader("A,AB1,tetouan,resident\nB,XYZ1,tetouan,resident\nC,AB2,rabat,resident\n"+
		"D,AB3,tetouan,tourist\nE,ab1,larache,resident\n,AB4,tetouan,resident\nF,AB5\n"), divs, false)
	want := []PaperError{{2, "cin"}, {3, "division"}, {4, "basis"}, {5, "duplicate"}, {6, "full_name"}, {7, "columns"}}
	if len(errs) != len(want) {
		t.Fatalf("errors %+v", errs)
	}
	for i := range want {
		if errs[i] != want[i] {
			t.Errorf("error %d: %+v, want %+v", i, errs[i], want[i])
		}
	}
	if _, errs := ParsePaper(strings.NewReader("A,AB1,tetouan,resident\n"), divs, true); len(errs) != 1 || errs[0].Field != "electoral_roll" {
		t.Errorf("electoral roll: %+v", errs)
	}
	if _, errs := ParsePaper(strings.NewReader(strings.Repeat("A,AB1,tetouan,resident\n", MaxPaperRows+1)), divs, false); len(errs) == 0 ||
		errs[len(errs)-1].Field != "too_many" {
		t.Errorf("too many rows: %d errors", len(errs))
	}
}
