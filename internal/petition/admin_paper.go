package petition

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// MaxPaperBytes bounds a bulk entry of paper signatures (pasted or a file).
const MaxPaperBytes = 1 << 20

// paper: POST /admin/petitions/{id}/paper, multipart: the CSV pasted in
// `csv` or sent as the file `file`. Every line is checked first; one bad
// line stores nothing. A CIN that already signed (online or on paper) is
// skipped and counted apart. The entry is one ledger entry, with counts.
func (a Admin) paper(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := a.loadPublic(w, r)
	if !ok {
		return
	}
	f := web.NewForm(nil)
	r.Body = http.MaxBytesReader(w, r.Body, 2*MaxPaperBytes+64<<10)
	if err := r.ParseMultipartForm(2*MaxPaperBytes + 64<<10); err != nil {
		f.Fail("csv", "petition.error.paper_too_large")
		a.show(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	defer r.MultipartForm.RemoveAll()
	text := r.FormValue("csv")
	if file, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(file, MaxPaperBytes+1))
		file.Close()
		if err != nil {
			a.Errors.Error(w, r, err)
			return
		}
		text = string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))) // spreadsheets write a BOM
	}
	switch {
	case p.State != Collecting:
		f.Fail("form", "petition.error.state")
	case len(text) > MaxPaperBytes:
		f.Fail("csv", "petition.error.paper_too_large")
	case !web.ValidText(text):
		f.Fail("csv", "petition.error.paper_text")
	case text == "":
		f.Fail("csv", "form.required")
	}
	if !f.Valid() {
		a.show(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	divs, err := Divisions(ctx, a.DB.R(), p.SiteID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	sigs, problems := ParsePaper(bytes.NewReader([]byte(text)), divs, p.ElectoralRoll)
	if len(problems) > 0 {
		pr := a.Errors.Catalog.Printer(web.Locale(ctx))
		msg := ""
		for i, e := range problems {
			if i == 20 {
				msg += " …"
				break
			}
			if i > 0 {
				msg += " "
			}
			msg += pr.T("petition.bulk.line", "Line", e.Line, "Problem", pr.T("petition.bulk.problem."+e.Field))
		}
		// The text is not sent back: it holds ID numbers.
		f.Errors["csv"] = "petition.bulk.problems"
		f.Args = map[string][]any{"csv": {"List", msg}}
		a.show(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	u := auth.UserFrom(ctx)
	added, skipped := 0, 0
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		added, skipped = 0, 0
		for _, s := range sigs {
			s.PetitionID = p.ID
			switch err := AddPaper(ctx, tx, a.Keys, p, s); {
			case errors.Is(err, ErrAlreadySigned):
				skipped++
			case err != nil:
				return err
			default:
				added++
			}
		}
		return audit.Record(ctx, tx, p.SiteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate,
			Entity: "petition", EntityID: p.ID, Summary: "Petition " + itoa(p.ID) + ": paper signatures entered",
			After: map[string]any{"paper_added": added, "paper_skipped_duplicates": skipped}})
	})
	if errors.Is(err, ErrClosed) {
		f.Fail("form", "petition.error.state")
		a.show(w, r, http.StatusConflict, p, f)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/petitions/"+itoa(p.ID)+"?added="+strconv.Itoa(added)+"&skipped="+strconv.Itoa(skipped), http.StatusSeeOther)
}
