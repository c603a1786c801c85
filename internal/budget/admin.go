package budget

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Admin serves the editors' import of a budget from the finance
// department's spreadsheet (docs/budget.md).
type Admin struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
}

// Routes registers the import screen; editors and administrators only.
func (a *Admin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/budget", auth.Require(auth.Editor, a.Errors, a.form))
	mux.HandleFunc("POST /admin/budget", auth.Require(auth.Editor, a.Errors, a.upload))
	mux.HandleFunc("GET /admin/budget/template.csv", auth.Require(auth.Editor, a.Errors, a.template))
}

// maxShownErrors bounds the error table: past a few hundred, it is the
// wrong file and more rows would not help.
const maxShownErrors = 300

// MaxPopulation bounds the population field: Morocco has some 37 million
// inhabitants.
const MaxPopulation = 100_000_000

// ImportPage is the import screen: the form, the published budgets, and
// after an upload either the errors (nothing written) or what was imported.
type ImportPage struct {
	Form       *web.Form
	Stages     []Stage
	Budgets    []Summary
	Errors     []ImportError
	ErrorCount int
	Done       *Summary
	Replaced   bool
}

// Hidden is how many errors were found beyond those shown.
func (p *ImportPage) Hidden() int { return p.ErrorCount - len(p.Errors) }

func (a *Admin) form(w http.ResponseWriter, r *http.Request) {
	a.show(w, r, http.StatusOK, &ImportPage{Form: web.NewForm(nil)})
}

func (a *Admin) show(w http.ResponseWriter, r *http.Request, status int, p *ImportPage) {
	all, err := Summaries(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, maxListed)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	p.Budgets, p.Stages = all, Stages
	w.Header().Set("Cache-Control", "no-store")
	if err := a.Pages.Page(w, r, status, "budgetadmin_import", "admin", p); err != nil {
		a.Errors.Error(w, r, err)
	}
}

func (a *Admin) upload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, MaxImportBytes+64<<10)
	f := web.NewForm(nil)
	if err := r.ParseMultipartForm(MaxImportBytes + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			a.Errors.Error(w, r, web.Invalid("error.bad_form"))
			return
		}
		f.Fail("file", "budget.error.too_large")
		a.show(w, r, http.StatusUnprocessableEntity, &ImportPage{Form: f})
		return
	}
	defer r.MultipartForm.RemoveAll()
	if err := web.CheckValues(r.MultipartForm.Value); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	f.Values = r.MultipartForm.Value
	year, ok := yearParam(f.Get("year"))
	if !ok {
		f.Fail("year", "budget.form.year_invalid", "Min", MinYear, "Max", MaxYear)
	}
	stage := Stage(f.Get("stage"))
	if !stage.Valid() {
		f.Fail("stage", "form.required")
	}
	var population int64
	if s := f.Get("population"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > MaxPopulation || len(s) > 9 {
			f.Fail("population", "budget.form.population_invalid", "Max", MaxPopulation)
		}
		population = n
	}
	file, fh, err := r.FormFile("file")
	if err != nil {
		f.Fail("file", "budget.form.file_required")
		a.show(w, r, http.StatusUnprocessableEntity, &ImportPage{Form: f})
		return
	}
	defer file.Close()
	if err := web.CheckFileName(fh.Filename); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if !f.Valid() {
		a.show(w, r, http.StatusUnprocessableEntity, &ImportPage{Form: f})
		return
	}
	// A workbook is read as one; anything else as CSV text.
	head := make([]byte, len(xlsxMagic))
	n, _ := io.ReadFull(file, head)
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	parse := ParseImport
	if IsXLSX(head[:n]) {
		parse = ParseXLSX
	}
	lines, errs := parse(file)
	if len(errs) > 0 {
		a.show(w, r, http.StatusUnprocessableEntity, &ImportPage{Form: f, ErrorCount: len(errs), Errors: errs[:min(len(errs), maxShownErrors)]})
		return
	}
	name := path.Base(fh.Filename)
	var b *Budget
	replaced := false
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		b, replaced, err = Import(ctx, tx, web.SiteOf(ctx).ID, auth.UserFrom(ctx), year, stage, population, name, lines)
		return err
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.show(w, r, http.StatusOK, &ImportPage{Form: web.NewForm(nil), Replaced: replaced,
		Done: &Summary{ID: b.ID, Year: year, Stage: stage, Lines: len(lines), Population: population, FileName: name}})
}

// template: GET /admin/budget/template.csv, the header row and two
// example lines.
func (a *Admin) template(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	example := []Line{
		{Section: Operating, Direction: Revenue, Chapter: "10", Article: "10", Paragraph: "10", Code: "1",
			Label: i18n.Text{i18n.AR: "حصة الجهة من الضريبة على الشركات", i18n.FR: "Part de la région de l'impôt sur les sociétés"}, Forecast: 100_000_000},
		{Section: Investment, Direction: Expenditure, Chapter: "30", Article: "10", Paragraph: "10", Code: "1",
			Label: i18n.Text{i18n.AR: "الطرق القروية", i18n.FR: "Routes rurales"}, Function: "transport", Forecast: 50_000_000, Executed: 20_000_000},
	}
	if err := WriteCSV(&buf, example); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="budget-template.csv"`)
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
