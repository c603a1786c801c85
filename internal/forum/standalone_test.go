package forum_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
)

func TestStandaloneStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newEnv(t, d)
		ctx := context.Background()
		store := &files.Store{Dir: t.TempDir()}
		doc := &forum.Standalone{SiteID: e.SiteID, Title: i18n.Text{i18n.AR: "تقرير", i18n.FR: "Rapport"},
			Description: i18n.Text{i18n.FR: "Le rapport annuel"}}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			up, err := store.Put(strings.NewReader(tinyPDF), "rapport.pdf")
			if err != nil {
				return err
			}
			if err := files.Record(ctx, tx, e.SiteID, up); err != nil {
				return err
			}
			doc.FileHash, doc.FileName = up.Hash, up.Name
			return forum.CreateStandalone(ctx, tx, doc)
		})
		if err != nil || doc.ID == 0 || doc.CreatedAt.IsZero() {
			t.Fatalf("create: %v %+v", err, doc)
		}
		got, err := forum.StandaloneByID(ctx, d.R(), e.SiteID, doc.ID)
		if err != nil || got.Title[i18n.FR] != "Rapport" || got.Description[i18n.FR] != "Le rapport annuel" ||
			got.ContentType != files.PDF || got.Size != int64(len(tinyPDF)) || got.FileName != "rapport.pdf" {
			t.Errorf("by id: %+v %v", got, err)
		}
		if _, err := forum.StandaloneByID(ctx, d.R(), e.SiteID+100, doc.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another site's: %v", err)
		}
		list, err := forum.StandaloneDocs(ctx, d.R(), e.SiteID)
		if err != nil || len(list) != 1 || list[0].ID != doc.ID {
			t.Errorf("list: %+v %v", list, err)
		}
		// In the repository, by type, but not when filtered by commitment.
		docs, err := forum.Documents(ctx, d.R(), e.SiteID, forum.DocFilter{Type: forum.DocStandalone}, testNow, testNow.Location())
		if err != nil || len(docs) != 1 || docs[0].Type != forum.DocStandalone || docs[0].SHA256 != doc.FileHash ||
			docs[0].Description[i18n.FR] != "Le rapport annuel" || docs[0].SourceURL != "" {
			t.Errorf("repository: %+v %v", docs, err)
		}
		if docs, _ := forum.Documents(ctx, d.R(), e.SiteID, forum.DocFilter{Commitment: 1}, testNow, testNow.Location()); len(docs) != 0 {
			t.Errorf("a stand-alone document listed under a commitment: %+v", docs)
		}
		// Without a file or an Arabic title, nothing is stored.
		for _, bad := range []*forum.Standalone{{SiteID: e.SiteID, Title: i18n.Text{i18n.AR: "x"}},
			{SiteID: e.SiteID, Title: i18n.Text{i18n.FR: "x"}, FileHash: doc.FileHash, FileName: "x.pdf"}} {
			if err := d.InTx(ctx, func(tx *db.Tx) error { return forum.CreateStandalone(ctx, tx, bad) }); err == nil {
				t.Errorf("stored %+v", bad)
			}
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return forum.DeleteStandalone(ctx, tx, e.SiteID+100, doc.ID) }); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("delete from another site: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return forum.DeleteStandalone(ctx, tx, e.SiteID, doc.ID) }); err != nil {
			t.Fatal(err)
		}
		if list, _ := forum.StandaloneDocs(ctx, d.R(), e.SiteID); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
	})
}

// TestStandaloneDocuments publishes a document through the administration
// and reads it in the repository in three languages: its format, its size
// in the language's units, its short fingerprint opening on the full one,
// and its file name isolated. Bad inputs are refused field by field with
// the values kept, and each write is in the ledger.
func TestStandaloneDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := &env{Env: servertest.New(t, d, testNow, func(o *server.Options) { o.Log = testLog(t); o.MaxUploadBytes = 4096 })}
		anon, citizen, editor := e.Visitor(""), e.signIn(auth.Citizen), e.signIn(auth.Editor)
		if a := e.Get(anon, "/admin/documents"); a.Status != http.StatusSeeOther {
			t.Errorf("anonymous: %d", a.Status)
		}
		if a := e.Get(citizen, "/admin/documents/new"); a.Status != http.StatusForbidden {
			t.Errorf("citizen: %d", a.Status)
		}
		if a := e.Post(citizen, "/admin/documents/new", url.Values{"title_ar": {"x"}}, map[string][2]string{"file": {"a.pdf", tinyPDF}}); a.Status != http.StatusForbidden {
			t.Errorf("citizen posts: %d", a.Status)
		}
		if a := e.Get(editor, "/admin/documents/new?lang=fr"); a.Status != 200 || !strings.Contains(a.Body, `type="file"`) ||
			!strings.Contains(a.Body, "4\u00a0Ko au plus") {
			t.Errorf("form: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}

		// 1,536 bytes: 1.5 KB.
		content := tinyPDF + strings.Repeat("%", 1536-len(tinyPDF))
		sum := sha256.Sum256([]byte(content))
		hash := hex.EncodeToString(sum[:])
		name := "تقرير الميزانية.pdf"
		form := url.Values{"title_ar": {"تقرير الميزانية 2025"}, "title_en": {"Budget report 2025"}, "title_fr": {"Rapport budgétaire 2025"},
			"description_fr": {"Le rapport sur l’exécution du budget."}}

		// Refused: no file; an HTML page; too large; a title too long. The
		// texts typed come back.
		a := e.Post(editor, "/admin/documents/new?lang=en", form, nil)
		servertest.Contains(t, "no file", a.Body, `value="Budget report 2025"`, "This field is required.")
		if a.Status != http.StatusUnprocessableEntity {
			t.Errorf("no file: %d", a.Status)
		}
		a = e.Post(editor, "/admin/documents/new?lang=en", form, map[string][2]string{"file": {"page.pdf", "<html><script>alert(1)</script>"}})
		servertest.Contains(t, "html", a.Body, "is not an accepted type", `value="Budget report 2025"`)
		a = e.Post(editor, "/admin/documents/new?lang=en", form, map[string][2]string{"file": {"big.pdf", tinyPDF + strings.Repeat("x", 5000)}})
		servertest.Contains(t, "too large", a.Body, "is too large")
		long := url.Values{"title_ar": {strings.Repeat("ع", forum.MaxDocTitleLen+1)}}
		a = e.Post(editor, "/admin/documents/new?lang=en", long, map[string][2]string{"file": {name, content}})
		servertest.Contains(t, "long title", a.Body, "At most 200 characters.")
		// The accepted file is kept for the corrected form.
		kept := regexp.MustCompile(`name="kept_file" value="([^"]+)"`).FindStringSubmatch(a.Body)
		if a.Status != http.StatusUnprocessableEntity || kept == nil || !strings.HasPrefix(kept[1], hash+":") {
			t.Fatalf("long title: %d, kept %v\n%s", a.Status, kept, servertest.Excerpt(a.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM documents`); n != 0 {
			t.Fatalf("%d documents stored by refused forms", n)
		}

		form.Set("kept_file", strings.ReplaceAll(kept[1], "&#43;", "+"))
		a = e.Post(editor, "/admin/documents/new", form, nil)
		if a.Status != http.StatusSeeOther || a.Location != "/admin/documents?done=saved" {
			t.Fatalf("publish: %d %s\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM documents WHERE site_id = ? AND file_hash = ? AND file_name = ?`, e.SiteID, hash, name); n != 1 {
			t.Fatalf("%d documents stored", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'document' AND action = 'create' AND actor_id = ?`, editor.ID); n != 1 {
			t.Errorf("%d ledger entries for the document", n)
		}

		for lang, want := range map[string][]string{
			"en": {"Budget report 2025", "Council document", "Published on its own", "PDF · 1.5 KB"},
			"fr": {"Rapport budgétaire 2025", "Document du conseil", "PDF · 1,5\u00a0Ko", "Le rapport sur l’exécution du budget."},
			"ar": {"تقرير الميزانية 2025", "وثيقة المجلس", "PDF · 1,5 كيلوبايت"},
		} {
			r := e.Get(anon, "/documents?lang="+lang)
			if r.Status != 200 {
				t.Fatalf("%s: %d", lang, r.Status)
			}
			servertest.Contains(t, "/documents?lang="+lang, r.Body, append(want,
				`<bdi dir="auto">`+name+`</bdi>`, `href="/files/`+hash+`"`,
				`<summary><code dir="ltr">`+hash[:12]+`</code>`, `<code dir="ltr" class="hash">`+hash+`</code>`)...)
		}
		r := e.Get(anon, "/documents?type=document")
		servertest.Contains(t, "filtered", r.Body, hash[:12])
		api := e.Get(anon, "/api/v1/documents?type=document")
		servertest.Contains(t, "api", api.Body, `"type":"document"`, `"sha256":"`+hash+`"`, `"size":1536`, `"description":{`)
		adm := e.Get(editor, "/admin/documents?done=saved&lang=en")
		servertest.Contains(t, "admin list", adm.Body, "The document is published in the repository.", "Budget report 2025", "1.5 KB")

		// Removed: gone from the repository, in the ledger.
		var id int64
		if err := d.R().QueryRowContext(context.Background(), `SELECT id FROM documents WHERE file_hash = ?`, hash).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if a := e.PostForm(citizen, "/admin/documents/"+fmtInt(id)+"/delete", nil); a.Status != http.StatusForbidden {
			t.Errorf("citizen removes: %d", a.Status)
		}
		if a := e.PostForm(editor, "/admin/documents/99999/delete", nil); a.Status != http.StatusNotFound {
			t.Errorf("unknown document: %d", a.Status)
		}
		if a := e.PostForm(editor, "/admin/documents/"+fmtInt(id)+"/delete", nil); a.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", a.Status)
		}
		if r := e.Get(anon, "/documents?type=document&after"); strings.Contains(r.Body, hash) {
			t.Error("a removed document is still listed")
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'document' AND action = 'delete' AND entity_id = ?`, id); n != 1 {
			t.Errorf("%d ledger entries for the removal", n)
		}
	})
}
