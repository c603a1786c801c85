package plan_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestAdminBadInput sends each kind of mistake: the form comes back (422)
// with a clear message at the field, in the person's language, and every
// value they typed; nothing is saved.
func TestAdminBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		planID, cid, mid := e.seed("plan-b", "TST-01")
		_, _, otherMilestone := e.seed("plan-c", "TST-01")
		p, c := "/admin/plans/"+itoa(planID), "/admin/commitments/"+itoa(cid)
		update := func(kv ...string) url.Values {
			v := url.Values{"milestone": {itoa(mid)}, "occurred_on": {"2024-06-01"}, "status": {"in_progress"}, "progress": {"40"},
				"body_ar": {"نص التحيين"}, "body_fr": {"Texte de la mise a jour"}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		with := func(v url.Values, kv ...string) url.Values {
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		htmlAsPDF := []byte("<!DOCTYPE html><html><body><script>fetch('/admin/users')</script></body></html>")
		big := append([]byte(tinyPDF), bytes.Repeat([]byte("0"), 20<<20)...)

		tests := []struct {
			name    string
			path    string
			form    url.Values
			files   []upload
			field   string // the id of the failed control
			message string
			kept    []string // in the re-rendered form
		}{
			{name: "arabic title missing", path: "/admin/plans/new?lang=fr", form: with(planForm("plan-z"), "title_ar", ""),
				field: "f-title_ar", message: "Le texte en arabe est obligatoire.", kept: []string{`value="Regional action plan"`, `value="plan-z"`}},
			{name: "arabic title missing, in Arabic", path: "/admin/plans/new?lang=ar", form: with(planForm("plan-z"), "title_ar", ""),
				field: "f-title_ar", message: "النص بالعربية إلزامي.", kept: []string{`value="Regional action plan"`}},
			{name: "plan period reversed", path: "/admin/plans/new?lang=fr", form: with(planForm("plan-z"), "period_start", "2026", "period_end", "2024"),
				field: "f-period_end", message: "La date de fin ne peut pas précéder la date de début.", kept: []string{`value="2026"`, `value="2024"`}},
			{name: "bad slug", path: "/admin/plans/new?lang=en", form: with(planForm("Plan 2024!"), "slug", "Plan 2024!"),
				field: "f-slug", message: "Use lower-case letters", kept: []string{`value="Plan 2024!"`}},
			{name: "slug taken", path: "/admin/plans/new?lang=en", form: planForm("plan-b"),
				field: "f-slug", message: "Another plan already uses this address.", kept: []string{`value="plan-b"`}},
			{name: "stage ends before it starts", path: "/admin/plans/new?lang=en", form: with(planForm("plan-z"), "stage_ends", "2023-01-01"),
				field: "f-stage_ends-0", message: "The end date cannot come before the start date.", kept: []string{`value="2023-01-01"`, `value="2024-01-10"`}},
			{name: "commitment ends before it starts", path: p + "/commitments/new?lang=fr",
				form:  with(e.commitmentForm("TST-09"), "start_date", "2025-06-01", "end_date", "2025-01-01"),
				field: "f-end_date", message: "La date de fin ne peut pas précéder la date de début.",
				kept: []string{`value="2025-06-01"`, `value="2025-01-01"`, `value="TST-09"`, "Texte problem"}},
			{name: "lead of another site", path: p + "/commitments/new?lang=fr", form: with(e.commitmentForm("TST-09"), "lead", itoa(e.foreign)),
				field: "f-lead", message: "Cette organisation ne fait pas partie des organisations du site.", kept: []string{`value="TST-09"`, "Texte solution"}},
			{name: "lead not a number", path: p + "/commitments/new?lang=en", form: with(e.commitmentForm("TST-09"), "lead", "x'); DROP TABLE plans;--"),
				field: "f-lead", message: "This organisation is not one of the site’s organisations.", kept: []string{`value="TST-09"`}},
			{name: "partner of another site", path: p + "/commitments/new?lang=en", form: with(e.commitmentForm("TST-09"), "partner_org", itoa(e.foreign)),
				field: "f-partner_org-0", message: "This organisation is not one of the site’s organisations.", kept: []string{`value="TST-09"`}},
			{name: "reference taken", path: p + "/commitments/new?lang=en", form: e.commitmentForm("TST-01"),
				field: "f-ref", message: "Another commitment of this plan already has this reference.", kept: []string{`value="TST-01"`, "Text objective"}},
			{name: "unknown OGP value", path: p + "/commitments/new?lang=en", form: with(e.commitmentForm("TST-09"), "values", "world_peace"),
				field: "f-values", message: "Choose one of the values offered.", kept: []string{`value="TST-09"`}},
			{name: "milestone date invalid", path: c + "/milestones/new?lang=en", form: with(milestoneForm(), "end_date", "2024-02-30"),
				field: "f-end_date", message: "Enter a valid date", kept: []string{`value="2024-02-30"`, `value="Portal launch"`}},
			{name: "milestone weight zero", path: c + "/milestones/new?lang=en", form: with(milestoneForm(), "weight", "0"),
				field: "f-weight", message: "Enter a number between 1 and 100.", kept: []string{`value="0"`}},
			{name: "progress not a number", path: c + "/updates/new?lang=fr", form: update("progress", "beaucoup"),
				field: "f-progress", message: "Saisissez un nombre entier.", kept: []string{`value="beaucoup"`, "نص التحيين", "Texte de la mise a jour"}},
			{name: "progress above 100", path: c + "/updates/new?lang=fr", form: update("progress", "150"),
				field: "f-progress", message: "L’avancement est un pourcentage entre 0 et 100.", kept: []string{`value="150"`, "نص التحيين"}},
			{name: "progress below 0", path: c + "/updates/new?lang=en", form: update("progress", "-5"),
				field: "f-progress", message: "Progress is a percentage between 0 and 100.", kept: []string{`value="-5"`}},
			{name: "update text missing in Arabic", path: c + "/updates/new?lang=en", form: update("body_ar", ""),
				field: "f-body_ar", message: "The Arabic text is required.", kept: []string{"Texte de la mise a jour"}},
			{name: "milestone of another commitment", path: c + "/updates/new?lang=en", form: update("milestone", itoa(otherMilestone)),
				field: "f-milestone", message: "This milestone is not part of the commitment.", kept: []string{"نص التحيين"}},
			{name: "script link", path: c + "/updates/new?lang=en", form: update("link_url", "javascript:alert(1)"),
				field: "f-link_url-0", message: "Enter a full web address", kept: []string{`value="javascript:alert(1)"`}},
			{name: "file of 20 MB", path: c + "/updates/new?lang=fr", form: update(), files: []upload{{"rapport.pdf", big}},
				field: "f-evidence_file", message: "«\u00a0rapport.pdf\u00a0» est trop volumineux\u00a0: 10\u00a0Mo au plus.", kept: []string{"نص التحيين", `value="40"`}},
			{name: "html named .pdf", path: c + "/updates/new?lang=en", form: update(), files: []upload{{"rapport.pdf", htmlAsPDF}},
				field: "f-evidence_file", message: "“rapport.pdf” is not an accepted document", kept: []string{"نص التحيين", "Texte de la mise a jour"}},
			{name: "empty file", path: c + "/updates/new?lang=en", form: update(), files: []upload{{"vide.pdf", nil}},
				field: "f-evidence_file", message: "“vide.pdf” is empty.", kept: []string{"نص التحيين"}},
		}
		plans, commitments, milestones, updates := e.Count(`SELECT COUNT(*) FROM plans`), e.Count(`SELECT COUNT(*) FROM commitments`),
			e.Count(`SELECT COUNT(*) FROM milestones`), e.Count(`SELECT COUNT(*) FROM progress_updates`)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var r servertest.Answer
				if tt.files != nil || strings.Contains(tt.path, "/updates/") {
					r = e.postMultipart(a, tt.path, tt.form, tt.files...)
				} else {
					r = e.PostForm(a, tt.path, tt.form)
				}
				if r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422\n%s", r.Status, servertest.Excerpt(r.Body))
				}
				if !strings.Contains(r.Body, tt.message) {
					t.Errorf("no message %q\n%s", tt.message, servertest.Excerpt(r.Body))
				}
				// The message sits at the field, which points at it.
				if !strings.Contains(r.Body, `id="`+tt.field+`-error"`) || !strings.Contains(r.Body, `aria-invalid="true"`) ||
					!regexp.MustCompile(`id="`+tt.field+`"[^>]*aria-describedby="[^"]*`+tt.field+`-error`).MatchString(r.Body) {
					t.Errorf("field %s is not marked invalid and described by its message\n%s", tt.field, servertest.Excerpt(r.Body))
				}
				if !strings.Contains(r.Body, `href="#`+tt.field+`"`) {
					t.Errorf("the summary does not link to %s", tt.field)
				}
				for _, k := range tt.kept {
					if !strings.Contains(r.Body, k) {
						t.Errorf("the form lost %q", k)
					}
				}
			})
		}
		if e.Count(`SELECT COUNT(*) FROM plans`) != plans || e.Count(`SELECT COUNT(*) FROM commitments`) != commitments ||
			e.Count(`SELECT COUNT(*) FROM milestones`) != milestones || e.Count(`SELECT COUNT(*) FROM progress_updates`) != updates {
			t.Error("a refused form saved something")
		}
		if n := e.filesOnDisk() + e.Count(`SELECT COUNT(*) FROM files`); n != 0 {
			t.Errorf("%d refused files stored", n)
		}

		// A good file sent with a mistake elsewhere is kept for the next try.
		r := e.postMultipart(a, c+"/updates/new?lang=en", update("progress", "x"), upload{"preuve.pdf", []byte(tinyPDF)})
		kept := regexp.MustCompile(`name="kept_file" value="([0-9a-f]{64}:preuve.pdf)"`).FindStringSubmatch(r.Body)
		if r.Status != http.StatusUnprocessableEntity || kept == nil {
			t.Fatalf("%d, kept %v\n%s", r.Status, kept, servertest.Excerpt(r.Body))
		}
		r = e.postMultipart(a, c+"/updates/new", update("kept_file", kept[1]))
		if r.Status != http.StatusSeeOther || e.Count(`SELECT COUNT(*) FROM evidence WHERE kind = 'file' AND url LIKE '/files/%'`) != 1 {
			t.Errorf("the kept file was not attached: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		// A forged "kept" value names no stored file, and is dropped.
		r = e.postMultipart(a, c+"/updates/new", update("kept_file", "../../etc/passwd:x.pdf"))
		if r.Status != http.StatusSeeOther || e.Count(`SELECT COUNT(*) FROM evidence WHERE kind = 'file'`) != 1 {
			t.Errorf("forged kept file: %d", r.Status)
		}
	})
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestStaleEdit: two people open the same form; the first to save wins, and
// the second gets their values back with a message instead of overwriting.
func TestStaleEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		b := e.SignIn("admin")
		ed := e.SignIn("editor", e.lead)
		planID, cid, mid := e.seed("plan-s", "TST-01")
		cases := []struct {
			name        string
			edit        string
			first, both *servertest.Person
			form        url.Values
			field       string
			check       string
		}{
			{"plan", "/admin/plans/" + itoa(planID) + "/edit", a, b, planForm("plan-s"), "title_fr",
				`SELECT COUNT(*) FROM plans WHERE title LIKE '%` + "Premier" + `%' AND version = 2`},
			{"commitment", "/admin/commitments/" + itoa(cid) + "/edit", a, b, e.commitmentForm("TST-01"), "title_fr",
				`SELECT COUNT(*) FROM commitments WHERE title LIKE '%Premier%' AND version = 2`},
			{"milestone", "/admin/milestones/" + itoa(mid) + "/edit", ed, a, milestoneForm(), "title_fr",
				`SELECT COUNT(*) FROM milestones WHERE title LIKE '%Premier%' AND version = 2`},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				g1, g2 := e.Get(tc.first, tc.edit), e.Get(tc.both, tc.edit)
				v1, v2 := versionField.FindStringSubmatch(g1.Body), versionField.FindStringSubmatch(g2.Body)
				if g1.Status != 200 || v1 == nil || v2 == nil || v1[1] != v2[1] {
					t.Fatalf("edit forms: %d %v %v", g1.Status, v1, v2)
				}
				first := with2(tc.form, "version", v1[1], tc.field, "Premier")
				if r := e.PostForm(tc.first, tc.edit, first); r.Status != http.StatusSeeOther {
					t.Fatalf("first save: %d\n%s", r.Status, servertest.Excerpt(r.Body))
				}
				second := with2(tc.form, "version", v2[1], tc.field, "Second")
				r := e.PostForm(tc.both, tc.edit+"?lang=fr", second)
				if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Quelqu’un d’autre a modifié cette fiche entre-temps") ||
					!strings.Contains(r.Body, `href="`+tc.edit+`"`) || !strings.Contains(r.Body, `value="Second"`) {
					t.Fatalf("second save: %d\n%s", r.Status, servertest.Excerpt(r.Body))
				}
				if n := e.Count(tc.check); n != 1 {
					t.Errorf("the first save was overwritten or not bumped")
				}
				// With the current version, the second person's save goes through.
				cur := versionField.FindStringSubmatch(e.Get(tc.both, tc.edit).Body)
				if r := e.PostForm(tc.both, tc.edit, with2(tc.form, "version", cur[1], tc.field, "Second")); r.Status != http.StatusSeeOther {
					t.Errorf("save over the current version: %d\n%s", r.Status, servertest.Excerpt(r.Body))
				}
			})
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE action = 'update'`); n != 6 {
			t.Errorf("%d update entries in the ledger, want 6 (two saves of each)", n)
		}
	})
}

func with2(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}
