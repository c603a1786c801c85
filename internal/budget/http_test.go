package budget_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// importFile posts a file to the import screen as p.
func importFile(e *servertest.Env, p *servertest.Person, year, stage, population, name, content string) servertest.Answer {
	return plain(e.Post(p, "/admin/budget?lang=en", url.Values{"year": {year}, "stage": {stage}, "population": {population}},
		map[string][2]string{"file": {name, content}}))
}

// plain takes the bidirectional isolates out of a page, so that tests can
// look for amounts as people read them.
func plain(a servertest.Answer) servertest.Answer {
	a.Body = strings.NewReplacer("\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "").Replace(a.Body)
	return a
}

func TestImportHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := servertest.New(t, d, testNow)
		editor := e.SignIn(auth.Editor)
		good, bad := readFile(t, "testdata/good.csv"), readFile(t, "testdata/bad.csv")

		// Only editors and administrators import.
		if a := e.Get(e.Visitor(servertest.BrowserUA), "/admin/budget"); a.Status == http.StatusOK {
			t.Errorf("a visitor sees the import screen")
		}
		if a := importFile(e, e.SignIn(auth.Citizen), "2025", "adopted", "", "good.csv", good); a.Status != http.StatusForbidden {
			t.Errorf("a citizen imports: %d", a.Status)
		}
		if a := e.Get(editor, "/admin/budget?lang=ar"); a.Status != http.StatusOK {
			t.Fatalf("import screen: %d", a.Status)
		}

		// A bad file: every problem listed with its row and column, the
		// fields kept, nothing written.
		a := importFile(e, editor, "2025", "adopted", "3000000", "bad.csv", bad)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad file: %d %s", a.Status, servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "bad file", a.Body, "9 problems found", "Nothing was imported",
			"“abc” is not an amount", "<code dir=\"ltr\">forecast</code>", "Unknown section “fonds”",
			"The declared total is 5 000,00, but the chapter’s lines add up to 1 030,50", `value="2025"`, `value="3000000"`, `value="adopted" selected`)
		if n := e.Count(`SELECT COUNT(*) FROM budgets`); n != 0 {
			t.Errorf("%d budgets after a bad file", n)
		}
		// The same report in Arabic.
		a = plain(e.Post(editor, "/admin/budget?lang=ar", url.Values{"year": {"2025"}, "stage": {"adopted"}}, map[string][2]string{"file": {"bad.csv", bad}}))
		servertest.Contains(t, "bad file, Arabic", a.Body, "abc</bdi>» ليس مبلغا", "لم يستورد أي شيء")

		// Bad fields.
		a = importFile(e, editor, "19", "final", "-3", "good.csv", good)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad fields: %d", a.Status)
		}
		servertest.Contains(t, "bad fields", a.Body, "Give a year from 1990 to 2100", "Give a whole number of inhabitants", `value="19"`)

		// A good file, then the same year and stage again: replaced.
		a = importFile(e, editor, "2025", "adopted", "3000000", "good.csv", good)
		if a.Status != http.StatusOK {
			t.Fatalf("good file: %d %s", a.Status, servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "imported", a.Body, "Budget imported", "7 lines imported for 2025, adopted budget")
		a = importFile(e, editor, "2025", "adopted", "3000000", "good.csv", good)
		servertest.Contains(t, "replaced", a.Body, "Budget replaced")
		if n := e.Count(`SELECT COUNT(*) FROM budget_lines`); n != 7 {
			t.Errorf("%d lines after a re-import", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'budget' AND actor_id = ?`, editor.User.ID); n != 2 {
			t.Errorf("%d ledger entries", n)
		}
		if a := e.Get(editor, "/admin/budget/template.csv"); a.Status != http.StatusOK || !strings.HasPrefix(a.Body, "\xEF\xBB\xBFkind,section") {
			t.Errorf("template: %d %q", a.Status, servertest.Excerpt(a.Body))
		}
	})
}

func TestPublicPagesHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := servertest.New(t, d, testNow)
		visitor := e.Visitor(servertest.BrowserUA)
		if a := e.Get(visitor, "/budget?lang=en"); a.Status != http.StatusOK || !strings.Contains(a.Body, "No budget has been published yet") {
			t.Fatalf("empty /budget: %d", a.Status)
		}
		editor := e.SignIn(auth.Editor)
		good := readFile(t, "testdata/good.csv")
		importFile(e, editor, "2024", "adopted", "", "good.csv", strings.Replace(good, "\"300 000 000,00\";\"310 000 000,00\"", "\"250 000 000,00\";", 1))
		importFile(e, editor, "2025", "adopted", "3000000", "good.csv", good)
		if a := importFile(e, editor, "2025", "execution", "3000000", "good.csv", good); a.Status != http.StatusOK {
			t.Fatalf("import: %d", a.Status)
		}

		// /budget is the latest year, at its latest stage.
		a := plain(e.Get(visitor, "/budget?lang=fr"))
		if a.Status != http.StatusOK {
			t.Fatalf("/budget: %d", a.Status)
		}
		servertest.Contains(t, "/budget", a.Body, "Budget 2025", "exécution (compte administratif)",
			`role="img" aria-label="Recettes par source, 2025, montants prévus"`, "Dépenses par chapitre",
			"Lignes les moins exécutées", "Par habitant", "/budget/2025/expenditure/investment/30?stage=execution",
			"/budget/2025/execution.csv")
		// Amounts in French: narrow no-break space grouping, decimal comma, MAD.
		servertest.Contains(t, "French amounts", a.Body, "2\u202F050\u202F000\u202F000 MAD", "96,6\u202F%")

		// Arabic: the chart mirrored, amounts in dirhams.
		a = plain(e.Get(visitor, "/budget/2025?lang=ar&stage=adopted"))
		servertest.Contains(t, "Arabic", a.Body, "التغير منذ 2024", `direction="rtl"`, "درهم", "المداخيل حسب المصدر", "الميزانية المصادق عليها")
		// English grouping.
		a = plain(e.Get(visitor, "/budget/2025?lang=en"))
		servertest.Contains(t, "English", a.Body, "2,050,000,000 MAD", "Revenue by source")

		// Drill-down: section, then chapter with its lines.
		a = plain(e.Get(visitor, "/budget/2025/expenditure/investment?lang=en&stage=execution"))
		servertest.Contains(t, "section page", a.Body, "Expenditure — Investment, 2025", "/budget/2025/expenditure/investment/30?stage=execution")
		a = plain(e.Get(visitor, "/budget/2025/expenditure/investment/30?lang=fr&stage=execution"))
		servertest.Contains(t, "chapter page", a.Body, "Chapitre 30 (2025)", "Routes rurales", "SM-01", "Khémisset", "900\u202F000\u202F000,00 MAD", "50,0\u202F%")
		for _, p := range []string{"/budget/1800", "/budget/2023", "/budget/abcd", "/budget/2025?stage=amending", "/budget/2025/expenditure/investment/99",
			"/budget/2025/income/investment", "/budget/2025/expenditure/investment/3x", "/budget/2025/final.csv", "/budget/2025/adopted.xml"} {
			if a := e.Get(visitor, p); a.Status != http.StatusNotFound {
				t.Errorf("%s: %d", p, a.Status)
			}
		}

		// Downloads: CSV with a BOM in the import layout, JSON in centimes.
		a = e.Get(visitor, "/budget/2025/execution.csv")
		if a.Status != http.StatusOK || !strings.HasPrefix(a.Body, "\xEF\xBB\xBFkind,section,direction") || !strings.Contains(a.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %q", a.Status, servertest.Excerpt(a.Body))
		}
		lines, errs := budget.ParseImport(strings.NewReader(a.Body))
		if len(errs) > 0 || len(lines) != 7 || lines[2].Executed != 4125000050 {
			t.Errorf("the CSV download does not import back: %+v", errs)
		}
		a = e.Get(visitor, "/budget/2025/execution.json")
		var doc struct {
			Data budget.Document `json:"data"`
		}
		if err := json.Unmarshal([]byte(a.Body), &doc); err != nil || doc.Data.Year != 2025 || len(doc.Data.Lines) != 7 || doc.Data.Revenue.Forecast != 205000000000 {
			t.Errorf("json: %v %+v", err, doc.Data.Revenue)
		}

		// The API.
		a = e.Get(visitor, "/api/v1/budgets")
		var list struct {
			Data []struct {
				Year  int    `json:"year"`
				Stage string `json:"stage"`
				CSV   string `json:"csv"`
				URL   string `json:"url"`
			} `json:"data"`
			Next *string `json:"next"`
		}
		if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 3 || list.Data[0].Year != 2025 || list.Data[0].CSV != "/budget/2025/adopted.csv" {
			t.Errorf("api list: %v %s", err, a.Body)
		}
		a = e.Get(visitor, list.Data[1].URL)
		if a.Status != http.StatusOK || !strings.Contains(a.Body, `"executed":4125000050`) || !strings.Contains(a.Body, `"stage":"execution"`) {
			t.Errorf("api one: %d", a.Status)
		}
		a = e.Get(visitor, "/api/v1/budgets/999999")
		if a.Status != http.StatusNotFound || !strings.Contains(a.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("api missing: %d %s", a.Status, a.Header.Get("Content-Type"))
		}
	})
}

// On the demo site, the default one here, the budget pages say the figures
// are illustrative; its budgets show with their links to commitments.
func TestDemoBudgetHTTP(t *testing.T) {
	d := dbtest.SQLite(t)
	if _, err := demo.Load(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	e := servertest.New(t, d, testNow)
	v := e.Visitor(servertest.BrowserUA)
	a := plain(e.Get(v, "/budget?lang=en"))
	servertest.Contains(t, "demo /budget", a.Body, "Budget 2022", "Illustrative figures", "Change from 2021", "Per inhabitant", "Spending by prefecture or province")
	a = plain(e.Get(v, "/budget/2021/expenditure/investment/60?lang=fr&stage=execution"))
	servertest.Contains(t, "demo chapter", a.Body, "Chiffres illustratifs", "TTA-06", "Portail régional des données ouvertes")
}

// The citizen budget: editors write a text per chapter and language, the
// page inserts the figures from the data; too long a text keeps everything.
func TestCitizenBudgetHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := servertest.New(t, d, testNow)
		editor := e.SignIn(auth.Editor)
		v := e.Visitor(servertest.BrowserUA)
		if a := e.Get(v, "/budget/2025/citizen"); a.Status != http.StatusNotFound {
			t.Errorf("citizen budget of an unpublished year: %d", a.Status)
		}
		importFile(e, editor, "2025", "execution", "3000000", "good.csv", readFile(t, "testdata/good.csv"))
		if a := e.Get(e.SignIn(auth.Citizen), "/admin/budget/citizen/2025"); a.Status != http.StatusForbidden {
			t.Errorf("a citizen edits the texts: %d", a.Status)
		}
		a := e.Get(editor, "/admin/budget/citizen/2025?lang=en")
		servertest.Contains(t, "form", a.Body, `name="intro_ar"`, `name="text_expenditure_investment_30_fr"`, "{planned}")
		form := url.Values{
			"intro_fr":                          {"La Région dépense **{planned}** cette année."},
			"text_expenditure_investment_30_fr": {"Les routes et l’eau : {planned}, soit {share} des dépenses, exécutés à {rate}."},
			"text_expenditure_investment_30_ar": {"الطرق والماء: {planned}."},
			"text_expenditure_operating_10_en":  {strings.Repeat("x", budget.MaxCitizenText+1)},
			"text_expenditure_operating_10_fr":  {"Personnel <script>alert(1)</script>"},
		}
		a = e.PostForm(editor, "/admin/budget/citizen/2025?lang=en", form)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "At most 5000 characters") || !strings.Contains(a.Body, "soit {share} des dépenses") {
			t.Fatalf("too long: %d", a.Status)
		}
		if n := e.Count(`SELECT COUNT(*) FROM budget_texts`); n != 0 {
			t.Errorf("%d texts saved from an invalid form", n)
		}
		form.Del("text_expenditure_operating_10_en")
		a = e.PostForm(editor, "/admin/budget/citizen/2025?lang=en", form)
		if a.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", a.Status, servertest.Excerpt(a.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM budget_texts`); n != 3 {
			t.Errorf("%d texts saved", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'budget_text'`); n != 1 {
			t.Errorf("%d ledger entries", n)
		}
		a = plain(e.Get(v, "/budget/2025/citizen?lang=fr"))
		servertest.Contains(t, "citizen page", a.Body, "Budget citoyen 2025", "La Région dépense <strong>1\u202F850\u202F000\u202F000 MAD</strong>",
			"Les routes et l’eau : 1\u202F500\u202F000\u202F000 MAD, soit 81,1\u202F% des dépenses, exécutés à 34,0\u202F%.", "Personnel")
		servertest.Lacks(t, "citizen page", a.Body, "<script>alert")
		a = plain(e.Get(v, "/budget/2025/citizen?lang=ar"))
		servertest.Contains(t, "citizen page, Arabic", a.Body, "الطرق والماء: 1.500.000.000 درهم.")
		// Emptying a text removes it.
		form.Set("text_expenditure_operating_10_fr", "")
		e.PostForm(editor, "/admin/budget/citizen/2025", form)
		if n := e.Count(`SELECT COUNT(*) FROM budget_texts`); n != 2 {
			t.Errorf("%d texts after emptying one", n)
		}
	})
}

// Search finds budget lines by their label, once per year, leading to their
// chapter page.
func TestSearchBudgetLinesHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := servertest.New(t, d, testNow)
		editor := e.SignIn(auth.Editor)
		good := readFile(t, "testdata/good.csv")
		importFile(e, editor, "2025", "adopted", "", "good.csv", good)
		importFile(e, editor, "2025", "execution", "", "good.csv", good)
		importFile(e, editor, "2025", "execution", "", "good.csv", good)
		if n := e.Count(`SELECT COUNT(*) FROM search_docs WHERE kind = 'budget'`); n != 7 {
			t.Errorf("%d budget lines in the index, want 7 (one year, its latest stage)", n)
		}
		a := plain(e.Get(e.Visitor(servertest.BrowserUA), "/search?q=routes+rurales&lang=fr"))
		servertest.Contains(t, "search", a.Body, "/budget/2025/expenditure/investment/30?stage=execution#line-30.10.10.1", "Routes rurales")
		a = e.Get(e.Visitor(servertest.BrowserUA), "/api/v1/search?q=%D8%A7%D9%84%D8%B7%D8%B1%D9%82+%D8%A7%D9%84%D9%82%D8%B1%D9%88%D9%8A%D8%A9") // الطرق القروية
		if !strings.Contains(a.Body, `"budget"`) {
			t.Errorf("api search: %s", servertest.Excerpt(a.Body))
		}
	})
}

// An Excel workbook imports like its CSV.
func TestImportXLSXHTTP(t *testing.T) {
	e := servertest.New(t, dbtest.SQLite(t), testNow)
	editor := e.SignIn(auth.Editor)
	f := excelize.NewFile()
	rows := [][]any{{"section", "direction", "chapter", "article", "label_ar", "forecast", "executed"},
		{"التسيير", "النفقات", "10", "10", "أجور", 300000000, 250000000.5}}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	a := importFile(e, editor, "2025", "execution", "", "ميزانية.xlsx", buf.String())
	if a.Status != http.StatusOK || !strings.Contains(a.Body, "One line imported") {
		t.Fatalf("xlsx: %d %s", a.Status, servertest.Excerpt(a.Body))
	}
	if n := e.Count(`SELECT COUNT(*) FROM budget_lines WHERE executed = 25000000050`); n != 1 {
		t.Errorf("amount read wrong (%d rows)", n)
	}
}
