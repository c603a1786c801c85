package plan

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// csvCommitments is a small plan: Arabic and French texts, a lead agency,
// partners, OGP values, themes, dates, a multi-line cell, and cells a
// spreadsheet would otherwise run as formulas.
func csvCommitments() []Commitment {
	region := &OrgRef{ID: 1, Slug: "region", Name: i18n.Text{i18n.AR: "مجلس جهة سوس ماسة", i18n.FR: "Conseil régional Souss-Massa"}}
	return []Commitment{
		{
			ID: 11, Ref: "C1", Position: 1,
			Title:     i18n.Text{i18n.AR: "النشر الاستباقي للمعلومات", i18n.FR: "Publication proactive", i18n.EN: "Proactive disclosure"},
			Objective: i18n.Text{i18n.AR: "سطر أول\nسطر ثان"},
			Status:    InProgress, Progress: 40, Lead: region,
			Partners: []Partner{
				{OrgRef: OrgRef{ID: 2, Name: i18n.Text{i18n.AR: "جمعية أ", i18n.FR: "Association A"}}, Sector: SectorCivilSociety},
				{OrgRef: OrgRef{ID: 3, Name: i18n.Text{i18n.AR: "جامعة ابن زهر", i18n.FR: "Université Ibn Zohr"}}, Sector: SectorAcademia},
			},
			Values:    []Value{AccessToInformation, CivicParticipation},
			Themes:    []string{"open-data", "budget"},
			StartDate: db.NewDate(2024, time.January, 1), EndDate: db.NewDate(2025, time.June, 30),
			UpdatedAt: db.Timestamp{Time: time.Date(2024, 5, 2, 10, 30, 0, 0, time.UTC)},
			Milestones: []Milestone{
				{Position: 1, Title: i18n.Text{i18n.AR: "إطلاق البوابة", i18n.FR: "Lancement du portail"},
					Deliverable: i18n.Text{i18n.AR: "بوابة", i18n.FR: "Portail"}, Responsible: region,
					StartDate: db.NewDate(2024, time.January, 1), EndDate: db.NewDate(2024, time.March, 31),
					Status: Completed, Progress: 100, Weight: 2},
				{Position: 2, Title: i18n.Text{i18n.AR: "+تقرير", i18n.FR: "@rapport"}, Status: NotStarted, Weight: 1},
			},
		},
		{
			ID: 12, Ref: "C2", Position: 2,
			Title:  i18n.Text{i18n.AR: "=HYPERLINK(\"http://evil\")", i18n.FR: "-2+3", i18n.EN: "@SUM(A1)"},
			Status: NotStarted,
		},
	}
}

// readCSV checks the framing every export shares — BOM, CRLF only — and
// parses the rest.
func readCSV(t *testing.T, raw []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: % x", raw[:min(8, len(raw))])
	}
	if bytes.HasPrefix(raw[3:], []byte("\xEF\xBB\xBF")) {
		t.Fatal("BOM written twice")
	}
	body := raw[3:]
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Error("last line does not end in CRLF")
	}
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf {
		t.Errorf("%d line feeds, only %d of them in CRLF", n, crlf)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v", err)
	}
	return records
}

// column returns the cell of record under the header name.
func column(t *testing.T, header, record []string, name string) string {
	t.Helper()
	for i, h := range header {
		if h == name {
			return record[i]
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return ""
}

func TestWriteCommitmentsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCommitmentsCSV(&buf, csvCommitments()); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, buf.Bytes())
	if len(records) != 3 {
		t.Fatalf("got %d records, want a header and 2 rows", len(records))
	}
	header, c1, c2 := records[0], records[1], records[2]
	if strings.Join(header, ",") != strings.Join(CommitmentsCSVHeader, ",") {
		t.Errorf("header = %v", header)
	}
	for name, want := range map[string]string{
		"ref":            "C1",
		"title_ar":       "النشر الاستباقي للمعلومات",
		"title_fr":       "Publication proactive",
		"title_en":       "Proactive disclosure",
		"status":         "in_progress",
		"progress":       "40",
		"lead_agency_ar": "مجلس جهة سوس ماسة",
		"lead_agency_fr": "Conseil régional Souss-Massa",
		"partners_ar":    "جمعية أ; جامعة ابن زهر",
		"partners_fr":    "Association A; Université Ibn Zohr",
		"ogp_values":     "access_to_information; civic_participation",
		"themes":         "open-data; budget",
		"start_date":     "2024-01-01",
		"end_date":       "2025-06-30",
		"objective_ar":   "سطر أول\nسطر ثان",
		"objective_fr":   "",
		"updated_at":     "2024-05-02T10:30:00Z",
		"id":             "11",
	} {
		if got := column(t, header, c1, name); got != want {
			t.Errorf("C1 %s = %q, want %q", name, got, want)
		}
	}
	// No lead, no dates, no partners: empty cells, not "0001-01-01" or "<nil>".
	for _, name := range []string{"lead_agency_ar", "partners_fr", "start_date", "end_date", "updated_at"} {
		if got := column(t, header, c2, name); got != "" {
			t.Errorf("C2 %s = %q, want empty", name, got)
		}
	}
	for name, want := range map[string]string{
		"title_ar": "'=HYPERLINK(\"http://evil\")",
		"title_fr": "'-2+3",
		"title_en": "'@SUM(A1)",
	} {
		if got := column(t, header, c2, name); got != want {
			t.Errorf("C2 %s = %q, want %q (formula guard)", name, got, want)
		}
	}
}

func TestWriteMilestonesCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMilestonesCSV(&buf, csvCommitments()); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, buf.Bytes())
	if len(records) != 3 { // C2 has no milestones
		t.Fatalf("got %d records, want a header and 2 rows: %q", len(records), records)
	}
	header, m1, m2 := records[0], records[1], records[2]
	if strings.Join(header, ",") != strings.Join(MilestonesCSVHeader, ",") {
		t.Errorf("header = %v", header)
	}
	for name, want := range map[string]string{
		"commitment_ref": "C1",
		"position":       "1",
		"title_ar":       "إطلاق البوابة",
		"title_fr":       "Lancement du portail",
		"title_en":       "",
		"deliverable_ar": "بوابة",
		"deliverable_fr": "Portail",
		"responsible_ar": "مجلس جهة سوس ماسة",
		"responsible_fr": "Conseil régional Souss-Massa",
		"start_date":     "2024-01-01",
		"end_date":       "2024-03-31",
		"status":         "completed",
		"progress":       "100",
		"weight":         "2",
	} {
		if got := column(t, header, m1, name); got != want {
			t.Errorf("milestone 1 %s = %q, want %q", name, got, want)
		}
	}
	if got := column(t, header, m2, "title_ar"); got != "'+تقرير" {
		t.Errorf("milestone 2 title_ar = %q, want the formula guard", got)
	}
	if got := column(t, header, m2, "title_fr"); got != "'@rapport" {
		t.Errorf("milestone 2 title_fr = %q, want the formula guard", got)
	}
	if got := column(t, header, m2, "responsible_ar"); got != "" {
		t.Errorf("milestone 2 responsible_ar = %q, want empty", got)
	}
}

func TestWriteCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCommitmentsCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if records := readCSV(t, buf.Bytes()); len(records) != 1 {
		t.Errorf("empty plan: got %d records, want the header only", len(records))
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"plain":           "plain",
		"مرحبا":           "مرحبا",
		"=1+1":            "'=1+1",
		"+212600000000":   "'+212600000000",
		"-1":              "'-1",
		"@cmd":            "'@cmd",
		"\t=x":            "'\t=x",
		"\r=x":            "'\r=x",
		"a=b":             "a=b",
		"2024-01-01":      "2024-01-01",
		"'already quoted": "'already quoted",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeFilename(t *testing.T) {
	for in, want := range map[string]string{
		"plan-2024_2026.csv":  "plan-2024_2026.csv",
		`a"b\c;d e.csv`:       "a-b-c-d-e.csv",
		"خطة-commitments.csv": "----commitments.csv",
	} {
		if got := safeFilename(in); got != want {
			t.Errorf("safeFilename(%q) = %q, want %q", in, got, want)
		}
	}
}
