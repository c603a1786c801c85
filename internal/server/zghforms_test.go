package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// Every translatable field of the administration has an Amazigh (zgh)
// input beside the Arabic, French and English ones, and what is typed in it
// is saved, shown again in the edit form and on the zgh pages. The forms of
// the plans (the form kit that commitments, milestones, updates, news,
// events and the forum share), of the consultations, of the organisations
// and of the site settings each build their inputs their own way: each is
// tried.
func TestAmazighContentRoundTrips(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := servertest.New(t, d, time.Date(2024, 5, 20, 10, 0, 0, 0, time.UTC))
		admin := e.SignIn(auth.Admin)

		// A plan, with a zgh title, summary and co-creation stage.
		newPlan := e.Get(admin, "/admin/plans/new")
		hasZghInput(t, "new plan form", newPlan.Body, "title_zgh", "summary_zgh", "stage_title_zgh")
		plan := url.Values{
			"title_ar": {"خطة العمل"}, "title_fr": {"Plan d’action"}, "title_zgh": {"ⴰⵖⴰⵡⴰⵙ ⵏ ⵜⵡⵓⵔⵉ"},
			"slug": {"plan-zgh"}, "summary_ar": {"ملخص"}, "summary_zgh": {"ⴰⴳⵣⵣⵓⵎ"},
			"period_start": {"2024"}, "period_end": {"2026"}, "status": {"co_creation"},
			"stage_title_ar": {"مشاورات"}, "stage_title_zgh": {"ⴰⵎⵙⴰⵡⴰⵍ"}, "stage_starts": {"2024-01-10"}, "stage_ends": {"2024-02-20"},
		}
		planID := savedID(t, e.PostForm(admin, "/admin/plans/new", plan), "/admin/plans/")
		edit := e.Get(admin, "/admin/plans/"+planID+"/edit")
		hasValue(t, "plan edit form", edit.Body, "title_zgh", "ⴰⵖⴰⵡⴰⵙ ⵏ ⵜⵡⵓⵔⵉ")
		hasValue(t, "plan edit form", edit.Body, "summary_zgh", "ⴰⴳⵣⵣⵓⵎ")
		hasValue(t, "plan edit form", edit.Body, "stage_title_zgh", "ⴰⵎⵙⴰⵡⴰⵍ")
		if n := e.Count(`SELECT COUNT(*) FROM plans WHERE title LIKE ? AND summary LIKE ?`, `%"zgh":"ⴰⵖⴰⵡⴰⵙ ⵏ ⵜⵡⵓⵔⵉ"%`, `%"zgh":"ⴰⴳⵣⵣⵓⵎ"%`); n != 1 {
			t.Errorf("%d plans with the zgh title and summary stored", n)
		}
		page := e.Get(admin, "/plans/plan-zgh?lang=zgh")
		servertest.Contains(t, "the plan in zgh", page.Body, "<h1><bdi>ⴰⵖⴰⵡⴰⵙ ⵏ ⵜⵡⵓⵔⵉ</bdi></h1>", "ⴰⵎⵙⴰⵡⴰⵍ")
		page = e.Get(admin, "/plans/plan-zgh?lang=en")
		servertest.Contains(t, "the plan in English", page.Body, `<h1><bdi lang="ar" dir="rtl">خطة العمل</bdi></h1>`)

		// A consultation on it.
		hasZghInput(t, "new consultation form", e.Get(admin, "/admin/consultations/new").Body, "title_zgh", "description_zgh", "doc_title_zgh.0")
		consultation := url.Values{
			"subject": {"plan:" + planID}, "title_ar": {"استشارة"}, "title_zgh": {"ⴰⵙⵇⵙⵉ"},
			"description_ar": {"وصف"}, "description_zgh": {"ⴰⴳⵍⴰⵎ"}, "kinds": {"general"},
			"opens_at": {"2024-06-01T09:00"}, "closes_at": {"2024-06-30T18:00"},
			"doc_title_ar.0": {"مشروع"}, "doc_title_zgh.0": {"ⴰⵙⵏⵏⵓⵍⴼⵓ"}, "doc_url.0": {"https://example.org/draft.pdf"},
		}
		cid := savedID(t, e.PostForm(admin, "/admin/consultations/new", consultation), "/admin/consultations/")
		edit = e.Get(admin, "/admin/consultations/"+cid+"/edit")
		hasValue(t, "consultation edit form", edit.Body, "title_zgh", "ⴰⵙⵇⵙⵉ")
		hasValue(t, "consultation edit form", edit.Body, "description_zgh", "ⴰⴳⵍⴰⵎ")
		hasValue(t, "consultation edit form", edit.Body, "doc_title_zgh.0", "ⴰⵙⵏⵏⵓⵍⴼⵓ")

		// An organisation.
		hasZghInput(t, "new organisation form", e.Get(admin, "/admin/organisations/new").Body, "name_zgh", "description_zgh")
		org := url.Values{"name_ar": {"جمعية الأمل"}, "name_zgh": {"ⵜⴰⵎⵙⵙⵓⵔⵜ"}, "kind": {"association"}, "description_zgh": {"ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⴷⵖⴰⵔⴰⵏⵜ"}}
		a := e.PostForm(admin, "/admin/organisations/new", org)
		if a.Status != http.StatusSeeOther {
			t.Fatalf("new organisation: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM organisations WHERE name LIKE ? AND description LIKE ?`, `%"zgh":"ⵜⴰⵎⵙⵙⵓⵔⵜ"%`, `%ⵜⴰⴷⵖⴰⵔⴰⵏⵜ%`); n != 1 {
			t.Errorf("%d organisations with the zgh name and description stored", n)
		}
		var orgID string
		if err := d.R().QueryRowContext(t.Context(), `SELECT CAST(id AS TEXT) FROM organisations WHERE name LIKE ?`, `%ⵜⴰⵎⵙⵙⵓⵔⵜ%`).Scan(&orgID); err != nil {
			t.Fatal(err)
		}
		edit = e.Get(admin, "/admin/organisations/"+orgID+"/edit")
		hasValue(t, "organisation edit form", edit.Body, "name_zgh", "ⵜⴰⵎⵙⵙⵓⵔⵜ")

		// The site's settings.
		hasZghInput(t, "settings form", e.Get(admin, "/admin/settings").Body, "name_zgh", "description_zgh")
		a = e.PostForm(admin, "/admin/settings", url.Values{"name_ar": {"جهة"}, "name_zgh": {"ⵜⴰⵙⴳⴰ"}, "timezone": {"Africa/Casablanca"}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		hasValue(t, "settings form", e.Get(admin, "/admin/settings").Body, "name_zgh", "ⵜⴰⵙⴳⴰ")
		servertest.Contains(t, "the home page in zgh", e.Get(admin, "/?lang=zgh").Body, "<h1><bdi>ⵜⴰⵙⴳⴰ</bdi></h1>")
	})
}

// hasZghInput checks that a form has an input or textarea for each name,
// marked as written in Amazigh, left to right.
func hasZghInput(t *testing.T, what, body string, names ...string) {
	t.Helper()
	for _, name := range names {
		re := regexp.MustCompile(`<(input|textarea)[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*>`)
		tag := re.FindString(body)
		if tag == "" {
			t.Errorf("%s: no input named %s", what, name)
			continue
		}
		if !strings.Contains(tag, `lang="zgh"`) || !strings.Contains(tag, `dir="ltr"`) {
			t.Errorf("%s: %s is not marked as zgh, left to right: %s", what, name, tag)
		}
	}
}

// hasValue checks that the form shows value in the input or textarea name.
func hasValue(t *testing.T, what, body, name, value string) {
	t.Helper()
	re := regexp.MustCompile(`<(input|textarea)[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*>([^<]*)`)
	m := re.FindStringSubmatch(body)
	if m == nil || !strings.Contains(m[0], `value="`+value+`"`) && m[2] != value {
		t.Errorf("%s: %s does not hold %q: %q", what, name, value, m)
	}
}

// savedID reads the id in the redirect after a new record was saved.
func savedID(t *testing.T, a servertest.Answer, prefix string) string {
	t.Helper()
	if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, prefix) {
		t.Fatalf("want 303 to %s…, got %d %q\n%s", prefix, a.Status, a.Location, servertest.Excerpt(a.Body))
	}
	id := strings.TrimPrefix(a.Location, prefix)
	if i := strings.IndexAny(id, "?/"); i >= 0 {
		id = id[:i]
	}
	return id
}
