package forum

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// The administration of stand-alone documents, for editors and above:
// GET /admin/documents lists them, /admin/documents/new publishes one (a
// title in each language, a description, one file checked by the files
// package), and POST /admin/documents/{id}/delete removes one from the
// repository. Each write is in the public ledger.

func (a *Admin) documentRoutes(mux *http.ServeMux) {
	editor := func(h http.HandlerFunc) http.HandlerFunc { return auth.Require(auth.Editor, a.Public.Errors, h) }
	mux.HandleFunc("GET /admin/documents", editor(a.documentList))
	mux.HandleFunc("GET /admin/documents/new", editor(a.newDocument))
	mux.HandleFunc("POST /admin/documents/new", editor(a.createDocument))
	mux.HandleFunc("POST /admin/documents/{id}/delete", editor(a.deleteDocument))
}

// AdminDocuments is what /admin/documents shows.
type AdminDocuments struct {
	Documents []DocumentView
	Done      string // "saved" or "removed" after a write, for the notice
}

func (a *Admin) documentList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	ds, err := StandaloneDocs(ctx, a.Public.DB.R(), site.ID)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	page := AdminDocuments{}
	switch r.URL.Query().Get("done") {
	case "saved", "removed":
		page.Done = r.URL.Query().Get("done")
	}
	for _, d := range ds {
		v := documentView(standaloneDocument(&d, site.Location))
		v.ID = d.ID
		page.Documents = append(page.Documents, v)
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "forumadmin_documents", page)
}

// standaloneDocument is d as the repository lists it.
func standaloneDocument(d *Standalone, loc *time.Location) Document {
	return Document{SHA256: d.FileHash, Name: d.FileName, ContentType: d.ContentType, Size: d.Size, URL: "/files/" + d.FileHash,
		Type: DocStandalone, Date: localDay(d.CreatedAt, loc), Title: d.Title, Description: d.Description, Source: i18n.Text{}}
}

func (a *Admin) documentForm(r *http.Request, f *web.Form, kept news.Uploads) *webform.FormView {
	p := a.printer(r)
	b := news.FormKit.Builder(p, f)
	b.Max = map[string]int{"title": MaxDocTitleLen, "description": MaxDocDescriptionLen}
	max := a.Files.MaxBytes
	if max <= 0 {
		max = files.DefaultMaxBytes
	}
	file := b.Hint(b.Input("file", "file", -1, "docsadmin.file", true), "docsadmin.file_hint", "Max", p.Bytes(max))
	return &webform.FormView{Heading: p.T("docsadmin.new"), Back: "/admin/documents", BackLabel: p.T("docsadmin.title"),
		Action: "/admin/documents/new", Multipart: true, Submit: p.T("docsadmin.publish"),
		Sets: []webform.FieldSet{{Legend: p.T("docsadmin.document"), Fields: []webform.Field{
			b.Texts("title", -1, "docsadmin.doc_title", false, true),
			b.Texts("description", -1, "docsadmin.description", true, false),
			file,
		}}},
		Kept: kept.Keep(f),
	}
}

func (a *Admin) newDocument(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, a.documentForm(r, web.NewForm(nil), nil))
}

// createDocument publishes the posted document. A refused file or text
// sends the form back with 422, every value kept (an accepted file too).
func (a *Admin) createDocument(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, ups, err := news.ReadUpload(w, r, a.Files, "file")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	kit := news.FormKit
	d := &Standalone{SiteID: site.ID, Title: trimText(kit.ReadText(f, "title", -1, MaxDocTitleLen, true)),
		Description: trimText(kit.ReadText(f, "description", -1, MaxDocDescriptionLen, false))}
	if d.Title[i18n.AR] == "" && f.Error("title_ar") == "" {
		f.Fail("title_ar", kit.RequiredAR) // only spaces
	}
	switch got := ups["file"]; {
	case len(got) > 1:
		f.Fail("file", "docsadmin.error.one_file")
		ups["file"] = got[:1]
	case len(got) == 0 && f.Error("file") == "":
		f.Fail("file", "form.required")
	}
	if len(ups["file"]) == 1 {
		up := ups["file"][0]
		d.FileHash, d.FileName, d.ContentType, d.Size = up.Hash, up.Name, up.ContentType, up.Size
	}
	if !f.Valid() {
		a.render(w, r, http.StatusUnprocessableEntity, a.documentForm(r, f, ups))
		return
	}
	err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := files.Record(ctx, tx, site.ID, ups["file"][0]); err != nil {
			return err
		}
		if err := CreateStandalone(ctx, tx, d); err != nil {
			return err
		}
		return record(ctx, tx, "create", "document", d.ID, "document "+strings.TrimSpace(d.Title[i18n.AR]), nil, standaloneState(d))
	})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/documents?done=saved", http.StatusSeeOther)
}

func (a *Admin) deleteDocument(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.Public.Errors.NotFound(w, r)
		return
	}
	if _, err := web.ParseForm(w, r); err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
		d, err := StandaloneByID(ctx, tx, site.ID, id)
		if err != nil {
			return err
		}
		if err := DeleteStandalone(ctx, tx, site.ID, id); err != nil {
			return err
		}
		return record(ctx, tx, "delete", "document", d.ID, "document "+strings.TrimSpace(d.Title[i18n.AR]), standaloneState(d), nil)
	})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/documents?done=removed", http.StatusSeeOther)
}

// trimText drops the spaces around each language's text, and the
// languages left empty.
func trimText(t i18n.Text) i18n.Text {
	out := i18n.Text{}
	for l, s := range t {
		if s = strings.TrimSpace(s); s != "" {
			out[l] = s
		}
	}
	return out
}
