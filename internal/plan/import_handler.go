package plan

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Importer serves the administrators' import of a plan from a spreadsheet
// (docs/import.md): the upload page, the import itself, and the template.
type Importer struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
}

// Routes registers the import pages; all are for administrators only.
func (h *Importer) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/import", auth.Require(auth.Admin, h.Errors, h.form))
	mux.HandleFunc("POST /admin/import", auth.Require(auth.Admin, h.Errors, h.upload))
	mux.HandleFunc("GET /admin/import/template.csv", auth.Require(auth.Admin, h.Errors, h.template))
}

// maxShownErrors bounds the error table: past a few hundred, the file is
// the wrong one and more rows would not help.
const maxShownErrors = 300

// ImportPage is what the import page shows: the form, and after an upload
// either the errors found (nothing written) or the summary of what was.
type ImportPage struct {
	Plans      []Plan
	Form       *web.Form
	Plan       *Plan // the plan imported into
	Errors     []ImportError
	ErrorCount int
	Result     *ImportResult
}

// Hidden is the number of errors found beyond those shown.
func (p *ImportPage) Hidden() int { return p.ErrorCount - len(p.Errors) }

func (h *Importer) form(w http.ResponseWriter, r *http.Request) {
	page, err := h.page(r, web.NewForm(r.URL.Query()))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, page)
}

func (h *Importer) page(r *http.Request, f *web.Form) (*ImportPage, error) {
	plans, err := Plans(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, 0, 1000)
	if err != nil {
		return nil, err
	}
	return &ImportPage{Plans: plans, Form: f}, nil
}

func (h *Importer) upload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	// The multipart framing and the plan field need a little room beyond
	// the file itself.
	r.Body = http.MaxBytesReader(w, r.Body, MaxImportBytes+64<<10)
	f := web.NewForm(nil)
	if err := r.ParseMultipartForm(MaxImportBytes + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			h.Errors.Error(w, r, web.Invalid("error.bad_form"))
			return
		}
		f.Fail("file", "import.error.too_large")
		h.fail(w, r, f, nil)
		return
	}
	defer r.MultipartForm.RemoveAll()
	if err := checkMultipart(r.MultipartForm); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f.Values = r.MultipartForm.Value
	var target *Plan
	if id, err := strconv.ParseInt(f.Get("plan"), 10, 64); err != nil || id <= 0 {
		f.Fail("plan", "form.required")
	} else if target, err = PlanByID(ctx, h.DB.R(), siteID, id); errors.Is(err, db.ErrNotFound) {
		f.Fail("plan", "import.form.unknown_plan")
	} else if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		f.Fail("file", "import.form.file_required")
		h.fail(w, r, f, nil)
		return
	}
	defer file.Close()
	if !f.Valid() {
		h.fail(w, r, f, nil)
		return
	}
	parsed, errs := ParseImport(file)
	if len(errs) > 0 {
		// Report the rows' problems with the database too (an unknown
		// organisation, say) in the same table, so one upload shows them all.
		if parsed != nil {
			more, err := CheckImport(ctx, h.DB.R(), siteID, target.ID, parsed)
			if err != nil {
				h.Errors.Error(w, r, err)
				return
			}
			errs = mergeImportErrors(errs, more)
		}
		h.fail(w, r, f, errs)
		return
	}
	var res *ImportResult
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		res, errs, err = ApplyImport(ctx, tx, siteID, target.ID, auth.UserFrom(ctx), parsed)
		if err == nil && len(errs) > 0 {
			return errImportRejected // roll back: all or nothing
		}
		return err
	})
	switch {
	case errors.Is(err, errImportRejected):
		h.fail(w, r, f, errs)
		return
	case err != nil:
		h.Errors.Error(w, r, err)
		return
	}
	page, err := h.page(r, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.Plan, page.Result = target, res
	h.render(w, r, http.StatusOK, page)
}

// fail re-renders the form with status 422, the chosen plan kept, and the
// file's errors in a table.
func (h *Importer) fail(w http.ResponseWriter, r *http.Request, f *web.Form, errs []ImportError) {
	page, err := h.page(r, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.ErrorCount = len(errs)
	page.Errors = errs[:min(len(errs), maxShownErrors)]
	h.render(w, r, http.StatusUnprocessableEntity, page)
}

func (h *Importer) render(w http.ResponseWriter, r *http.Request, status int, page *ImportPage) {
	// An administration page is private: never stored by a shared cache.
	w.Header().Set("Cache-Control", "no-store")
	if err := h.Pages.Page(w, r, status, "adminimport_upload", "admin", page); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Importer) template(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := WriteImportTemplate(&buf); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	sendCSV(w, r, "infitah-import-template.csv", buf.Bytes())
}

// checkMultipart checks the text of a parsed multipart form: its fields'
// names and values, and the names of its files.
func checkMultipart(m *multipart.Form) error {
	if err := web.CheckValues(m.Value); err != nil {
		return err
	}
	for name, fhs := range m.File {
		if !web.ValidText(name) {
			return web.ErrBadText
		}
		for _, fh := range fhs {
			if err := web.CheckFileName(fh.Filename); err != nil {
				return err
			}
		}
	}
	return nil
}
