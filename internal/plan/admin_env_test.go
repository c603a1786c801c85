package plan_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The clock of the administration's test servers.
var adminNow = time.Date(2024, time.June, 15, 10, 0, 0, 0, time.UTC)

// tinyPDF is the smallest file that reads as a PDF.
const tinyPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

// adminEnv is a whole server over a fresh database on a real socket, with
// two organisations of its site and one of another site.
type adminEnv struct {
	*servertest.Env
	lead     int64 // an organisation of the site: leads the commitments under test
	partner  int64 // another organisation of the site
	foreign  int64 // an organisation of another site
	adminUsr *servertest.Person
}

func newAdminEnv(t *testing.T, d *db.DB) *adminEnv {
	t.Helper()
	ctx := context.Background()
	e := &adminEnv{Env: servertest.New(t, d, adminNow)}
	e.UA = "" // Go's default User-Agent, as these tests have always sent
	e.lead = e.org(e.SiteID, "region", "مجلس الجهة", "Conseil régional")
	e.partner = e.org(e.SiteID, "assoc", "جمعية الشفافية", "Association Transparence")
	// Created after the server started, so no host serves it: its
	// organisation is foreign to every request of the tests.
	var other int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES ('elsewhere', ?) RETURNING id`,
			db.Timestamp{Time: tx.Now()}).Scan(&other)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.foreign = e.org(other, "foreign", "هيئة أخرى", "Autre organisme")
	return e
}

func (e *adminEnv) org(siteID int64, slug, ar, fr string) int64 {
	e.T.Helper()
	o := &account.Organisation{SiteID: siteID, Slug: slug, Kind: account.Government, Name: i18n.Text{i18n.AR: ar, i18n.FR: fr}}
	if err := e.DB.InTx(context.Background(), func(tx *db.Tx) error { return account.UpsertOrganisation(context.Background(), tx, o) }); err != nil {
		e.T.Fatal(err)
	}
	return o.ID
}

func (e *adminEnv) admin() *servertest.Person {
	if e.adminUsr == nil {
		e.adminUsr = e.SignIn(auth.Admin)
	}
	return e.adminUsr
}

// upload is a file of a multipart form.
type upload struct {
	name string
	data []byte
}

// postMultipart posts form and files as evidence_file, each claimed a PDF.
func (e *adminEnv) postMultipart(p *servertest.Person, path string, form url.Values, files ...upload) servertest.Answer {
	e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		// The client claims a PDF whatever the content: the server must not care.
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="evidence_file"; filename="` + f.name + `"`}
		h["Content-Type"] = []string{"application/pdf"}
		w, err := mw.CreatePart(h)
		if err != nil {
			e.T.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, e.TS.URL+path, &buf)
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.Do(p, req)
}

// savedID checks that a: is the redirect after a successful save to
// prefix<id>?saved=1 and returns the id.
func (e *adminEnv) savedID(a servertest.Answer, prefix string) int64 {
	e.T.Helper()
	if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, prefix) || !strings.HasSuffix(a.Location, "?saved=1") {
		e.T.Fatalf("want 303 to %s…?saved=1, got %d %q\n%s", prefix, a.Status, a.Location, servertest.Excerpt(a.Body))
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(a.Location, prefix), "?saved=1"), 10, 64)
	if err != nil {
		e.T.Fatalf("location %q: %v", a.Location, err)
	}
	return id
}

func (e *adminEnv) filesOnDisk() int {
	e.T.Helper()
	matches, _ := filepath.Glob(filepath.Join(e.DataDir, "files", "*", "*"))
	return len(matches)
}

// planForm is a complete, valid plan.
func planForm(slug string) url.Values {
	return url.Values{
		"title_ar": {"خطة العمل الجهوية للحكومة المنفتحة"}, "title_fr": {"Plan d’action régional"}, "title_en": {"Regional action plan"},
		"slug": {slug}, "summary_ar": {"ملخص الخطة"}, "summary_fr": {"Résumé du plan"}, "summary_en": {"Plan summary"},
		"period_start": {"2024"}, "period_end": {"2026"}, "status": {"co_creation"},
		"stage_title_ar": {"مشاورات عمومية", ""}, "stage_title_fr": {"Consultations publiques", ""},
		"stage_title_en": {"Public consultations", ""}, "stage_starts": {"2024-01-10", ""}, "stage_ends": {"2024-02-20", ""},
	}
}

// commitmentForm is a commitment with every field of the template in the
// three languages.
func (e *adminEnv) commitmentForm(ref string) url.Values {
	v := url.Values{
		"ref": {ref}, "start_date": {"2024-01-01"}, "end_date": {"2025-12-31"},
		"values": {"access_to_information", "civic_participation"}, "themes": {"open_data", "budget"},
		"lead":        {strconv.FormatInt(e.lead, 10)},
		"partner_org": {strconv.FormatInt(e.partner, 10), ""}, "partner_sector": {"civil_society", ""},
	}
	for _, f := range []string{"title", "problem", "cause", "status_quo", "objective", "expected_results", "solution", "contact_name", "contact_role"} {
		v.Set(f+"_ar", "نص "+f)
		v.Set(f+"_fr", "Texte "+f)
		v.Set(f+"_en", "Text "+f)
	}
	return v
}

func milestoneForm() url.Values {
	return url.Values{
		"title_ar": {"إطلاق البوابة"}, "title_fr": {"Lancement du portail"}, "title_en": {"Portal launch"},
		"deliverable_ar": {"بوابة منشورة"}, "deliverable_fr": {"Portail en ligne"}, "deliverable_en": {"Live portal"},
		"start_date": {"2024-01-01"}, "end_date": {"2024-12-31"}, "weight": {"2"},
	}
}
