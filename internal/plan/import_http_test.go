package plan_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// summaryRow reads the created, updated and unchanged counts of one row of
// the import summary, e.g. `<th scope="row">الالتزامات</th><td>2</td>…`.
func summaryRow(t *testing.T, body, label string) string {
	t.Helper()
	m := regexp.MustCompile(`<th scope="row">` + label + `</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no summary row %q in\n%s", label, excerptMain(body))
	}
	return m[1] + "/" + m[2] + "/" + m[3]
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func excerptMain(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 4000)]
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newImportEnv(t, d)
		for _, path := range []string{"/admin/import", "/admin/import/template.csv"} {
			if r := e.Get(e.Visitor(""), path); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
				t.Errorf("anonymous GET %s: %d %q, want 303 to the sign-in page", path, r.Status, r.Header.Get("Location"))
			}
		}
		if r := e.upload(e.Visitor(""), e.planID, "x.csv", readTestdata(t, "import_example.csv")); r.Status != 303 {
			t.Errorf("anonymous POST: %d, want 303", r.Status)
		}
		editor := e.SignIn(auth.Editor, e.orgs["conseil-regional"])
		for _, path := range []string{"/admin/import", "/admin/import/template.csv"} {
			if r := e.Get(editor, path); r.Status != 403 {
				t.Errorf("editor GET %s: %d, want 403", path, r.Status)
			}
		}
		if r := e.upload(editor, e.planID, "x.csv", readTestdata(t, "import_example.csv")); r.Status != 403 {
			t.Errorf("editor POST: %d, want 403", r.Status)
		}
		if n := e.rows(); n[0] != 0 {
			t.Fatalf("refused uploads wrote %v", n)
		}

		admin := e.SignIn(auth.Admin)
		r := e.Get(admin, "/admin/import")
		if r.Status != 200 || !strings.Contains(r.Body, `enctype="multipart/form-data"`) || !strings.Contains(r.Body, "خطة العمل 2024-2025") ||
			!strings.Contains(r.Body, `href="/admin/import/template.csv"`) {
			t.Errorf("admin GET /admin/import: %d\n%s", r.Status, excerptMain(r.Body))
		}
		if fr := e.Get(admin, "/admin/import?lang=fr"); !strings.Contains(fr.Body, "Importer un plan depuis un tableur") {
			t.Errorf("French page:\n%s", excerptMain(fr.Body))
		}
		r = e.Get(admin, "/admin/import/template.csv")
		if r.Status != 200 || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(r.Body, "\uFEFFtype,ref,position,title_ar") {
			t.Errorf("template: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 80)])
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
			t.Errorf("template Content-Disposition %q", cd)
		}
	})
}

func TestImportOverHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newImportEnv(t, d)
		admin := e.SignIn(auth.Admin)
		example := readTestdata(t, "import_example.csv")

		t.Run("a valid file creates everything", func(t *testing.T) {
			r := e.upload(admin, e.planID, "plan.csv", example)
			if r.Status != 200 || !strings.Contains(r.Body, `role="status"`) {
				t.Fatalf("import: %d\n%s", r.Status, excerptMain(r.Body))
			}
			if got := summaryRow(t, r.Body, "الالتزامات"); got != "2/0/0" {
				t.Errorf("commitments created/updated/unchanged = %s, want 2/0/0", got)
			}
			if got := summaryRow(t, r.Body, "المراحل"); got != "3/0/0" {
				t.Errorf("milestones = %s, want 3/0/0", got)
			}
			// 2 commitments, 3 partners, 3 milestones, one ledger entry each.
			if got := e.rows(); got != [4]int{2, 3, 3, 5} {
				t.Errorf("rows (commitments, partners, milestones, ledger) = %v, want [2 3 3 5]", got)
			}
			cs, err := plan.Commitments(ctx, d.R(), e.SiteID, e.planID)
			if err != nil || len(cs) != 2 {
				t.Fatalf("commitments %v %v", cs, err)
			}
			c := cs[0]
			if c.Ref != "SM-01" || c.Title[i18n.EN] != "Publish the regional budget as open data" || c.Lead == nil || c.Lead.ID != e.orgs["conseil-regional"] ||
				len(c.Partners) != 2 || c.Partners[1].Sector != plan.SectorAcademia || len(c.Themes) != 3 || c.StartDate != db.NewDate(2024, 1, 1) {
				t.Errorf("SM-01 = %+v", c)
			}
			// Rolled up from its milestones: (100×1 + 25×2) / 3 = 50.
			if c.Progress != 50 || c.Status != plan.InProgress {
				t.Errorf("SM-01 progress %d status %s, want 50 in_progress", c.Progress, c.Status)
			}
			if cs[1].Partners[0].Sector != plan.SectorCivilSociety {
				t.Errorf("SM-02 partner sector %q, want civil_society from the organisation's kind", cs[1].Partners[0].Sector)
			}
			if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND action = 'create' AND entity IN ('commitment', 'milestone') AND actor_id IS NOT NULL`, e.SiteID); n != 5 {
				t.Errorf("%d ledger entries for the creations, want 5", n)
			}
		})

		t.Run("the same file again changes nothing", func(t *testing.T) {
			before := e.rows()
			// The French-Excel form of the same plan: semicolons, same content.
			r := e.upload(admin, e.planID, "plan.csv", readTestdata(t, "import_example_semicolon.csv"))
			if r.Status != 200 {
				t.Fatalf("re-import: %d\n%s", r.Status, excerptMain(r.Body))
			}
			if got := summaryRow(t, r.Body, "الالتزامات") + " " + summaryRow(t, r.Body, "المراحل"); got != "0/0/2 0/0/3" {
				t.Errorf("re-import summary %s, want 0/0/2 0/0/3", got)
			}
			if after := e.rows(); after != before {
				t.Errorf("rows %v, want %v: no duplicate, no ledger entry", after, before)
			}
		})

		t.Run("a changed cell updates its record only", func(t *testing.T) {
			before := e.rows()
			changed := bytes.Replace(example, []byte("Associer les jeunes"), []byte("Impliquer les jeunes"), 1)
			r := e.upload(admin, e.planID, "plan.csv", changed)
			if r.Status != 200 {
				t.Fatalf("import: %d\n%s", r.Status, excerptMain(r.Body))
			}
			if got := summaryRow(t, r.Body, "الالتزامات") + " " + summaryRow(t, r.Body, "المراحل"); got != "0/1/1 0/0/3" {
				t.Errorf("summary %s, want 0/1/1 0/0/3", got)
			}
			if after := e.rows(); after != [4]int{before[0], before[1], before[2], before[3] + 1} {
				t.Errorf("rows %v, want one more ledger entry than %v", after, before)
			}
			var action, beforeData, afterData string
			if err := d.R().QueryRowContext(ctx, `SELECT action, before_data, after_data FROM audit_entries WHERE site_id = ? ORDER BY seq DESC LIMIT 1`,
				e.SiteID).Scan(&action, &beforeData, &afterData); err != nil {
				t.Fatal(err)
			}
			if action != "update" || !strings.Contains(beforeData, "Associer les jeunes") || !strings.Contains(afterData, "Impliquer les jeunes") ||
				strings.Contains(afterData, "problem") {
				t.Errorf("ledger entry %s %s → %s: want only the title's change", action, beforeData, afterData)
			}
			// Put it back for the round trip below.
			if r := e.upload(admin, e.planID, "plan.csv", example); r.Status != 200 {
				t.Fatalf("import: %d", r.Status)
			}
		})

		t.Run("three bad rows: all reported, nothing written", func(t *testing.T) {
			before := e.rows()
			lines := strings.Split(string(example), "\r\n")
			lines[1] = strings.Replace(lines[1], ",in_progress,", ",finished,", 1)                         // line 2: unknown status
			lines[3] = strings.Replace(lines[3], ",conseil-regional,", ",conseil-inconnu,", 1)             // line 4: unknown organisation
			lines[5] = strings.Replace(lines[5], "SM-02", "SM-09", 1)                                      // line 6: no such commitment
			lines = append(lines[:len(lines)-1], strings.Replace(lines[2], "SM-01,1,", "SM-01,3,", 1), "") // line 7: a new, valid row
			bad := []byte(strings.Join(lines, "\r\n"))
			r := e.upload(admin, e.planID, "bad.csv", bad)
			if r.Status != 422 {
				t.Fatalf("bad file: %d, want 422\n%s", r.Status, excerptMain(r.Body))
			}
			rowsShown := regexp.MustCompile(`<tr class="import-error"><td>(\d+)</td><td><code dir="ltr">([a-z_]+)</code></td>`).FindAllStringSubmatch(r.Body, -1)
			var got []string
			for _, m := range rowsShown {
				got = append(got, m[1]+":"+m[2])
			}
			if strings.Join(got, " ") != "2:status 4:responsible 6:ref" {
				t.Errorf("reported %v, want 2:status 4:responsible 6:ref\n%s", got, excerptMain(r.Body))
			}
			for _, want := range []string{"وُجدت 3 مشاكل", "لم يُسجَّل أي شيء", "conseil-inconnu", `<option value="` + idStr(e.planID) + `" selected>`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("error page lacks %q", want)
				}
			}
			if after := e.rows(); after != before {
				t.Errorf("rows %v after a refused import, want %v", after, before)
			}
			if fr := e.upload(withLang(admin, "fr"), e.planID, "bad.csv", bad); !strings.Contains(fr.Body, "Statut inconnu") {
				t.Errorf("French report:\n%s", excerptMain(fr.Body))
			}
		})

		t.Run("form errors", func(t *testing.T) {
			before := e.rows()
			if r := e.upload(admin, 0, "plan.csv", example); r.Status != 422 || !strings.Contains(r.Body, `aria-invalid="true" aria-describedby="import-plan-error"`) {
				t.Errorf("no plan: %d", r.Status)
			}
			if r := e.upload(admin, e.planID+1000, "plan.csv", example); r.Status != 422 {
				t.Errorf("unknown plan: %d", r.Status)
			}
			if r := e.upload(admin, e.planID, "", nil); r.Status != 422 || !strings.Contains(r.Body, `id="import-file-error"`) {
				t.Errorf("no file: %d", r.Status)
			}
			big := append([]byte("type,ref,title_ar\n"), bytes.Repeat([]byte("x"), plan.MaxImportBytes+100<<10)...)
			if r := e.upload(admin, e.planID, "big.csv", big); r.Status != 422 || !strings.Contains(r.Body, `<p class="field-error" id="import-file-error">حجم الملف يتجاوز 5 ميغابايت.</p>`) {
				t.Errorf("too large: %d", r.Status)
			}
			if after := e.rows(); after != before {
				t.Errorf("rows %v, want %v", after, before)
			}
		})

		t.Run("the plan's exports import back unchanged", func(t *testing.T) {
			before := e.rows()
			planJSON := e.Get(e.Visitor(""), "/api/v1/commitments?plan="+idStr(e.planID)).Body
			for _, kind := range []string{"commitments", "milestones"} {
				export := e.Get(e.Visitor(""), "/plans/plan-2024-2025/"+kind+".csv")
				if export.Status != 200 {
					t.Fatalf("%s.csv: %d", kind, export.Status)
				}
				r := e.upload(admin, e.planID, kind+".csv", []byte(export.Body))
				if r.Status != 200 {
					t.Fatalf("import of %s.csv: %d\n%s", kind, r.Status, excerptMain(r.Body))
				}
				want := "0/0/2 0/0/0"
				if kind == "milestones" {
					want = "0/0/0 0/0/3"
				}
				if got := summaryRow(t, r.Body, "الالتزامات") + " " + summaryRow(t, r.Body, "المراحل"); got != want {
					t.Errorf("%s.csv: summary %s, want %s", kind, got, want)
				}
			}
			if after := e.rows(); after != before {
				t.Errorf("rows %v, want %v", after, before)
			}
			if again := e.Get(e.Visitor(""), "/api/v1/commitments?plan="+idStr(e.planID)).Body; again != planJSON {
				t.Errorf("the plan changed:\n%s\n%s", planJSON, again)
			}
		})
	})
}

// withLang returns a person like p whose client asks for pages in lang.
func withLang(p *servertest.Person, lang string) *servertest.Person {
	c := p.Client
	return &servertest.Person{User: p.User, UA: p.UA,
		Client: &http.Client{Jar: c.Jar, CheckRedirect: c.CheckRedirect, Transport: langTransport(lang)}}
}

type langTransport string

func (l langTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept-Language", string(l))
	return http.DefaultTransport.RoundTrip(r)
}
