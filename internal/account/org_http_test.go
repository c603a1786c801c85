package account_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestAdminPermissions proves on the server that every administration route
// of organisations, people and settings is for administrators only: an
// anonymous visitor is sent to sign in, and each lower role gets 403.
func TestAdminPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		o := e.org("assoc", account.Association, false)
		target, _ := e.SignIn(auth.Citizen), 0
		id, uid := itoa(o.ID), itoa(target.ID)
		routes := []struct{ method, path string }{
			{"GET", "/admin/organisations"},
			{"GET", "/admin/organisations?show=pending"},
			{"GET", "/admin/organisations/new"},
			{"POST", "/admin/organisations/new"},
			{"GET", "/admin/organisations/" + id + "/edit"},
			{"POST", "/admin/organisations/" + id + "/edit"},
			{"POST", "/admin/organisations/" + id + "/verify"},
			{"GET", "/admin/organisations/" + id + "/members"},
			{"POST", "/admin/organisations/" + id + "/members"},
			{"GET", "/admin/users"},
			{"GET", "/admin/users/" + uid},
			{"POST", "/admin/users/" + uid},
			{"GET", "/admin/settings"},
			{"POST", "/admin/settings"},
		}
		form := url.Values{"name_ar": {"x"}, "kind": {"government"}, "role": {"admin"}, "timezone": {"UTC"},
			"user": {uid}, "action": {"approve"}, "version": {"1"}}
		anon := e.Visitor("")
		for _, r := range routes {
			a := e.do(anon, r.method, r.path, form)
			if a.Status != 303 || a.Location != "/login?next="+url.QueryEscape(r.path) {
				t.Errorf("anonymous %s %s: %d → %q, want 303 to the sign-in page", r.method, r.path, a.Status, a.Location)
			}
		}
		for _, role := range []auth.Role{auth.Citizen, auth.Member, auth.Editor, auth.Moderator} {
			p := e.SignIn(role)
			for _, r := range routes {
				if a := e.do(p, r.method, r.path, form); a.Status != 403 {
					t.Errorf("%s %s %s: %d, want 403", role, r.method, r.path, a.Status)
				}
			}
		}
		// Nothing was changed by the refused requests.
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries`); n != 0 {
			t.Errorf("refused requests left %d audit entries", n)
		}
		if e.role(target.ID) != auth.Citizen {
			t.Error("a refused request changed a role")
		}
		admin := e.SignIn(auth.Admin)
		for _, r := range routes {
			if r.method != "GET" {
				continue
			}
			e.get(admin, r.path).want(t, "admin "+r.path, 200)
		}
		// Joining needs a session; the visitor comes back to the page after.
		a := e.post(anon, "/organisations/"+id+"/join", url.Values{})
		if a.Status != 303 || a.Location != "/login?next="+url.QueryEscape("/organisations/"+id) {
			t.Errorf("anonymous join: %d → %q", a.Status, a.Location)
		}
		if n := e.Count(`SELECT COUNT(*) FROM memberships`); n != 0 {
			t.Errorf("anonymous join made %d memberships", n)
		}
	})
}

// orgForm is a valid form for a new association, in Arabic and French.
func orgForm() url.Values {
	return url.Values{
		"name_ar": {"جمعية الأمل للتنمية"}, "name_fr": {"Association Al Amal pour le développement"},
		"kind": {"association"}, "acronym": {"AAD"}, "website": {"https://alamal.example.ma"},
		"description_ar": {"جمعية محلية"},
	}
}

func TestOrganisationAdministration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		admin := e.SignIn(auth.Admin)
		ar := func(key string) string { return message(t, i18n.AR, key) }

		e.get(admin, "/admin/organisations/new").want(t, "new form", 200, `name="name_ar"`, `lang="fr" dir="ltr"`,
			ar("org.form.missing_translation"), `dir="rtl"`)

		// Invalid: every value comes back, with a message by each field.
		bad := orgForm()
		bad.Set("name_ar", "")
		bad.Set("website", "javascript:alert(1)")
		bad.Set("registration_date", "2024-06-01")
		bad.Set("seat", "Larache")
		a := e.post(admin, "/admin/organisations/new", bad)
		a.want(t, "invalid create", 422, ar("form.required"), ar("org.error.website"), ar("org.error.date_future"),
			`value="Association Al Amal pour le développement"`, `value="javascript:alert(1)"`, `value="2024-06-01"`,
			`value="Larache"`, `aria-invalid="true"`, `aria-describedby="org-name_ar-error"`, `id="org-name_ar-error"`)
		if strings.Count(a.Body, `aria-invalid="true"`) != 3 {
			t.Errorf("invalid create: %d invalid fields, want 3", strings.Count(a.Body, `aria-invalid="true"`))
		}
		bad = orgForm()
		bad.Set("kind", "club")
		bad.Set("registration_date", "14/05/2019")
		e.post(admin, "/admin/organisations/new?lang=fr", bad).want(t, "invalid create fr", 422,
			message(t, i18n.FR, "org.error.kind"), message(t, i18n.FR, "org.error.date"), `value="14/05/2019"`)
		e.get(admin, "/admin/organisations?lang=ar") // the language is remembered in a cookie: back to Arabic
		if n := e.Count(`SELECT COUNT(*) FROM organisations`); n != 0 {
			t.Fatalf("invalid forms created %d organisations", n)
		}

		// Valid: created, then shown in the list awaiting verification.
		a = e.post(admin, "/admin/organisations/new", orgForm())
		if a.Status != 303 || !strings.HasSuffix(a.Location, "/edit?done=created") {
			t.Fatalf("create: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		edit := strings.TrimSuffix(a.Location, "?done=created")
		id := strings.TrimSuffix(strings.TrimPrefix(edit, "/admin/organisations/"), "/edit")
		e.get(admin, a.Location).want(t, "after create", 200, ar("org.notice.created"), `name="version" value="1"`,
			`value="جمعية الأمل للتنمية"`)
		e.get(admin, "/admin/organisations?show=unverified").want(t, "unverified list", 200, "جمعية الأمل للتنمية")
		e.get(admin, "/admin/organisations?show=bogus").want(t, "bad filter", 400)
		e.get(admin, "/admin/organisations/999999/edit").want(t, "unknown organisation", 404)
		var slug string
		if err := d.R().QueryRowContext(context.Background(), `SELECT slug FROM organisations WHERE id = ?`, id).Scan(&slug); err != nil || slug != "association-al-amal-pour-le-developpement" {
			t.Errorf("slug = %q, %v", slug, err)
		}

		// Saving with the current version works; the same stale form is refused.
		f := orgForm()
		f.Set("version", "1")
		f.Set("acronym", "AMAL")
		if a := e.post(admin, edit, f); a.Status != 303 || a.Location != edit+"?done=saved" {
			t.Fatalf("save: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		f.Set("acronym", "STALE")
		e.post(admin, edit, f).want(t, "stale save", 409, ar("org.error.conflict"), `value="STALE"`)
		o := e.orgByID(id)
		if o.Acronym != "AMAL" || o.Version != 2 {
			t.Errorf("after a stale save: acronym %q version %d, want AMAL 2", o.Acronym, o.Version)
		}

		// Verifying an association needs its registration.
		f = orgForm()
		f.Set("version", "2")
		f.Set("action", "verify")
		e.post(admin, "/admin/organisations/"+id+"/verify", f).want(t, "verify incomplete", 422,
			ar("org.error.verify_incomplete"), ar("org.error.required_to_verify"))
		f.Set("registration_number", "RC-2019/117")
		f.Set("registration_date", "2019-05-14")
		f.Set("seat", "العرائش، شارع محمد الخامس")
		if a := e.post(admin, "/admin/organisations/"+id+"/verify", f); a.Status != 303 || a.Location != edit+"?done=verified" {
			t.Fatalf("verify: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		if o := e.orgByID(id); !o.Verified || o.VerifiedAt == nil || o.RegistrationNumber != "RC-2019/117" {
			t.Fatalf("after verify: %+v", o)
		}
		f.Set("action", "nonsense")
		e.post(admin, "/admin/organisations/"+id+"/verify", f).want(t, "bad verify action", 400)

		// The public page and the API show the registration of a verified association.
		e.get(e.Visitor(""), "/organisations/"+id).want(t, "public page", 200, "RC-2019/117", "العرائش، شارع محمد الخامس",
			ar("org.public.registration_number"))
		var api struct {
			Data map[string]any `json:"data"`
		}
		body := e.get(e.Visitor(""), "/api/v1/organisations/"+id)
		if err := json.Unmarshal([]byte(body.Body), &api); err != nil {
			t.Fatal(err)
		}
		reg, _ := api.Data["registration"].(map[string]any)
		if reg["number"] != "RC-2019/117" || reg["date"] != "2019-05-14" || api.Data["verified_at"] == nil {
			t.Errorf("API: registration %v, verified_at %v", reg, api.Data["verified_at"])
		}

		// Withdrawing the verification hides the registration again.
		f.Set("version", "3")
		f.Set("action", "withdraw")
		if a := e.post(admin, "/admin/organisations/"+id+"/verify", f); a.Status != 303 || a.Location != edit+"?done=withdrawn" {
			t.Fatalf("withdraw: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		body = e.get(e.Visitor(""), "/api/v1/organisations/"+id)
		if strings.Contains(body.Body, "RC-2019/117") || !strings.Contains(body.Body, `"verified_at":null`) {
			t.Errorf("API after withdrawal: %s", body.Body)
		}
		if strings.Contains(e.get(e.Visitor(""), "/organisations/"+id).Body, "RC-2019/117") {
			t.Error("public page shows the registration of an unverified association")
		}

		// Each change is in the public ledger, by the administrator, without an email.
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'organisation' AND entity_id = ?`, id); n != 4 {
			t.Errorf("%d audit entries for the organisation, want 4 (create, save, verify, withdraw)", n)
		}
		var summary, before, after, actor string
		err := d.R().QueryRowContext(context.Background(), `SELECT summary, before_data, after_data, actor_name FROM audit_entries
			WHERE entity = 'organisation' AND entity_id = ? ORDER BY seq LIMIT 1 OFFSET 2`, id).Scan(&summary, &before, &after, &actor)
		if err != nil {
			t.Fatal(err)
		}
		if summary != "organisation verified" || !strings.Contains(after, `"verified":true`) || strings.Contains(after, "name") ||
			actor != admin.Name || strings.Contains(before+after, "@") {
			t.Errorf("verify entry: %q %s → %s by %q", summary, before, after, actor)
		}
	})
}

// orgByID reads an organisation as the database has it.
func (e *orgEnv) orgByID(id string) *account.Organisation {
	e.T.Helper()
	o, err := account.OrganisationByID(context.Background(), e.DB.R(), e.SiteID, mustID(e.T, id))
	if err != nil {
		e.T.Fatal(err)
	}
	return o
}
