package plan_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// The clock of the administration's test servers.
var adminNow = time.Date(2024, time.June, 15, 10, 0, 0, 0, time.UTC)

// tinyPDF is the smallest file that reads as a PDF.
const tinyPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

// adminEnv is a whole server over a fresh database on a real socket, with
// two organisations of its site and one of another site.
type adminEnv struct {
	t        *testing.T
	d        *db.DB
	ts       *httptest.Server
	dataDir  string
	siteID   int64
	lead     int64 // an organisation of the site: leads the commitments under test
	partner  int64 // another organisation of the site
	foreign  int64 // an organisation of another site
	adminUsr *person
}

func newAdminEnv(t *testing.T, d *db.DB) *adminEnv {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return adminNow }, DataDir: dir})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e := &adminEnv{t: t, d: d, ts: ts, dataDir: dir, siteID: sites[0].ID}
	e.lead = e.org(e.siteID, "region", "مجلس الجهة", "Conseil régional")
	e.partner = e.org(e.siteID, "assoc", "جمعية الشفافية", "Association Transparence")
	// Created after the server started, so no host serves it: its
	// organisation is foreign to every request of the tests.
	var other int64
	err = d.InTx(ctx, func(tx *db.Tx) error {
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
	e.t.Helper()
	o := &account.Organisation{SiteID: siteID, Slug: slug, Kind: account.Government, Name: i18n.Text{i18n.AR: ar, i18n.FR: fr}}
	if err := e.d.InTx(context.Background(), func(tx *db.Tx) error { return account.UpsertOrganisation(context.Background(), tx, o) }); err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

// person is a signed-in user with a client that keeps their session and does
// not follow redirects, so tests see each 303.
type person struct {
	*auth.User
	c *http.Client
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (e *adminEnv) signIn(role auth.Role, orgIDs ...int64) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

func (e *adminEnv) anonymous() *person {
	return &person{c: &http.Client{CheckRedirect: noFollow}}
}

func (e *adminEnv) admin() *person {
	if e.adminUsr == nil {
		e.adminUsr = e.signIn(auth.Admin)
	}
	return e.adminUsr
}

type answer struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (e *adminEnv) do(p *person, req *http.Request) answer {
	e.t.Helper()
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: string(b), location: res.Header.Get("Location")}
}

func (e *adminEnv) get(p *person, path string) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(p, req)
}

func (e *adminEnv) post(p *person, path string, form url.Values) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(p, req)
}

// upload is a file of a multipart form.
type upload struct {
	name string
	data []byte
}

func (e *adminEnv) postMultipart(p *person, path string, form url.Values, files ...upload) answer {
	e.t.Helper()
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
			e.t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(p, req)
}

// savedID checks that a: is the redirect after a successful save to
// prefix<id>?saved=1 and returns the id.
func (e *adminEnv) savedID(a answer, prefix string) int64 {
	e.t.Helper()
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, prefix) || !strings.HasSuffix(a.location, "?saved=1") {
		e.t.Fatalf("want 303 to %s…?saved=1, got %d %q\n%s", prefix, a.status, a.location, excerpt(a.body))
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(a.location, prefix), "?saved=1"), 10, 64)
	if err != nil {
		e.t.Fatalf("location %q: %v", a.location, err)
	}
	return id
}

func (e *adminEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *adminEnv) filesOnDisk() int {
	e.t.Helper()
	matches, _ := filepath.Glob(filepath.Join(e.dataDir, "files", "*", "*"))
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

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}
