package plan

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// errAt is the part of an ImportError a test pins down: where and why.
type errAt struct {
	line   int
	column string
	key    string
}

func (e errAt) String() string { return fmt.Sprintf("%d/%s/%s", e.line, e.column, e.key) }

func errsAt(errs []ImportError) []errAt {
	out := make([]errAt, len(errs))
	for i, e := range errs {
		out[i] = errAt{e.Line, e.Column, e.Key}
	}
	return out
}

const (
	goodHeader = "type,ref,position,title_ar,title_fr,deliverable_ar,ogp_values,themes,lead,partners,responsible,start_date,end_date,status,progress,weight"
	goodC1     = `commitment,C1,1,نشر الميزانية,Publier le budget,,access_to_information; public_accountability,budget;open_data,council,"ngo:civil_society; uni",,2024-01-01,2025-12-31,in_progress,,`
	goodM1     = `milestone,C1,1,ميزانية 2024,Budget 2024,ملف,,,,,council,2024-01-01,2024-06-30,completed,100,2`
	goodC2     = `commitment,C2,,مشاركة,,,civic_participation,,,,,,,,30,`
)

func TestParseImport(t *testing.T) {
	lines := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	tests := []struct {
		name  string
		input string
		want  []errAt
		check func(t *testing.T, p *ImportPlan)
	}{
		{name: "valid, comma, LF", input: lines(goodHeader, goodC1, goodM1, goodC2), check: func(t *testing.T, p *ImportPlan) {
			if len(p.Commitments) != 2 || len(p.Milestones) != 1 {
				t.Fatalf("%d commitments, %d milestones; want 2, 1", len(p.Commitments), len(p.Milestones))
			}
			c := p.Commitments[0]
			if c.Line != 2 || c.Ref != "C1" || c.Position != 1 || c.Texts["title"][i18n.AR] != "نشر الميزانية" ||
				c.Texts["title"][i18n.FR] != "Publier le budget" || c.Status != InProgress || c.Progress != nil {
				t.Errorf("C1 = %+v", c)
			}
			if len(c.Values) != 2 || c.Values[1] != PublicAccountability || len(c.Themes) != 2 || c.Themes[1] != "open_data" {
				t.Errorf("C1 values %v themes %v", c.Values, c.Themes)
			}
			if c.Lead.Slug != "council" || len(c.Partners) != 2 || c.Partners[0] != (PartnerCell{Slug: "ngo", Sector: SectorCivilSociety, Column: "partners"}) ||
				c.Partners[1].Slug != "uni" || c.Partners[1].Sector != "" {
				t.Errorf("C1 lead %+v partners %+v", c.Lead, c.Partners)
			}
			if c.Start != db.NewDate(2024, 1, 1) || c.End != db.NewDate(2025, 12, 31) {
				t.Errorf("C1 dates %v %v", c.Start, c.End)
			}
			m := p.Milestones[0]
			if m.Line != 3 || m.Ref != "C1" || m.Position != 1 || m.Texts["deliverable"][i18n.AR] != "ملف" ||
				m.Responsible.Slug != "council" || m.Status != Completed || *m.Progress != 100 || *m.Weight != 2 {
				t.Errorf("M1 = %+v", m)
			}
			if c2 := p.Commitments[1]; c2.Position != 0 || *c2.Progress != 30 || c2.Status != "" || !p.Has("title_fr") || p.Has("cause_ar") {
				t.Errorf("C2 = %+v", c2)
			}
		}},
		{name: "BOM, semicolons, CRLF (French Excel)", input: bom + strings.Join([]string{
			"type;ref;position;title_ar;title_fr;ogp_values;start_date;end_date;status;progress",
			`commitment;C1;1;نشر الميزانية;"Publier le budget; en ligne";access_to_information;2024-01-01;2025-12-31;not_started;0`,
			`milestone;C1;1;"سطر أول` + "\r\n" + `سطر ثان";Jalon;;;;in_progress;40`,
		}, "\r\n") + "\r\n", check: func(t *testing.T, p *ImportPlan) {
			if len(p.Commitments) != 1 || len(p.Milestones) != 1 {
				t.Fatalf("%d commitments, %d milestones", len(p.Commitments), len(p.Milestones))
			}
			if p.Commitments[0].Texts["title"][i18n.FR] != "Publier le budget; en ligne" || !p.Has("type") {
				t.Errorf("title %q, columns %v", p.Commitments[0].Texts["title"][i18n.FR], p.Columns)
			}
			if got := p.Milestones[0].Texts["title"][i18n.AR]; got != "سطر أول\nسطر ثان" {
				t.Errorf("multi-line cell %q", got)
			}
		}},
		{name: "UTF-16 with tabs (Unicode text)", input: utf16LE("type\tref\tposition\ttitle_ar\ncommitment\tC1\t\tعنوان\n"),
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Commitments) != 1 || p.Commitments[0].Texts["title"][i18n.AR] != "عنوان" {
					t.Errorf("commitments %+v", p.Commitments)
				}
			}},
		{name: "old Mac line ends", input: "type,ref,title_ar\rcommitment,C1,عنوان\rcommitment,C2,آخر\r", check: func(t *testing.T, p *ImportPlan) {
			if len(p.Commitments) != 2 || p.Commitments[1].Line != 3 {
				t.Errorf("commitments %+v", p.Commitments)
			}
		}},
		{name: "keys written by people", input: lines("type,ref,title_ar,status,progress,ogp_values,partners",
			`Commitment,C1,عنوان,In Progress, 50% ,Access-To-Information,"ngo : Civil Society"`),
			check: func(t *testing.T, p *ImportPlan) {
				c := p.Commitments[0]
				if c.Status != InProgress || *c.Progress != 50 || c.Values[0] != AccessToInformation || c.Partners[0].Sector != SectorCivilSociety {
					t.Errorf("%+v", c)
				}
			}},
		{name: "blank rows are skipped", input: lines("type;ref;title_ar", ";;", "commitment;C1;عنوان", ";  ;"),
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Commitments) != 1 || p.Commitments[0].Line != 3 {
					t.Errorf("%+v", p.Commitments)
				}
			}},
		{name: "unknown status", input: lines(goodHeader, strings.Replace(goodC1, "in_progress", "finished", 1)),
			want: []errAt{{2, "status", "import.error.unknown_status"}}},
		{name: "progress outside 0-100 and not a number", input: lines("type,ref,position,title_ar,progress",
			"commitment,C1,,ع,101", "commitment,C2,,ع,-1", "commitment,C3,,ع,half"),
			want: []errAt{{2, "progress", "import.error.bad_progress"}, {3, "progress", "import.error.bad_progress"}, {4, "progress", "import.error.bad_progress"}}},
		{name: "bad dates", input: lines("type,ref,title_ar,start_date,end_date",
			"commitment,C1,ع,2024-13-01,", "commitment,C2,ع,,30/06/2024"),
			want: []errAt{{2, "start_date", "import.error.bad_date"}, {3, "end_date", "import.error.bad_date"}}},
		{name: "end before start", input: lines("type,ref,position,title_ar,start_date,end_date",
			"commitment,C1,,ع,2025-01-01,2024-12-31", "milestone,C1,1,ع,2024-05-02,2024-05-01"),
			want: []errAt{{2, "end_date", "import.error.end_before_start"}, {3, "end_date", "import.error.end_before_start"}}},
		{name: "missing Arabic title", input: lines("type,ref,position,title_ar,title_fr", "commitment,C1,,,Titre", "milestone,C1,1,,Jalon"),
			want: []errAt{{2, "title_ar", "import.error.missing_title_ar"}, {3, "title_ar", "import.error.missing_title_ar"}}},
		{name: "duplicate refs and milestone positions", input: lines("type,ref,position,title_ar",
			"commitment,C1,,ع", "milestone,C1,1,ع", "commitment,C1,,ع", "milestone,C1,1,ع"),
			want: []errAt{{4, "ref", "import.error.duplicate_ref"}, {5, "position", "import.error.duplicate_milestone"}}},
		{name: "unknown theme, OGP value and sector", input: lines("type,ref,title_ar,themes,ogp_values,partners",
			`commitment,C1,ع,budget;weather,transparency,ngo:charity`),
			want: []errAt{{2, "ogp_values", "import.error.unknown_value"}, {2, "themes", "import.error.unknown_theme"}, {2, "partners", "import.error.unknown_sector"}}},
		{name: "milestone needs a position", input: lines("type,ref,position,title_ar", "milestone,C1,,ع", "milestone,C1,0,ع", "milestone,,1,ع"),
			want: []errAt{{2, "position", "import.error.required"}, {3, "position", "import.error.bad_number"}, {4, "ref", "import.error.required"}}},
		{name: "unknown and repeated columns", input: lines("type,ref,titel_ar,title_ar,ref", "commitment,C1,x,ع,C1"),
			want: []errAt{{1, "titel_ar", "import.error.unknown_column"}, {1, "ref", "import.error.duplicate_column"}}},
		{name: "required columns", input: lines("type,title_fr", "commitment,Titre"),
			want: []errAt{{1, "ref", "import.error.missing_column"}, {1, "title_ar", "import.error.missing_column"}}},
		{name: "a cell that does not apply to its row", input: lines("type,ref,position,title_ar,deliverable_ar,lead,weight",
			"commitment,C1,,ع,ملف,,", "milestone,C1,1,ع,,council,2"),
			want: []errAt{{2, "deliverable_ar", "import.error.not_applicable"}, {3, "lead", "import.error.not_applicable"}}},
		{name: "unknown row type", input: lines("type,ref,title_ar", "objective,C1,ع"),
			want: []errAt{{2, "type", "import.error.unknown_type"}}},
		{name: "cells beyond the header", input: lines("type,ref,title_ar", "commitment,C1,ع,extra"),
			want: []errAt{{2, "", "import.error.extra_cells"}}},
		{name: "Windows-1252 is refused", input: "type;ref;title_ar\ncommitment;C1;Engagement pr\xe9vu\n",
			want: []errAt{{0, "", "import.error.encoding"}}},
		{name: "empty file", input: bom + "\r\n", want: []errAt{{1, "", "import.error.empty"}}},
		{name: "header only", input: lines(goodHeader), want: []errAt{{2, "", "import.error.no_rows"}}},
		{name: "broken quote", input: lines("type,ref,title_ar", "commitment,C1,ع", `commitment,C2,"ع`),
			want: []errAt{{3, "", "import.error.malformed"}}},
		{name: "too large", input: "type,ref,title_ar\n" + strings.Repeat("x", MaxImportBytes),
			want: []errAt{{0, "", "import.error.too_large"}}},
		{name: "three bad rows reported together", input: lines(goodHeader, goodC1,
			"commitment,C2,,,Sans titre arabe,,,,,,,,,,,", goodM1,
			strings.Replace(goodM1, "100", "150", 1), strings.Replace(goodC2, "C2", "C3", 1),
			strings.Replace(strings.Replace(goodC2, "C2", "C4", 1), ",,,,,,,30", ",,,,2024-02-30,,,30", 1)),
			want: []errAt{{3, "title_ar", "import.error.missing_title_ar"}, {5, "position", "import.error.duplicate_milestone"},
				{5, "progress", "import.error.bad_progress"}, {7, "start_date", "import.error.bad_date"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := ParseImport(strings.NewReader(tt.input))
			got := errsAt(errs)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("errors\n got %v\nwant %v\n(%+v)", got, tt.want, errs)
			}
			if tt.check != nil {
				if p == nil {
					t.Fatal("no plan")
				}
				tt.check(t, p)
			}
		})
	}
}

func utf16LE(s string) string {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// The exports read back as imports: every column known, formulas unguarded,
// commitment and milestone rows told apart by their header.
func TestParseImportReadsExports(t *testing.T) {
	cs := csvCommitments()
	cs[0].Themes = []string{"open_data", "budget"} // the export test uses one no plan may have
	var commitments, milestones bytes.Buffer
	if err := WriteCommitmentsCSV(&commitments, cs); err != nil {
		t.Fatal(err)
	}
	if err := WriteMilestonesCSV(&milestones, cs); err != nil {
		t.Fatal(err)
	}
	p, errs := ParseImport(&commitments)
	if len(errs) > 0 {
		t.Fatalf("commitments export: %+v", errs)
	}
	if len(p.Commitments) != 2 || len(p.Milestones) != 0 {
		t.Fatalf("%d commitments, %d milestones", len(p.Commitments), len(p.Milestones))
	}
	c1, c2 := p.Commitments[0], p.Commitments[1]
	if c1.Lead.NameAR != "مجلس جهة سوس ماسة" || c1.Lead.NameFR != "Conseil régional Souss-Massa" || len(c1.Partners) != 4 {
		t.Errorf("lead %+v partners %+v", c1.Lead, c1.Partners)
	}
	if c1.Texts["objective"][i18n.AR] != "سطر أول\nسطر ثان" || *c1.Progress != 40 || c1.Status != InProgress {
		t.Errorf("c1 %+v", c1)
	}
	if c2.Texts["title"][i18n.AR] != `=HYPERLINK("http://evil")` || c2.Texts["title"][i18n.FR] != "-2+3" {
		t.Errorf("formula guard not undone: %v", c2.Texts["title"])
	}
	p, errs = ParseImport(&milestones)
	if len(errs) > 0 {
		t.Fatalf("milestones export: %+v", errs)
	}
	if len(p.Milestones) != 2 || p.Milestones[1].Ref != "C1" || p.Milestones[1].Position != 2 ||
		p.Milestones[1].Texts["title"][i18n.AR] != "+تقرير" || p.Milestones[0].Responsible.NameFR != "Conseil régional Souss-Massa" {
		t.Errorf("milestones %+v", p.Milestones)
	}
}

// The template and the documented example parse without a single error.
func TestImportTemplateAndExampleParse(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteImportTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	p, errs := ParseImport(&buf)
	if len(errs) > 0 || len(p.Commitments) != 1 || len(p.Milestones) != 1 {
		t.Fatalf("template: %+v %+v", errs, p)
	}
	for _, name := range []string{"testdata/import_example.csv", "testdata/import_example_semicolon.csv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		p, errs := ParseImport(f)
		f.Close()
		if len(errs) > 0 || len(p.Commitments) < 2 || len(p.Milestones) < 3 {
			t.Errorf("%s: %+v; %d commitments, %d milestones", name, errs, len(p.Commitments), len(p.Milestones))
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c":            ',',
		"a;b;c":            ';',
		"a\tb\tc":          '\t',
		`"x;y",b,c`:        ',',
		"a;b,c;d\n1,2,3,4": ';',
		"single":           ',',
	} {
		if got := detectDelimiter(in); got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseImport holds ParseImport to never panicking, and to reporting
// errors on lines that exist.
func FuzzParseImport(f *testing.F) {
	f.Add(goodHeader + "\n" + goodC1 + "\n" + goodM1 + "\n")
	f.Add(bom + "type;ref;title_ar\r\ncommitment;C1;ع\r\n")
	f.Add("ref,commitment_ref,position\n,,\n")
	f.Add("type,ref,title_ar,partners\ncommitment,C1,ع,\":::;;,\"\n")
	f.Add("\xff\xfe\x00")
	f.Add(`"`)
	f.Fuzz(func(t *testing.T, s string) {
		p, errs := ParseImport(strings.NewReader(s))
		if p == nil && len(errs) == 0 {
			t.Fatal("neither a plan nor an error")
		}
		maxLine := strings.Count(s, "\n") + strings.Count(s, "\r") + 2
		for _, e := range errs {
			if e.Line < 0 || e.Line > maxLine || e.Key == "" {
				t.Fatalf("error %+v outside the file (%d lines)", e, maxLine)
			}
		}
	})
}

// TestImportMessagesExist fails when the import or the write API can name a
// message the catalogues lack in ar, fr or en: every "import.…" key written
// in their source, and "import.api.<code>" for every field code they add.
func TestImportMessagesExist(t *testing.T) {
	cat := i18n.MustLoad()
	keys := map[string]bool{}
	literal := regexp.MustCompile(`"(import\.[a-z_.]+[a-z_])"`)
	code := regexp.MustCompile(`\.add\([^,]+, "([a-z_]+)"\)`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || !(strings.HasPrefix(name, "import") || strings.HasPrefix(name, "apiwrite")) {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
		for _, m := range code.FindAllStringSubmatch(string(src), -1) {
			keys["import.api."+m[1]] = true
		}
	}
	// Problem titles are "<key>.title".
	for _, k := range []string{"import.api.unprocessable", "import.api.media_type", "import.api.precondition", "import.api.conflict"} {
		delete(keys, k)
		keys[k+".title"] = true
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		p := cat.Printer(l)
		for k := range keys {
			if !p.Has(k) {
				t.Errorf("%s: missing message %q", l, k)
			}
		}
	}
}

func TestImportOrganisationLookup(t *testing.T) {
	council := &account.Organisation{ID: 1, Slug: "conseil", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس الجهة", i18n.FR: "Conseil régional"}}
	a := &account.Organisation{ID: 2, Slug: "assoc-a", Kind: account.Association, Name: i18n.Text{i18n.FR: "Association"}}
	b := &account.Organisation{ID: 3, Slug: "assoc-b", Kind: account.Association, Name: i18n.Text{i18n.FR: "Association"}}
	tg := &importTarget{bySlug: map[string]*account.Organisation{}, byName: map[string][]*account.Organisation{}}
	for _, o := range []*account.Organisation{council, a, b} {
		tg.bySlug[o.Slug] = o
		for _, n := range o.Name {
			tg.byName[nameKey(n)] = append(tg.byName[nameKey(n)], o)
		}
	}
	for _, tc := range []struct {
		slug, name string
		id         int64
		key        string
	}{
		{slug: "conseil", id: 1},
		{slug: "CONSEIL", id: 1},
		{slug: "nope", key: "import.error.unknown_org"},
		{name: "  conseil   RÉGIONAL ", id: 1},
		{name: "مجلس الجهة", id: 1},
		{name: "Association", key: "import.error.ambiguous_org"},
		{name: "Inconnue", key: "import.error.unknown_org"},
	} {
		o, key := tg.org(tc.slug, tc.name)
		if key != tc.key || (o != nil && o.ID != tc.id) || (o == nil && tc.id != 0) {
			t.Errorf("org(%q, %q) = %v %q, want %d %q", tc.slug, tc.name, o, key, tc.id, tc.key)
		}
	}
	var failed []string
	fail := func(col, key, value string) { failed = append(failed, col+":"+key) }
	if ref := tg.orgCell(OrgCell{NameAR: "مجلس الجهة", NameFR: "Conseil régional"}, leadColumns, fail); ref == nil || ref.ID != 1 || failed != nil {
		t.Errorf("both names of the council: %v %v", ref, failed)
	}
	if ref := tg.orgCell(OrgCell{NameAR: "مجلس الجهة", NameFR: "Association"}, leadColumns, fail); ref != nil ||
		fmt.Sprint(failed) != "[lead_agency_fr:import.error.ambiguous_org]" {
		t.Errorf("names of two organisations: %v %v", ref, failed)
	}
	if sectorOf(account.University) != SectorAcademia || sectorOf(account.Media) != SectorCivilSociety || sectorOf(account.Company) != SectorPrivate {
		t.Error("sectorOf")
	}
}
