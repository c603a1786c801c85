package forum_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

const tinyPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

func TestAdminAccess(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	anon, citizen, editor, admin := e.Visitor(""), e.signIn(auth.Citizen), e.signIn(auth.Editor), e.signIn(auth.Admin)
	for _, path := range []string{"/admin/forum", "/admin/forum/settings", "/admin/forum/members/new", "/admin/forum/meetings/new"} {
		a := e.Get(anon, path)
		if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous %s: %d %s", path, a.Status, a.Header.Get("Location"))
		}
		for _, p := range []*servertest.Person{citizen, editor} {
			if a := e.Get(p, path); a.Status != http.StatusForbidden {
				t.Errorf("%s %s: %d", p.Role, path, a.Status)
			}
		}
		if a := e.Get(admin, path); a.Status != http.StatusOK {
			t.Errorf("admin %s: %d", path, a.Status)
		}
	}
	form := url.Values{"name": {"X"}, "seat": {"government"}, "gender": {"female"}}
	if a := e.PostForm(citizen, "/admin/forum/members/new", form); a.Status != http.StatusForbidden {
		t.Errorf("citizen posts a member: %d", a.Status)
	}
	if a := e.PostForm(anon, "/admin/forum/members/new", form); a.Status != http.StatusSeeOther {
		t.Errorf("anonymous posts a member: %d", a.Status)
	}
	var n int
	_ = e.DB.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM forum_members`).Scan(&n)
	if n != 0 {
		t.Errorf("%d members written by people who may not", n)
	}
	// An empty forum is a page, and its API answers empty lists.
	if a := e.Get(anon, "/forum"); a.Status != http.StatusOK {
		t.Errorf("/forum without a forum: %d", a.Status)
	}
	if a := e.Get(anon, "/api/v1/forum"); a.Status != http.StatusOK || !strings.Contains(a.Body, `"members":[]`) {
		t.Errorf("/api/v1/forum without a forum: %d %s", a.Status, a.Body)
	}
	for _, path := range []string{"/forum/meetings/999", "/forum/meetings/x", "/plans/none/requirements"} {
		if a := e.Get(anon, path); a.Status != http.StatusNotFound {
			t.Errorf("%s: %d", path, a.Status)
		}
	}
	for _, path := range []string{"/documents?type=nope", "/documents?from=2022-13-01", "/api/v1/documents?commitment=x"} {
		if a := e.Get(anon, path); a.Status != http.StatusBadRequest {
			t.Errorf("%s: %d", path, a.Status)
		}
	}
}

func TestAdminForum(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		admin, anon := e.signIn(auth.Admin), e.Visitor("")

		if a := e.PostForm(admin, "/admin/forum/settings?lang=en", url.Values{"name_en": {"The forum"}}); a.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(a.Body, `value="The forum"`) {
			t.Errorf("settings without Arabic: %d", a.Status)
		}
		a := e.PostForm(admin, "/admin/forum/settings", url.Values{"name_ar": {"منتدى الجهة"}, "name_en": {"Regional forum"},
			"rules_ar": {"## القواعد\n\nيجتمع المنتدى كل أربعة أشهر."}, "rules_en": {"## Rules"}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", a.Status, a.Body)
		}

		// A bad member keeps what was typed, with a message per field.
		a = e.PostForm(admin, "/admin/forum/members/new?lang=en", url.Values{"name": {"Amina Tazi"}, "seat": {"parliament"},
			"gender": {""}, "organisation": {"999999"}, "role_en": {"Co-chair"}})
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad member: %d", a.Status)
		}
		servertest.Contains(t, "bad member form", a.Body, `value="Amina Tazi"`, `value="Co-chair"`, "Choose government or civil society.",
			"Choose one of the options.", "This organisation is not one of the site", `aria-invalid="true"`)

		people := []url.Values{
			{"name": {"Amina Tazi"}, "seat": {"civil_society"}, "gender": {"female"}, "organisation": {itoa(e.assoc)}, "role_en": {"Co-chair"}},
			{"name": {"Salma Idrissi"}, "seat": {"civil_society"}, "gender": {"female"}},
			{"name": {"Karim Alaoui"}, "seat": {"government"}, "gender": {"male"}, "organisation": {itoa(e.council)}},
		}
		for _, p := range people {
			if a := e.PostForm(admin, "/admin/forum/members/new", p); a.Status != http.StatusSeeOther {
				t.Fatalf("member %s: %d", p.Get("name"), a.Status)
			}
		}

		// Invalid dates are refused, the rest kept.
		meeting := url.Values{"title_ar": {"الاجتماع الأول"}, "title_en": {"First meeting"}, "starts_at": {"2023-02-30T10:00"},
			"timezone": {"Africa/Casablanca"}, "attendance_government": {"4"}, "attendance_civil_society": {"-2"},
			"decisions_en": {"Publish the minutes."}}
		a = e.Post(admin, "/admin/forum/meetings/new?lang=en", meeting, map[string][2]string{})
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad meeting: %d", a.Status)
		}
		servertest.Contains(t, "bad meeting form", a.Body, `value="First meeting"`, `value="2023-02-30T10:00"`, "Publish the minutes.",
			"Enter a whole number between 0 and 10,000.")
		for _, bad := range []url.Values{{"starts_at": {"yesterday"}}, {"starts_at": {""}}, {"timezone": {"Mars/Olympus"}}} {
			m := url.Values{}
			for k, v := range meeting {
				m[k] = v
			}
			m.Set("starts_at", "2023-02-15T10:00")
			m.Set("attendance_civil_society", "5")
			for k, v := range bad {
				m[k] = v
			}
			if a := e.Post(admin, "/admin/forum/meetings/new?lang=en", m, map[string][2]string{}); a.Status != http.StatusUnprocessableEntity {
				t.Errorf("meeting with %v: %d", bad, a.Status)
			}
		}
		meeting.Set("starts_at", "2023-02-15T10:00")
		meeting.Set("attendance_civil_society", "5")
		a = e.Post(admin, "/admin/forum/meetings/new", meeting, map[string][2]string{"documents": {"minutes.pdf", tinyPDF}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("meeting: %d %s", a.Status, a.Body)
		}
		var meetingID int64
		var starts db.Timestamp
		if err := d.R().QueryRowContext(ctx, `SELECT id, starts_at FROM forum_meetings`).Scan(&meetingID, &starts); err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2023, 2, 15, 9, 0, 0, 0, time.UTC); !starts.Equal(want) {
			t.Errorf("meeting at %v, want %v (10:00 in Casablanca, UTC+1)", starts.Time, want)
		}
		pdfHash := hashOf(tinyPDF)

		// The public page: rules, members by side, balance with plurals, meetings.
		a = e.Get(anon, "/forum")
		if a.Status != http.StatusOK {
			t.Fatalf("/forum: %d", a.Status)
		}
		servertest.Contains(t, "/forum in Arabic", a.Body, "منتدى الجهة", "<h2>القواعد</h2>", "Amina Tazi", "Karim Alaoui", "هيئة impact",
			"3 أعضاء", "شخصان", "شخص واحد", "امرأتان (\u206667%\u2069)", "رجل واحد (\u206633%\u2069)", "ليس للإدارة وللمجتمع المدني العدد نفسه من المقاعد",
			"الاجتماع الأول", "/forum/meetings/"+itoa(meetingID), "اجتمع المنتدى مرة واحدة.")
		servertest.Lacks(t, "/forum", a.Body, "female", "امرأة<")
		a = e.Get(anon, "/forum?lang=en")
		servertest.Contains(t, "/forum in English", a.Body, "3 members", "2 people", "1 person", "2 women (\u206667%\u2069)", "1 man (\u206633%\u2069)", "The forum has met 1 time.")

		a = e.Get(anon, "/forum/meetings/"+itoa(meetingID)+"?lang=en")
		servertest.Contains(t, "meeting page", a.Body, "First meeting", "Publish the minutes.", "/files/"+pdfHash, pdfHash, "Africa/Casablanca", "4 people", "5 people")

		// The API: members without their gender, the aggregate balance.
		a = e.Get(anon, "/api/v1/forum")
		var api struct {
			Data struct {
				Members  []map[string]any `json:"members"`
				Balance  map[string]any   `json:"balance"`
				Meetings []map[string]any `json:"meetings"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(a.Body), &api); err != nil {
			t.Fatalf("api: %v %s", err, a.Body)
		}
		if len(api.Data.Members) != 3 || len(api.Data.Meetings) != 1 || api.Data.Balance["total"] != float64(3) {
			t.Errorf("api: %s", a.Body)
		}
		for _, m := range api.Data.Members {
			if _, ok := m["gender"]; ok {
				t.Errorf("api shows a member's gender: %v", m)
			}
		}

		// The documents page lists the meeting's document with its checksum.
		a = e.Get(anon, "/documents?type=forum")
		servertest.Contains(t, "/documents", a.Body, "/files/"+pdfHash, pdfHash, "minutes.pdf", "/forum/meetings/"+itoa(meetingID))

		// Edits: a stale version is refused; removal works; all in the ledger.
		var memberID int64
		_ = d.R().QueryRowContext(ctx, `SELECT id FROM forum_members WHERE name = 'Salma Idrissi'`).Scan(&memberID)
		edit := url.Values{"name": {"Salma Idrissi"}, "seat": {"government"}, "gender": {"female"}, "version": {"1"}}
		if a := e.PostForm(admin, "/admin/forum/members/"+itoa(memberID)+"/edit", edit); a.Status != http.StatusSeeOther {
			t.Fatalf("edit member: %d", a.Status)
		}
		if a := e.PostForm(admin, "/admin/forum/members/"+itoa(memberID)+"/edit", edit); a.Status != http.StatusConflict {
			t.Errorf("stale edit: %d", a.Status)
		}
		if a := e.Get(admin, "/admin/forum/meetings/"+itoa(meetingID)+"/edit"); a.Status != http.StatusOK || !strings.Contains(a.Body, `value="2023-02-15T10:00"`) {
			t.Errorf("meeting edit form: %d", a.Status)
		}
		edited := url.Values{"version": {"1"}, "keep_file": {pdfHash}}
		for k, v := range meeting {
			edited[k] = v
		}
		edited.Set("attendance_government", "6")
		if a := e.Post(admin, "/admin/forum/meetings/"+itoa(meetingID)+"/edit", edited, map[string][2]string{}); a.Status != http.StatusSeeOther {
			t.Errorf("edit meeting: %d %s", a.Status, a.Body)
		}
		if a := e.PostForm(admin, "/admin/forum/members/"+itoa(memberID)+"/delete", url.Values{}); a.Status != http.StatusSeeOther {
			t.Errorf("delete member: %d", a.Status)
		}
		rows, err := d.R().QueryContext(ctx, `SELECT entity, action, after_data, before_data FROM audit_entries WHERE entity LIKE 'forum%' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var log []string
		for rows.Next() {
			var entity, action, after, before string
			if err := rows.Scan(&entity, &action, &after, &before); err != nil {
				t.Fatal(err)
			}
			log = append(log, entity+" "+action)
			if strings.Contains(after+before, "gender") || strings.Contains(after+before, "female") {
				t.Errorf("the ledger records a gender: %s %s", after, before)
			}
		}
		rows.Close()
		want := "forum create|forum_member create|forum_member create|forum_member create|forum_meeting create|forum_member update|forum_meeting update|forum_member delete"
		if got := strings.Join(log, "|"); got != want {
			t.Errorf("ledger:\n got %s\nwant %s", got, want)
		}
		if a := e.Get(admin, "/admin/forum"); a.Status != http.StatusOK || !strings.Contains(a.Body, "Karim Alaoui") {
			t.Errorf("overview: %d", a.Status)
		}
	})
}

func TestDocumentsListEvidence(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	ctx := context.Background()
	ev := files.Upload{Hash: hashOf("evidence"), Name: "rapport-2022.pdf", ContentType: "application/pdf", Size: 8}
	var commitmentID int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		p := &plan.Plan{SiteID: e.SiteID, Slug: "p", Title: i18n.Text{i18n.AR: "خطة"}, PeriodStart: 2021, PeriodEnd: 2023, Status: plan.PlanImplementing}
		if err := plan.UpsertPlan(ctx, tx, p); err != nil {
			return err
		}
		c := &plan.Commitment{PlanID: p.ID, Ref: "C7", Position: 1, Title: i18n.Text{i18n.AR: "التزام", i18n.EN: "Open budget"}, Status: plan.NotStarted}
		if err := plan.UpsertCommitment(ctx, tx, e.SiteID, c); err != nil {
			return err
		}
		commitmentID = c.ID
		if err := files.Record(ctx, tx, e.SiteID, ev); err != nil {
			return err
		}
		return plan.AddUpdate(ctx, tx, e.SiteID, &plan.Update{CommitmentID: c.ID, OccurredOn: db.NewDate(2022, 6, 1), Status: plan.InProgress,
			Progress: 20, Body: i18n.Text{i18n.AR: "تقدم"}, Evidence: []plan.Evidence{{Title: i18n.Text{i18n.EN: "Budget report"}, URL: ev.URL(), Kind: "document"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	a := e.Get(e.Visitor(""), "/documents?lang=en")
	if a.Status != http.StatusOK {
		t.Fatalf("/documents: %d", a.Status)
	}
	servertest.Contains(t, "/documents", a.Body, "Budget report", "rapport-2022.pdf", `href="/files/`+ev.Hash+`"`, ">"+ev.Hash+"<", "C7",
		"/commitments/"+itoa(commitmentID), "Evidence of progress", "1 document", "1 June 2022")
	if a := e.Get(e.Visitor(""), "/documents?commitment="+itoa(commitmentID)+"&from=2022-06-01&to=2022-06-01&type=evidence"); !strings.Contains(a.Body, ev.Hash) {
		t.Errorf("filtered /documents lacks the evidence")
	}
	if a := e.Get(e.Visitor(""), "/documents?from=2022-06-02"); strings.Contains(a.Body, ev.Hash) {
		t.Errorf("/documents from a later date lists the evidence")
	}
	a = e.Get(e.Visitor(""), "/api/v1/documents?limit=1")
	var list struct {
		Data []map[string]any `json:"data"`
		Next *string          `json:"next"`
	}
	if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 1 || list.Data[0]["sha256"] != ev.Hash ||
		list.Data[0]["type"] != "evidence" || list.Next != nil {
		t.Errorf("api: %v %s", err, a.Body)
	}
}

func TestRequirementsOnDemo(t *testing.T) {
	d := dbtest.SQLite(t)
	if _, err := demo.Load(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, d)
	anon := e.Visitor("")
	a := e.Get(anon, "/plans/plan-2021-2023")
	servertest.Contains(t, "plan page", a.Body, `href="/plans/plan-2021-2023/requirements"`)
	a = e.Get(anon, "/plans/plan-2021-2023/requirements?lang=en")
	if a.Status != http.StatusOK {
		t.Fatalf("requirements: %d", a.Status)
	}
	for _, code := range []string{"forum", "progress", "repository", "timeline", "responses", "meetings"} {
		servertest.Contains(t, "requirements", a.Body, `id="req-`+code+`"`)
	}
	servertest.Contains(t, "requirements", a.Body, "A multi-stakeholder forum that meets regularly", "✓ Met", "Evidence",
		"/forum/meetings/", "/consultations/", "Meetings with civil society", "of 6 requirements met")
	a = e.Get(anon, "/plans/plan-2021-2023/requirements")
	servertest.Contains(t, "requirements in Arabic", a.Body, "المتطلبات الدنيا", "مستوفى")
	a = e.Get(anon, "/sitemap.xml")
	servertest.Contains(t, "sitemap", a.Body, "/forum</loc>", "/forum/meetings/", "/documents</loc>", "/plans/plan-2021-2023/requirements</loc>")
}

func itoa(id int64) string { return fmtInt(id) }
