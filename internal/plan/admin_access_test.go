package plan_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestAdminRoleBoundaries tries every administration route with every role:
// an anonymous visitor is sent to sign in, a lower role gets 403, an editor
// reaches only the commitments their organisations lead, and moderators,
// who outrank editors, manage no plan.
func TestAdminRoleBoundaries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		planID, own, mid := e.seed("plan-r", "OWN-01")
		other := e.commitmentForm("OTH-01")
		other.Set("lead", itoa(e.partner))
		oth := e.savedID(e.PostForm(e.admin(), "/admin/plans/"+itoa(planID)+"/commitments/new", other), "/admin/commitments/")
		if r := e.PostForm(e.admin(), "/admin/commitments/"+itoa(oth)+"/milestones/new", milestoneForm()); r.Status != http.StatusSeeOther {
			t.Fatalf("milestone: %d", r.Status)
		}
		var othMilestone int64
		if err := d.R().QueryRowContext(t.Context(), `SELECT id FROM milestones WHERE commitment_id = ?`, oth).Scan(&othMilestone); err != nil {
			t.Fatal(err)
		}
		p, c, o := "/admin/plans/"+itoa(planID), "/admin/commitments/"+itoa(own), "/admin/commitments/"+itoa(oth)

		// who may pass: "admin" (administrators), "staff" (administrators
		// and editors), "own" (administrators, and editors of the lead
		// organisation), "officials" (editors, moderators, administrators).
		routes := []struct{ method, path, who string }{
			{"GET", "/admin", "officials"},
			{"GET", "/admin/plans", "staff"},
			{"GET", p, "staff"},
			{"GET", "/admin/plans/new", "admin"}, {"POST", "/admin/plans/new", "admin"},
			{"GET", p + "/edit", "admin"}, {"POST", p + "/edit", "admin"},
			{"GET", p + "/commitments/new", "admin"}, {"POST", p + "/commitments/new", "admin"},
			{"GET", p + "/assessments/new", "admin"}, {"POST", p + "/assessments/new", "admin"},
			{"GET", c + "/edit", "own"}, {"POST", c + "/edit", "own"},
			{"GET", o + "/edit", "admin"}, {"POST", o + "/edit", "admin"},
			{"GET", c, "own"}, {"GET", o, "admin"},
			{"GET", c + "/milestones/new", "own"}, {"POST", c + "/milestones/new", "own"},
			{"GET", o + "/milestones/new", "admin"}, {"POST", o + "/milestones/new", "admin"},
			{"GET", c + "/updates/new", "own"}, {"POST", c + "/updates/new", "own"},
			{"GET", o + "/updates/new", "admin"}, {"POST", o + "/updates/new", "admin"},
			{"GET", c + "/assessments/new", "own"}, {"POST", c + "/assessments/new", "own"},
			{"GET", o + "/assessments/new", "admin"}, {"POST", o + "/assessments/new", "admin"},
			{"GET", "/admin/milestones/" + itoa(mid) + "/edit", "own"}, {"POST", "/admin/milestones/" + itoa(mid) + "/edit", "own"},
			{"GET", "/admin/milestones/" + itoa(othMilestone) + "/edit", "admin"}, {"POST", "/admin/milestones/" + itoa(othMilestone) + "/edit", "admin"},
		}
		people := map[string]*servertest.Person{
			"admin":     e.admin(),
			"editor":    e.SignIn(auth.Editor, e.lead),
			"moderator": e.SignIn(auth.Moderator, e.lead),
			"member":    e.SignIn(auth.Member, e.lead),
			"citizen":   e.SignIn(auth.Citizen),
		}
		allowed := func(role, who string) bool {
			switch who {
			case "admin":
				return role == "admin"
			case "staff", "own":
				return role == "admin" || role == "editor"
			case "officials":
				return role == "admin" || role == "editor" || role == "moderator"
			}
			return false
		}
		for _, rt := range routes {
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				send := func(p *servertest.Person) servertest.Answer {
					if rt.method == "GET" {
						return e.Get(p, rt.path)
					}
					return e.PostForm(p, rt.path, url.Values{}) // an empty form: refused before or at validation
				}
				r := send(e.Visitor(""))
				if want := "/login?next=" + url.QueryEscape(rt.path); r.Status != http.StatusSeeOther || r.Location != want {
					t.Errorf("anonymous: %d %q, want 303 to %q", r.Status, r.Location, want)
				}
				for role, who := range people {
					r := send(who)
					switch {
					case allowed(role, rt.who) && rt.method == "GET" && r.Status != http.StatusOK:
						t.Errorf("%s: %d, want 200", role, r.Status)
					case allowed(role, rt.who) && rt.method == "POST" && r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusSeeOther:
						t.Errorf("%s: %d, want the form back (422)", role, r.Status)
					case !allowed(role, rt.who) && r.Status != http.StatusForbidden:
						t.Errorf("%s: %d, want 403", role, r.Status)
					}
				}
			})
		}

		// An editor records the self-assessment of their commitment, and no other kind.
		ed := people["editor"]
		as := url.Values{"assessor_ar": {"الجهة المسؤولة"}, "assessed_on": {"2024-06-01"}, "completion": {"limited"}}
		as.Set("kind", "inception")
		if r := e.PostForm(ed, c+"/assessments/new", as); r.Status != http.StatusForbidden {
			t.Errorf("editor's inception assessment: %d, want 403", r.Status)
		}
		as.Set("kind", "self")
		if r := e.PostForm(ed, c+"/assessments/new", as); r.Status != http.StatusSeeOther {
			t.Errorf("editor's self-assessment: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		// The editor's pages offer nothing they may not do.
		page := e.Get(ed, p)
		if strings.Contains(page.Body, p+"/edit") || strings.Contains(page.Body, p+"/commitments/new") ||
			!strings.Contains(page.Body, `href="`+c+`"`) || strings.Contains(page.Body, `href="`+o+`"`) {
			t.Errorf("editor's plan page offers the wrong actions\n%s", servertest.Excerpt(page.Body))
		}
		if page := e.Get(ed, c); !strings.Contains(page.Body, c+"/updates/new") || !strings.Contains(page.Body, c+"/edit") {
			t.Errorf("editor's commitment page lacks its actions")
		}

		// An editor edits their commitment but does not hand it to another organisation.
		edit := e.Get(ed, c+"/edit?lang=en")
		if strings.Contains(edit.Body, `name="lead"`) || !strings.Contains(edit.Body, "Only an administrator hands a commitment") {
			t.Errorf("editor's commitment form offers the lead agency")
		}
		changed := with2(e.commitmentForm("OWN-01"), "version", versionField.FindStringSubmatch(edit.Body)[1],
			"lead", itoa(e.partner), "title_fr", "Titre revu par l’éditeur")
		if r := e.PostForm(ed, c+"/edit", changed); r.Status != http.StatusSeeOther {
			t.Fatalf("editor's edit: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		if n := e.Count(`SELECT COUNT(*) FROM commitments WHERE id = ? AND lead_org_id = ? AND title LIKE '%revu par%'`, own, e.lead); n != 1 {
			t.Error("the editor's edit changed the lead agency or was lost")
		}
		form := e.Get(ed, c+"/assessments/new")
		if strings.Contains(form.Body, `value="inception"`) || !strings.Contains(form.Body, `value="self"`) {
			t.Errorf("editor's assessment form offers other kinds")
		}
	})
}

// TestAdminCrossOriginRefused: a form posted from another site is refused
// before it reaches the administration.
func TestAdminCrossOriginRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		for _, h := range [][2]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
			req, err := http.NewRequest(http.MethodPost, e.TS.URL+"/admin/plans/new", strings.NewReader(planForm("plan-evil").Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(h[0], h[1])
			if r := e.Do(a, req); r.Status != http.StatusForbidden {
				t.Errorf("%s: %s: %d, want 403", h[0], h[1], r.Status)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM plans`); n != 0 {
			t.Errorf("%d plans created by cross-origin posts", n)
		}
	})
}

// TestProgressUpdatesAppendOnly: no route edits or deletes a progress
// update; a correction is a new one.
func TestProgressUpdatesAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := newAdminEnv(t, d)
		a := e.admin()
		_, cid, _ := e.seed("plan-a", "TST-01")
		c := "/admin/commitments/" + itoa(cid)
		if r := e.PostForm(a, c+"/updates/new", url.Values{"occurred_on": {"2024-06-01"}, "status": {"in_progress"},
			"progress": {"20"}, "body_ar": {"النص الأصلي"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		var uid int64
		if err := d.R().QueryRowContext(t.Context(), `SELECT id FROM progress_updates WHERE commitment_id = ?`, cid).Scan(&uid); err != nil {
			t.Fatal(err)
		}
		u := itoa(uid)
		paths := []string{c + "/updates/" + u, c + "/updates/" + u + "/edit", c + "/updates/" + u + "/delete",
			"/admin/updates/" + u, "/admin/updates/" + u + "/edit", "/admin/progress_updates/" + u, "/api/v1/updates/" + u}
		for _, method := range []string{"GET", "PUT", "POST", "PATCH", "DELETE"} {
			for _, path := range paths {
				req, _ := http.NewRequest(method, e.TS.URL+path, strings.NewReader(url.Values{"body_ar": {"نص معدل"}, "progress": {"99"}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if r := e.Do(a, req); r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: %d, want 404 or 405", method, path, r.Status)
				}
			}
		}
		for _, method := range []string{"PUT", "PATCH", "DELETE"} {
			req, _ := http.NewRequest(method, e.TS.URL+c+"/updates/new", nil)
			if r := e.Do(a, req); r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s/updates/new: %d, want 404 or 405", method, c, r.Status)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM progress_updates WHERE id = ? AND progress = 20 AND body LIKE '%النص الأصلي%'`, uid); n != 1 {
			t.Error("the update changed")
		}
	})
}
