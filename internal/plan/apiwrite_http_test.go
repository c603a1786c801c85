package plan_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// apiFixture adds to an importEnv two commitments: C1 led by the council
// with one milestone, C2 led by the association without milestones.
type apiFixture struct {
	*importEnv
	c1, c2, m1, otherM int64
}

func newAPIWriteEnv(t *testing.T, d *db.DB) *apiFixture {
	t.Helper()
	ctx := context.Background()
	f := &apiFixture{importEnv: newImportEnv(t, d)}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		c1 := &plan.Commitment{PlanID: f.planID, Ref: "C1", Position: 1, Title: i18n.Text{i18n.AR: "التزام أول", i18n.FR: "Premier engagement"},
			Lead: &plan.OrgRef{ID: f.orgs["conseil-regional"]}, Status: plan.InProgress}
		c2 := &plan.Commitment{PlanID: f.planID, Ref: "C2", Position: 2, Title: i18n.Text{i18n.AR: "التزام ثان"},
			Lead: &plan.OrgRef{ID: f.orgs["association-tawassol"]}}
		for _, c := range []*plan.Commitment{c1, c2} {
			if err := plan.UpsertCommitment(ctx, tx, f.SiteID, c); err != nil {
				return err
			}
		}
		f.c1, f.c2 = c1.ID, c2.ID
		m := &plan.Milestone{CommitmentID: c1.ID, Position: 1, Title: i18n.Text{i18n.AR: "مرحلة"}, Weight: 1}
		if err := plan.UpsertMilestone(ctx, tx, m); err != nil {
			return err
		}
		f.m1 = m.ID
		// A milestone of another commitment of the same site.
		c3 := &plan.Commitment{PlanID: f.planID, Ref: "C3", Position: 3, Title: i18n.Text{i18n.AR: "ثالث"}}
		if err := plan.UpsertCommitment(ctx, tx, f.SiteID, c3); err != nil {
			return err
		}
		o := &plan.Milestone{CommitmentID: c3.ID, Position: 1, Title: i18n.Text{i18n.AR: "أخرى"}}
		if err := plan.UpsertMilestone(ctx, tx, o); err != nil {
			return err
		}
		f.otherM = o.ID
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return f
}

// The answers' shapes, read back by the tests (db.Date only marshals).
type (
	updateJSON struct {
		ID       int64                   `json:"id"`
		Progress int                     `json:"progress"`
		Author   string                  `json:"author"`
		Text     map[string]string       `json:"text"`
		Evidence []struct{ Kind string } `json:"evidence"`
	}
	commitmentJSON struct {
		Ref        string                    `json:"ref"`
		Position   int                       `json:"position"`
		Title      map[string]string         `json:"title"`
		Themes     []string                  `json:"themes"`
		Status     string                    `json:"status"`
		Progress   int                       `json:"progress"`
		Partners   []struct{ Sector string } `json:"partners"`
		Milestones []struct{ Progress int }  `json:"milestones"`
		Updates    []updateJSON              `json:"updates"`
	}
)

// problemOf reads a problem document and checks its media type and status.
type problemDoc struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Errors []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

func problemOf(t *testing.T, r servertest.Answer, status int) problemDoc {
	t.Helper()
	var p problemDoc
	if r.Status != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("status %d %q, want %d application/problem+json\n%s", r.Status, r.Header.Get("Content-Type"), status, r.Body)
	}
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil || p.Status != status || p.Title == "" {
		t.Fatalf("problem %+v %v\n%s", p, err, r.Body)
	}
	return p
}

// fields lists "field:code" of a problem's errors, sorted.
func (p problemDoc) fields() string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field+":"+e.Code)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

const goodUpdate = `{"milestone_id": %d, "date": "2024-05-20", "text": {"ar": "نُشرت البيانات", "fr": "Données publiées"},
	"status": "in_progress", "progress": 60, "evidence": [{"title": {"ar": "الرابط"}, "url": "https://example.org/data"}]}`

func jsonf(format string, args ...any) string {
	b := format
	for _, a := range args {
		b = strings.Replace(b, "%d", idStr(a.(int64)), 1)
	}
	return b
}

func TestAPIWriteUpdates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newAPIWriteEnv(t, d)
		updatesURL := "/api/v1/commitments/" + idStr(f.c1) + "/updates"
		body := jsonf(goodUpdate, f.m1)
		editor := f.token(auth.Editor, []string{"plans:write"}, f.orgs["conseil-regional"])
		countUpdates := func() int {
			return f.Count(`SELECT COUNT(*) FROM progress_updates WHERE site_id = ?`, f.SiteID)
		}

		t.Run("401 without a valid token", func(t *testing.T) {
			r := f.api("POST", updatesURL, "", body)
			problemOf(t, r, 401)
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
			}
			problemOf(t, f.api("POST", updatesURL, "ift_not-a-token", body), 401)
			problemOf(t, f.api("PATCH", "/api/v1/commitments/"+idStr(f.c1), "", `{}`), 401)
			problemOf(t, f.api("POST", "/api/v1/plans/"+idStr(f.planID)+"/commitments", "", `{}`), 401)
		})

		t.Run("403 without the scope or the right", func(t *testing.T) {
			noScope := f.token(auth.Admin, nil)
			otherScope := f.token(auth.Admin, []string{"organisations:write"})
			otherOrg := f.token(auth.Editor, []string{"plans:write"}, f.orgs["association-tawassol"])
			citizen := f.token(auth.Citizen, []string{"plans:write"}, f.orgs["conseil-regional"])
			moderator := f.token(auth.Moderator, []string{"plans:write"}, f.orgs["conseil-regional"])
			for name, tok := range map[string]string{"no scope": noScope, "another scope": otherScope,
				"editor of another organisation": otherOrg, "citizen": citizen, "moderator": moderator} {
				if r := f.api("POST", updatesURL, tok, body); r.Status != 403 {
					t.Errorf("%s: status %d, want 403\n%s", name, r.Status, r.Body)
				}
			}
			problemOf(t, f.api("POST", updatesURL, noScope, body), 403)
			if n := countUpdates(); n != 0 {
				t.Errorf("%d updates written", n)
			}
		})

		t.Run("404 for a commitment of nowhere", func(t *testing.T) {
			problemOf(t, f.api("POST", "/api/v1/commitments/999999/updates", editor, body), 404)
			problemOf(t, f.api("POST", "/api/v1/commitments/x/updates", editor, body), 404)
		})

		t.Run("400 on a body that cannot be read", func(t *testing.T) {
			for _, tc := range []struct{ body, want string }{
				{`{"date": "2024-05-20", "colour": "blue"}`, "colour:unknown_field"},
				{`{"date": "2024-05-20", "evidence": [{"url": "https://x.org", "size": 3}]}`, "size:unknown_field"},
				{`{"progress": "sixty"}`, "progress:wrong_type"},
				{`{"evidence": [{"url": 7}]}`, "evidence.url:wrong_type"},
				{`{"date": "2024-05-20",`, ":bad_json"},
				{`{} {}`, ":bad_json"},
				{``, ":empty_body"},
			} {
				p := problemOf(t, f.api("POST", updatesURL, editor, tc.body), 400)
				if p.fields() != tc.want || p.Errors[0].Message == "" {
					t.Errorf("%s: errors %+v, want %s", tc.body, p.Errors, tc.want)
				}
			}
			r := f.api("POST", updatesURL, editor, body, "Content-Type", "text/plain")
			problemOf(t, r, 415)
		})

		t.Run("422 on bad values, each field named", func(t *testing.T) {
			p := problemOf(t, f.api("POST", updatesURL, editor, jsonf(`{"milestone_id": %d, "date": "2024-02-30",
				"text": {"ar": "نص", "de": "Text"}, "status": "done", "progress": 150,
				"evidence": [{"url": "javascript:alert(1)", "kind": "video"}, {"url": "https://ok.example"}]}`, f.otherM)), 422)
			want := "date:bad_date evidence.0.kind:unknown_kind evidence.0.url:bad_url milestone_id:unknown_milestone progress:bad_progress status:unknown_status text.de:unknown_language"
			if p.fields() != want {
				t.Errorf("errors %s\nwant   %s", p.fields(), want)
			}
			p = problemOf(t, f.api("POST", updatesURL, editor, `{}`), 422)
			if p.fields() != "date:required progress:required status:required text:required" {
				t.Errorf("empty update: %s", p.fields())
			}
			// Messages follow the request's language.
			fr := problemOf(t, f.api("POST", updatesURL+"?lang=fr", editor, `{"date": "2024-05-20", "text": {"ar": "x"}, "status": "in_progress", "progress": 101}`), 422)
			if len(fr.Errors) != 1 || fr.Errors[0].Message != "L’avancement doit être un nombre entier de 0 à 100." || fr.Title != "Valeurs invalides" {
				t.Errorf("French problem %+v", fr)
			}
			if n := countUpdates(); n != 0 {
				t.Errorf("%d updates written by refused requests", n)
			}
		})

		t.Run("201 and the update is on the commitment", func(t *testing.T) {
			ledger := f.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND entity = 'progress_update'`, f.SiteID)
			r := f.api("POST", updatesURL, editor, body)
			if r.Status != 201 || r.Header.Get("Location") != "/api/v1/commitments/"+idStr(f.c1) {
				t.Fatalf("POST: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
			}
			var created struct {
				Data updateJSON `json:"data"`
			}
			if err := json.Unmarshal([]byte(r.Body), &created); err != nil || created.Data.ID == 0 || created.Data.Progress != 60 ||
				len(created.Data.Evidence) != 1 || created.Data.Evidence[0].Kind != "link" || created.Data.Author == "" {
				t.Fatalf("created %+v %v\n%s", created, err, r.Body)
			}
			var got struct {
				Data commitmentJSON `json:"data"`
			}
			g := f.Get(f.Visitor(""), "/api/v1/commitments/"+idStr(f.c1))
			if err := json.Unmarshal([]byte(g.Body), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Data.Updates) != 1 || got.Data.Updates[0].ID != created.Data.ID || got.Data.Updates[0].Text["fr"] != "Données publiées" ||
				got.Data.Milestones[0].Progress != 60 || got.Data.Progress != 60 {
				t.Errorf("GET after POST: %s", g.Body)
			}
			if n := f.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND entity = 'progress_update' AND commitment_id = ?`,
				f.SiteID, f.c1); n != ledger+1 {
				t.Errorf("%d ledger entries for the update, want %d", n, ledger+1)
			}
			// The entry records the milestone's progress before the update.
			if n := f.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ? AND entity = 'progress_update' AND entity_id = ?
				AND before_data LIKE '{"progress":%' AND after_data LIKE '%"progress":60,%'`, f.SiteID, created.Data.ID); n != 1 {
				t.Errorf("%d ledger entries with the progress before the update, want 1", n)
			}
			// An administrator may report on any commitment, on the commitment itself.
			admin := f.token(auth.Admin, []string{"plans:write"})
			r = f.api("POST", "/api/v1/commitments/"+idStr(f.c2)+"/updates", admin,
				`{"date": "2024-05-21", "text": {"fr": "Lancé"}, "status": "in_progress", "progress": 10}`)
			if r.Status != 201 {
				t.Errorf("admin on C2: %d %s", r.Status, r.Body)
			}
		})
	})
}

func TestAPIWriteCommitments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newAPIWriteEnv(t, d)
		admin := f.token(auth.Admin, []string{"plans:write"})
		editor := f.token(auth.Editor, []string{"plans:write"}, f.orgs["association-tawassol"])
		createURL := "/api/v1/plans/" + idStr(f.planID) + "/commitments"
		c2URL := "/api/v1/commitments/" + idStr(f.c2)
		ledger := func() int { return f.Count(`SELECT COUNT(*) FROM audit_entries WHERE site_id = ?`, f.SiteID) }

		t.Run("create", func(t *testing.T) {
			body := jsonf(`{"ref": "C9", "title": {"ar": "التزام جديد", "fr": "Nouvel engagement"}, "ogp_values": ["civic_participation"],
				"themes": ["budget"], "lead_agency_id": %d, "partners": [{"organisation_id": %d}],
				"start_date": "2024-01-01", "end_date": "2025-06-30"}`, f.orgs["conseil-regional"], f.orgs["universite-ibn-zohr"])
			if r := f.api("POST", createURL, editor, body); r.Status != 403 {
				t.Errorf("editor create: %d, want 403", r.Status)
			}
			before := ledger()
			r := f.api("POST", createURL, admin, body)
			if r.Status != 201 || !strings.HasPrefix(r.Header.Get("Location"), "/api/v1/commitments/") || r.Header.Get("ETag") != `"1"` {
				t.Fatalf("create: %d %q %q\n%s", r.Status, r.Header.Get("Location"), r.Header.Get("ETag"), r.Body)
			}
			var c struct {
				Data commitmentJSON `json:"data"`
			}
			if err := json.Unmarshal([]byte(r.Body), &c); err != nil || c.Data.Ref != "C9" || c.Data.Position != 4 ||
				len(c.Data.Partners) != 1 || c.Data.Partners[0].Sector != "academia" || c.Data.Status != "not_started" {
				t.Errorf("created %+v %v", c.Data, err)
			}
			if ledger() != before+1 {
				t.Errorf("ledger %d, want %d", ledger(), before+1)
			}
			p := problemOf(t, f.api("POST", createURL, admin, body), 409)
			if p.fields() != "ref:taken" {
				t.Errorf("duplicate: %s", p.fields())
			}
			p = problemOf(t, f.api("POST", createURL, admin, `{"title": {"fr": null}, "themes": ["weather"], "end_date": "2024-01-01", "start_date": "2024-02-01"}`), 422)
			if p.fields() != "end_date:end_before_start ref:required themes.0:unknown_theme title:required" {
				t.Errorf("bad create: %s", p.fields())
			}
			problemOf(t, f.api("POST", "/api/v1/plans/999999/commitments", admin, body), 404)
		})

		t.Run("patch", func(t *testing.T) {
			before := ledger()
			r := f.api("PATCH", c2URL, editor, `{"title": {"fr": "Deuxième engagement"}, "themes": ["participation"]}`,
				"Content-Type", "application/merge-patch+json")
			if r.Status != 200 || r.Header.Get("ETag") != `"2"` {
				t.Fatalf("patch: %d %q\n%s", r.Status, r.Header.Get("ETag"), r.Body)
			}
			var c struct {
				Data commitmentJSON `json:"data"`
			}
			if err := json.Unmarshal([]byte(r.Body), &c); err != nil || c.Data.Title["ar"] != "التزام ثان" ||
				c.Data.Title["fr"] != "Deuxième engagement" || len(c.Data.Themes) != 1 {
				t.Errorf("patched %+v %v", c.Data, err)
			}
			if ledger() != before+1 {
				t.Errorf("ledger %d, want %d", ledger(), before+1)
			}
			var beforeData, afterData string
			if err := d.R().QueryRowContext(context.Background(), `SELECT before_data, after_data FROM audit_entries WHERE site_id = ? ORDER BY seq DESC LIMIT 1`,
				f.SiteID).Scan(&beforeData, &afterData); err != nil || strings.Contains(afterData, "progress") || !strings.Contains(afterData, "Deuxième") {
				t.Errorf("ledger entry %s → %s %v", beforeData, afterData, err)
			}
			// A stale If-Match is refused; the current one, or a patch that changes nothing, passes.
			problemOf(t, f.api("PATCH", c2URL, editor, `{"title": {"fr": "Autre"}}`, "If-Match", `"1"`), 412)
			if r := f.api("PATCH", c2URL, editor, `{"title": {"fr": null}}`, "If-Match", `"2"`); r.Status != 200 || r.Header.Get("ETag") != `"3"` {
				t.Errorf("patch at the current version: %d %q", r.Status, r.Header.Get("ETag"))
			}
			n := ledger()
			if r := f.api("PATCH", c2URL, editor, `{"themes": ["participation"]}`); r.Status != 200 || r.Header.Get("ETag") != `"3"` || ledger() != n {
				t.Errorf("no-op patch: %d %q, ledger %d → %d", r.Status, r.Header.Get("ETag"), n, ledger())
			}
			// What editors may not do.
			if r := f.api("PATCH", c2URL, editor, jsonf(`{"lead_agency_id": %d}`, f.orgs["conseil-regional"])); r.Status != 403 {
				t.Errorf("editor changing the lead: %d", r.Status)
			}
			if r := f.api("PATCH", "/api/v1/commitments/"+idStr(f.c1), editor, `{"title": {"fr": "x"}}`); r.Status != 403 {
				t.Errorf("editor on another organisation's commitment: %d", r.Status)
			}
			p := problemOf(t, f.api("PATCH", "/api/v1/commitments/"+idStr(f.c1), admin, `{"ref": "C7", "progress": 40, "status": "done", "title": null}`), 422)
			if p.fields() != "progress:rolled_up ref:immutable status:unknown_status title:required" {
				t.Errorf("bad patch: %s", p.fields())
			}
			p = problemOf(t, f.api("PATCH", c2URL, admin, `{"milestones": []}`), 400)
			if p.fields() != "milestones:unknown_field" {
				t.Errorf("read-only member: %s", p.fields())
			}
			if r := f.api("PATCH", c2URL, admin, `{"progress": 35, "status": "delayed"}`); r.Status != 200 ||
				!strings.Contains(r.Body, `"progress":35`) || !strings.Contains(r.Body, `"status":"delayed"`) {
				t.Errorf("progress of a commitment without milestones: %d %s", r.Status, r.Body)
			}
		})
	})
}
