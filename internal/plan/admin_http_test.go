package plan_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// seed creates, as the administrator, a plan, a commitment led by e.lead
// and one milestone, and returns their ids.
func (e *adminEnv) seed(slug, ref string) (planID, commitmentID, milestoneID int64) {
	e.T.Helper()
	a := e.admin()
	planID = e.savedID(e.PostForm(a, "/admin/plans/new", planForm(slug)), "/admin/plans/")
	commitmentID = e.savedID(e.PostForm(a, "/admin/plans/"+itoa(planID)+"/commitments/new", e.commitmentForm(ref)), "/admin/commitments/")
	r := e.PostForm(a, "/admin/commitments/"+itoa(commitmentID)+"/milestones/new", milestoneForm())
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("new milestone: %d\n%s", r.Status, servertest.Excerpt(r.Body))
	}
	if err := e.DB.R().QueryRowContext(context.Background(), `SELECT id FROM milestones WHERE commitment_id = ? ORDER BY position DESC LIMIT 1`,
		commitmentID).Scan(&milestoneID); err != nil {
		e.T.Fatal(err)
	}
	return planID, commitmentID, milestoneID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var fileLink = regexp.MustCompile(`href="/files/([0-9a-f]{64})"`)

// TestAdminPlanToPublicPage walks the whole path: a plan, a commitment with
// every field in three languages, a milestone, a progress update with an
// uploaded PDF; the public page shows it all and the file downloads with
// safe headers; every change is in the public ledger.
func TestAdminPlanToPublicPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		e := newAdminEnv(t, d)
		a := e.admin()

		form := e.Get(a, "/admin/plans/new")
		if form.Status != 200 || !strings.Contains(form.Body, `class="admin-nav"`) || !strings.Contains(form.Body, `name="title_fr"`) ||
			!strings.Contains(form.Body, `lang="ar" dir="rtl"`) || !strings.Contains(form.Header.Get("Cache-Control"), "no-store") {
			t.Fatalf("plan form: %d %q\n%s", form.Status, form.Header.Get("Cache-Control"), servertest.Excerpt(form.Body))
		}
		planID := e.savedID(e.PostForm(a, "/admin/plans/new", planForm("plan-2024-2026")), "/admin/plans/")
		if p := e.Get(a, "/admin/plans/"+itoa(planID)+"?saved=1&lang=fr"); p.Status != 200 || !strings.Contains(p.Body, "Vos modifications ont été enregistrées") {
			t.Errorf("plan page: %d\n%s", p.Status, servertest.Excerpt(p.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM plan_stages WHERE plan_id = ?`, planID); n != 1 {
			t.Errorf("%d co-creation stages, want 1 (the blank row is skipped)", n)
		}

		cid := e.savedID(e.PostForm(a, "/admin/plans/"+itoa(planID)+"/commitments/new", e.commitmentForm("TST-01")), "/admin/commitments/")
		if r := e.PostForm(a, "/admin/commitments/"+itoa(cid)+"/milestones/new", milestoneForm()); r.Status != http.StatusSeeOther {
			t.Fatalf("new milestone: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		var mid int64
		if err := d.R().QueryRowContext(ctx, `SELECT id FROM milestones WHERE commitment_id = ?`, cid).Scan(&mid); err != nil {
			t.Fatal(err)
		}

		up := url.Values{
			"milestone": {itoa(mid)}, "occurred_on": {"2024-06-01"}, "status": {"in_progress"}, "progress": {"60"},
			"body_ar": {"أُطلقت النسخة التجريبية من البوابة"}, "body_fr": {"La version d’essai du portail est en ligne"}, "body_en": {"The portal beta is live"},
			"link_url": {"https://example.org/beta", ""}, "link_title_ar": {"رابط البوابة", ""}, "link_title_fr": {"Lien du portail", ""}, "link_title_en": {"", ""},
		}
		if r := e.postMultipart(a, "/admin/commitments/"+itoa(cid)+"/updates/new", up, upload{"تقرير المرحلة.pdf", []byte(tinyPDF)}); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}

		// The milestone took the update's status and progress; the commitment rolled up.
		var mstatus string
		var mprogress, cprogress int
		if err := d.R().QueryRowContext(ctx, `SELECT status, progress FROM milestones WHERE id = ?`, mid).Scan(&mstatus, &mprogress); err != nil {
			t.Fatal(err)
		}
		if err := d.R().QueryRowContext(ctx, `SELECT progress FROM commitments WHERE id = ?`, cid).Scan(&cprogress); err != nil {
			t.Fatal(err)
		}
		if mstatus != "in_progress" || mprogress != 60 || cprogress != 60 {
			t.Errorf("milestone %s %d%%, commitment %d%%; want in_progress 60%%, 60%%", mstatus, mprogress, cprogress)
		}

		anon := e.Visitor("")
		pub := e.Get(anon, "/commitments/"+itoa(cid)+"?lang=fr")
		for _, want := range []string{"Texte title", "Texte problem", "Texte cause", "Texte status_quo", "Texte objective",
			"Texte expected_results", "Texte solution", "Texte contact_name", "Texte contact_role", "Conseil régional",
			"Association Transparence", "Lancement du portail", "Portail en ligne", "La version d’essai du portail est en ligne",
			"https://example.org/beta", "Lien du portail", "تقرير المرحلة.pdf", "Accès à l", "Données ouvertes"} {
			if !strings.Contains(pub.Body, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		m := fileLink.FindStringSubmatch(pub.Body)
		if m == nil {
			t.Fatalf("no file link on the public page\n%s", servertest.Excerpt(pub.Body))
		}
		hash := m[1]
		for i := 0; i < 2; i++ { // the second servertest.Answer must not lose a header either
			f := e.Get(anon, "/files/"+hash)
			h := f.Header
			if f.Status != 200 || f.Body != tinyPDF {
				t.Fatalf("GET /files/%s: %d %q", hash, f.Status, f.Body)
			}
			for k, want := range map[string]string{
				"Content-Type":            "application/pdf",
				"X-Content-Type-Options":  "nosniff",
				"Content-Security-Policy": "sandbox; default-src 'none'",
				"Content-Disposition":     "attachment; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%20%D8%A7%D9%84%D9%85%D8%B1%D8%AD%D9%84%D8%A9.pdf",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.Contains(h.Get("Cache-Control"), "max-age=31536000") {
				t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM evidence WHERE file_hash = ? AND url = ? AND kind = 'file'`, hash, "/files/"+hash); n != 1 {
			t.Errorf("%d evidence rows linked to the file, want 1", n)
		}
		if r := e.Get(anon, "/files/"+strings.Repeat("0", 64)); r.Status != 404 {
			t.Errorf("unknown file: %d", r.Status)
		}
		if r := e.Get(anon, "/files/..%2f..%2fetc%2fpasswd"); r.Status != 404 {
			t.Errorf("malformed file name: %d", r.Status)
		}

		// An assessment on the OGP scales shows on the public page.
		as := url.Values{"kind": {"end_of_commitment"}, "assessor_ar": {"هيئة التتبع المحلية"}, "assessor_fr": {"Organe local de suivi"},
			"assessed_on": {"2024-06-10"}, "verifiable": {"yes"}, "relevant_values": {"civic_participation"}, "potential": {"modest"},
			"completion": {"limited"}, "opened_government": {"marginal"}, "early_results_fr": {"Premiers effets visibles"},
			"summary_fr": {"Bon départ"}, "evidence_url": {"https://example.org/report"}}
		if r := e.PostForm(a, "/admin/commitments/"+itoa(cid)+"/assessments/new", as); r.Status != http.StatusSeeOther {
			t.Fatalf("assessment: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		pub = e.Get(anon, "/commitments/"+itoa(cid)+"?lang=fr")
		for _, want := range []string{"Organe local de suivi", "Premiers effets visibles", "Bon départ"} {
			if !strings.Contains(pub.Body, want) {
				t.Errorf("public page lacks the assessment's %q", want)
			}
		}

		// The same document again is stored once, and linked twice.
		up2 := url.Values{"occurred_on": {"2024-06-12"}, "status": {"in_progress"}, "progress": {"65"}, "body_ar": {"تحيين ثان"}}
		if r := e.postMultipart(a, "/admin/commitments/"+itoa(cid)+"/updates/new", up2, upload{"copy.pdf", []byte(tinyPDF)}); r.Status != http.StatusSeeOther {
			t.Fatalf("second update: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM files`); n != 1 {
			t.Errorf("%d files rows, want 1", n)
		}
		if n := e.filesOnDisk(); n != 1 {
			t.Errorf("%d files on disk, want 1", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM evidence WHERE file_hash = ?`, hash); n != 2 {
			t.Errorf("%d evidence rows for the file, want 2", n)
		}

		// Every change is in the ledger, by the administrator, without personal data.
		for entity, want := range map[string]int{"plan": 1, "commitment": 1, "milestone": 1, "progress_update": 2, "assessment": 1} {
			if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND entity = ? AND actor_id = ? AND actor_name = ?`,
				e.SiteID, entity, a.ID, a.Name); n != want {
				t.Errorf("%d ledger entries for %s, want %d", n, entity, want)
			}
		}
		// A progress update records the progress it changes, so the ledger reads "60% → 65%".
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND entity = 'progress_update'
			AND before_data = '{"progress":60,"status":"in_progress"}' AND after_data LIKE '%"progress":65,%'`, e.SiteID); n != 1 {
			t.Errorf("%d ledger entries of the second update with the progress before it, want 1", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE after_data LIKE '%@%' OR before_data LIKE '%@%'`); n != 0 {
			t.Errorf("%d ledger entries hold an email address", n)
		}
		if _, broken, err := audit.Verify(ctx, d.R(), e.SiteID); err != nil || broken != nil {
			t.Errorf("ledger: %v %v", broken, err)
		}

		// The administration's commitment page lists the updates read-only.
		adm := e.Get(a, "/admin/commitments/"+itoa(cid)+"?lang=ar")
		if adm.Status != 200 || !strings.Contains(adm.Body, "أُطلقت النسخة التجريبية") || strings.Contains(adm.Body, "/updates/1/") {
			t.Errorf("admin commitment page: %d\n%s", adm.Status, servertest.Excerpt(adm.Body))
		}
	})
}

// TestMissingTranslation: a text left empty in a language is flagged on the
// form, and the public page falls back to the language it was written in.
func TestMissingTranslation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		planID, _, _ := e.seed("plan-x", "TST-01")
		form := e.commitmentForm("TST-02")
		form.Set("problem_fr", "")
		form.Set("problem_en", "")
		form.Set("problem_ar", "المشكلة بالعربية فقط")
		cid := e.savedID(e.PostForm(a, "/admin/plans/"+itoa(planID)+"/commitments/new", form), "/admin/commitments/")
		edit := e.Get(a, "/admin/commitments/"+itoa(cid)+"/edit?lang=fr")
		for _, l := range []string{"fr", "en"} {
			if !strings.Contains(edit.Body, `id="f-problem_`+l+`-missing"`) || !strings.Contains(edit.Body, `aria-describedby="f-problem_`+l+`-missing"`) {
				t.Errorf("edit form: no missing-translation marker for problem in %s", l)
			}
		}
		if strings.Contains(edit.Body, `id="f-problem_ar-missing"`) || strings.Contains(edit.Body, `id="f-cause_fr-missing"`) {
			t.Error("a written text is flagged as missing")
		}
		if !strings.Contains(edit.Body, `class="missing-translation"`) || !strings.Contains(edit.Body, "Traduction manquante") {
			t.Error("the marker has no visible text")
		}
		pub := e.Get(e.Visitor(""), "/commitments/"+itoa(cid)+"?lang=fr")
		if !strings.Contains(pub.Body, "المشكلة بالعربية فقط") {
			t.Error("the public page does not fall back to the Arabic text")
		}
	})
}

// TestAdminDashboard: plans with counts, commitments silent for four months,
// milestones past their end date; an editor sees their organisations' only.
func TestAdminDashboard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		planID, cid, mid := e.seed("plan-d", "OWN-01") // milestone ends 2024-12-31: not overdue on 2024-06-15
		other := e.commitmentForm("OTH-01")
		other.Set("lead", itoa(e.partner))
		other.Set("title_ar", "التزام هيئة أخرى")
		oid := e.savedID(e.PostForm(a, "/admin/plans/"+itoa(planID)+"/commitments/new", other), "/admin/commitments/")
		late := milestoneForm()
		late.Set("title_ar", "مرحلة متأخرة")
		late.Set("end_date", "2024-03-31")
		if r := e.PostForm(a, "/admin/commitments/"+itoa(oid)+"/milestones/new", late); r.Status != http.StatusSeeOther {
			t.Fatalf("milestone: %d", r.Status)
		}
		// OWN-01 gets a recent update; OTH-01 started in January and has none.
		if r := e.PostForm(a, "/admin/commitments/"+itoa(cid)+"/updates/new", url.Values{"milestone": {itoa(mid)},
			"occurred_on": {"2024-06-01"}, "status": {"in_progress"}, "progress": {"10"}, "body_ar": {"تقدم"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		dash := e.Get(a, "/admin?lang=en")
		if dash.Status != 200 {
			t.Fatalf("dashboard: %d", dash.Status)
		}
		stale := section(dash.Body, "ap-stale")
		overdue := section(dash.Body, "ap-overdue")
		switch {
		case !strings.Contains(dash.Body, "Regional action plan") || !strings.Contains(dash.Body, "2 commitments"):
			t.Errorf("dashboard lacks the plan and its count\n%s", servertest.Excerpt(dash.Body))
		case !strings.Contains(stale, "OTH-01") || strings.Contains(stale, "OWN-01"):
			t.Errorf("needing an update:\n%s", stale)
		case !strings.Contains(overdue, "OTH-01") || strings.Contains(overdue, "OWN-01"):
			t.Errorf("overdue milestones:\n%s", overdue)
		}
		// An editor of the lead organisation sees their own commitments only.
		ed := e.SignIn("editor", e.lead)
		dash = e.Get(ed, "/admin?lang=en")
		if dash.Status != 200 || strings.Contains(section(dash.Body, "ap-stale")+section(dash.Body, "ap-overdue"), "OTH-01") {
			t.Errorf("editor's dashboard shows another organisation's work\n%s", servertest.Excerpt(dash.Body))
		}
	})
}

// section returns the <section> of the page labelled by id.
func section(body, id string) string {
	i := strings.Index(body, `aria-labelledby="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
