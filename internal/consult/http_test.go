package consult_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

func TestAdminAccess(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	path := fmt.Sprintf("/admin/consultations/%d", id)
	citizen := e.SignIn(auth.Citizen)
	moderator := e.SignIn(auth.Moderator)
	editor := e.SignIn(auth.Editor, e.leadID)
	for _, p := range []string{"/admin/consultations", "/admin/consultations/new", path, path + "/edit"} {
		a := e.Get(e.Visitor(""), p)
		if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, "/login?next=") {
			t.Errorf("anonymous %s: %d %q", p, a.Status, a.Location)
		}
		e.want("citizen "+p, e.Get(citizen, p), http.StatusForbidden)
		e.want("moderator "+p, e.Get(moderator, p), http.StatusForbidden)
		e.want("admin "+p, e.Get(admin, p), http.StatusOK)
	}
	// An editor manages only consultations on commitments their organisation leads.
	e.want("editor list", e.Get(editor, "/admin/consultations"), http.StatusOK)
	e.want("editor, plan consultation", e.Get(editor, path), http.StatusForbidden)
	e.want("editor, new", e.Get(editor, "/admin/consultations/new"), http.StatusForbidden)
	e.want("citizen close", e.PostForm(citizen, path+"/close", nil), http.StatusForbidden)
	form := e.consultationForm()
	form.Set("subject", "commitment:"+strconv.FormatInt(e.commitmentID, 10))
	onCommitment := e.openConsultation(admin, form)
	e.want("editor, commitment consultation", e.Get(editor, fmt.Sprintf("/admin/consultations/%d", onCommitment)), http.StatusOK)
	other := e.SignIn(auth.Editor, e.assocID)
	e.want("other editor", e.Get(other, fmt.Sprintf("/admin/consultations/%d", onCommitment)), http.StatusForbidden)

	// Submitting needs an account.
	a := e.PostForm(e.Visitor(""), fmt.Sprintf("/consultations/%d/proposals", id), proposalForm("عنوان المقترح", strings.Repeat("نص ", 10)))
	if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, "/login?next=") {
		t.Errorf("anonymous proposal: %d %q", a.Status, a.Location)
	}
	e.want("public page without the form", e.Get(e.Visitor(""), fmt.Sprintf("/consultations/%d?lang=fr", id)), http.StatusOK,
		"Connectez-vous pour déposer une proposition")
}

func TestConsultationForm(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	admin := e.SignIn(auth.Admin)
	bad := e.consultationForm()
	bad.Set("title_ar", "")
	bad.Set("closes_at", "2024-05-01T09:00")
	bad.Set("doc_url.0", "javascript:alert(1)")
	bad.Del("kinds")
	a := e.PostForm(admin, "/admin/consultations/new?lang=fr", bad)
	e.want("bad consultation", a, http.StatusUnprocessableEntity,
		"Le texte en arabe est obligatoire.", "La consultation doit se terminer après son ouverture.",
		"Choisissez au moins un type de proposition.", "Saisissez une adresse commençant par https://",
		"Consultation sur le projet de plan d’action", "2024-05-01T09:00", `aria-invalid="true"`)
	// Nothing was stored.
	var n int
	if err := d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM consultations`).Scan(&n); err != nil || n != 0 {
		t.Errorf("consultations stored: %d %v", n, err)
	}
	id := e.redirectID(e.PostForm(admin, "/admin/consultations/new", e.consultationForm()), "/admin/consultations/")
	// A draft is not public.
	e.want("draft", e.Get(e.Visitor(""), fmt.Sprintf("/consultations/%d", id)), http.StatusNotFound)
	e.want("draft in the list", e.Get(e.Visitor(""), "/consultations?lang=fr"), http.StatusOK, "Aucune consultation n’est ouverte")
	e.redirectID(e.PostForm(admin, fmt.Sprintf("/admin/consultations/%d/publish", id), nil), "/admin/consultations/")
	e.want("list", e.Get(e.Visitor(""), "/consultations"), http.StatusOK, "استشارة حول مشروع خطة العمل", "مفتوحة")
	e.want("page", e.Get(e.Visitor(""), fmt.Sprintf("/consultations/%d", id)), http.StatusOK,
		"https://example.org/draft.pdf", "مشروع الخطة", "مقترح التزام جديد")

	// Edit, then a stale edit.
	edit := e.Get(admin, fmt.Sprintf("/admin/consultations/%d/edit", id))
	e.want("edit form", edit, http.StatusOK, "2024-06-30T18:00", `name="version" value="2"`)
	form := e.consultationForm()
	form.Set("version", "2")
	form.Set("title_en", "Consultation on the draft plan")
	e.redirectID(e.PostForm(admin, fmt.Sprintf("/admin/consultations/%d/edit", id), form), "/admin/consultations/")
	e.want("stale edit", e.PostForm(admin, fmt.Sprintf("/admin/consultations/%d/edit", id), form), http.StatusConflict)

	entries, err := audit.List(context.Background(), d.R(), e.siteID, audit.Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, en := range entries {
		if en.Entity == "consultation" {
			seen[en.Action]++
		}
	}
	if seen["create"] != 1 || seen["update"] != 2 { // published, edited
		t.Errorf("ledger: %v", seen)
	}
}

func TestProposalsSupportsResponsesReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		admin := e.SignIn(auth.Admin)
		id := e.openConsultation(admin, e.consultationForm())
		cpath := fmt.Sprintf("/consultations/%d", id)
		citizen := e.SignIn(auth.Citizen)
		member := e.SignIn(auth.Member, e.assocID)
		other := e.SignIn(auth.Citizen)

		// Bad input keeps what was typed and says what is wrong, by field.
		typed := "نقترح نشر محاضر دورات المجلس في أجل شهر على الأكثر."
		a := e.PostForm(citizen, cpath+"/proposals?lang=ar", url.Values{"kind": {"amendment"}, "title": {"قصير"}, "body": {typed}})
		e.want("bad proposal", a, http.StatusUnprocessableEntity, typed, "قصير",
			"يجب أن يتضمن العنوان ما بين 5 و200 حرفا.", "اختاروا أحد أنواع المقترحات", `id="p-title-error"`)
		links := typed + " https://a.example https://b.example https://c.example https://d.example"
		e.want("too many links", e.PostForm(citizen, cpath+"/proposals?lang=fr", proposalForm("Publier les procès-verbaux", links)),
			http.StatusUnprocessableEntity, "Au plus 3 liens web", "https://d.example")

		p1 := e.redirectID(e.PostForm(citizen, cpath+"/proposals", proposalForm("نشر محاضر الدورات", typed)), "/proposals/")
		e.want("posted", e.Get(citizen, fmt.Sprintf("/proposals/%d?posted=1&lang=en", p1)), http.StatusOK, "your proposal has been published", citizen.Name)
		// The same text again, right after.
		e.want("duplicate", e.PostForm(citizen, cpath+"/proposals?lang=en", proposalForm("نشر محاضر الدورات", typed+" ")),
			http.StatusUnprocessableEntity, "You have just sent this same proposal", typed)

		// On behalf of an organisation: only a verified one the author belongs to.
		body := "نقترح ميزانية تشاركية للشباب في كل إقليم من أقاليم الجهة."
		f := proposalForm("ميزانية تشاركية للشباب", body)
		f.Set("organisation", strconv.FormatInt(e.leadID, 10))
		e.want("not a member", e.PostForm(member, cpath+"/proposals?lang=en", f), http.StatusUnprocessableEntity,
			"an organisation you are an accepted member of", body)
		f.Set("organisation", strconv.FormatInt(e.assocID, 10))
		p2 := e.redirectID(e.PostForm(member, cpath+"/proposals", f), "/proposals/")
		page := e.Get(e.Visitor(""), fmt.Sprintf("/proposals/%d", p2))
		e.want("on behalf", page, http.StatusOK, "جمعية الشفافية")
		if strings.Contains(page.Body, member.Name) || strings.Contains(page.Body, "@") {
			t.Errorf("the page names the person behind the organisation or shows an email")
		}

		// Supports: once; not one's own; withdrawable while open.
		spath := fmt.Sprintf("/proposals/%d/support", p1)
		e.redirectID(e.PostForm(other, spath, url.Values{"action": {"support"}}), "/proposals/")
		e.want("support twice", e.PostForm(other, spath+"?lang=en", url.Values{"action": {"support"}}), http.StatusConflict, "You already support")
		e.want("own", e.PostForm(citizen, spath+"?lang=en", url.Values{"action": {"support"}}), http.StatusForbidden, "your own proposal")
		e.redirectID(e.PostForm(member, spath, url.Values{"action": {"support"}}), "/proposals/")
		e.redirectID(e.PostForm(member, spath, url.Values{"action": {"withdraw"}}), "/proposals/")
		e.want("support count", e.Get(e.Visitor(""), fmt.Sprintf("/proposals/%d?lang=en", p1)), http.StatusOK, "1 support")

		// A third proposal, withdrawn by its author.
		p3 := e.redirectID(e.PostForm(other, cpath+"/proposals", proposalForm("خط أخضر للتبليغ", "نقترح خطا هاتفيا مجانيا للتبليغ عن الاختلالات.")), "/proposals/")
		e.want("withdraw by another", e.PostForm(citizen, fmt.Sprintf("/proposals/%d/withdraw?lang=en", p3), nil), http.StatusForbidden)
		e.redirectID(e.PostForm(other, fmt.Sprintf("/proposals/%d/withdraw", p3), nil), "/proposals/")
		e.want("withdrawn", e.Get(e.Visitor(""), fmt.Sprintf("/proposals/%d?lang=en", p3)), http.StatusOK, "Withdrawn by its author")

		// After the closing date: no new support, no withdrawal of support.
		e.setClock(time.Date(2024, time.July, 2, 10, 0, 0, 0, time.UTC))
		e.want("support after closing", e.PostForm(other, spath+"?lang=en", url.Values{"action": {"withdraw"}}), http.StatusConflict, "not taking proposals or supports")
		e.want("proposal after closing", e.PostForm(citizen, cpath+"/proposals?lang=en", proposalForm("Un autre titre", typed+" encore")),
			http.StatusConflict, "not taking proposals", "Un autre titre")

		// Closing with a proposal unanswered is refused.
		closePath := fmt.Sprintf("/admin/consultations/%d/close", id)
		e.want("close unanswered", e.PostForm(admin, closePath+"?lang=en", nil), http.StatusConflict, "2 proposals have no response yet")
		rpath := fmt.Sprintf("/admin/proposals/%d/response", p2)
		e.want("response form", e.Get(admin, rpath), http.StatusOK, body)
		e.want("merged without a commitment", e.PostForm(admin, rpath+"?lang=en", url.Values{"outcome": {"merged"}, "reason_fr": {"Repris."}}),
			http.StatusUnprocessableEntity, "Choose the commitment", "Repris.")
		e.want("no reason", e.PostForm(admin, rpath+"?lang=en", url.Values{"outcome": {"not_accepted"}}),
			http.StatusUnprocessableEntity, "Give the reason")
		e.want("citizen answers", e.PostForm(citizen, rpath, url.Values{"outcome": {"accepted"}, "reason_ar": {"نعم"}}), http.StatusForbidden)
		e.redirectID(e.PostForm(admin, rpath, url.Values{"outcome": {"merged"}, "commitment": {strconv.FormatInt(e.commitmentID, 10)},
			"reason_ar": {"أدمج المقترح في الالتزام C-01 الذي يغطي الميزانية."}, "reason_fr": {"Intégrée à l’engagement C-01."}}), "/admin/consultations/")
		e.want("still one unanswered", e.PostForm(admin, closePath+"?lang=en", nil), http.StatusConflict, "1 proposal has no response yet")
		// An acceptance may name the commitment that takes the proposal in:
		// it is then adopted, as a merge is.
		e.want("accepted into an unknown commitment", e.PostForm(admin, fmt.Sprintf("/admin/proposals/%d/response?lang=en", p1),
			url.Values{"outcome": {"accepted"}, "commitment": {"999999"}, "reason_ar": {"نعم"}}), http.StatusUnprocessableEntity, "Choose the commitment")
		e.redirectID(e.PostForm(admin, fmt.Sprintf("/admin/proposals/%d/response", p1), url.Values{"outcome": {"accepted"},
			"commitment": {strconv.FormatInt(e.commitmentID, 10)},
			"reason_ar":  {"سننشر المحاضر داخل أجل شهر ابتداء من الدورة المقبلة."}}), "/admin/consultations/")
		e.redirectID(e.PostForm(admin, closePath, nil), "/admin/consultations/")
		e.want("closed", e.Get(e.Visitor(""), cpath+"?lang=en"), http.StatusOK, "Closed", "Merged into a commitment", "C-01")
		e.want("response after closing", e.PostForm(admin, rpath+"?lang=en", url.Values{"outcome": {"accepted"}, "reason_ar": {"نعم"}}),
			http.StatusUnprocessableEntity, "This consultation is closed.")

		// The report, its CSV and JSON.
		e.want("report", e.Get(e.Visitor(""), cpath+"/report?lang=fr"), http.StatusOK, "Ce que nous avons entendu", "C-01", "<dd>\u206650",
			"2 propositions ont été reprises dans des engagements", `href="/commitments/`+strconv.FormatInt(e.commitmentID, 10)+`"`)
		csvA := e.Get(e.Visitor(""), cpath+"/report.csv")
		if csvA.Status != 200 || !strings.HasPrefix(csvA.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(csvA.Body, "\xEF\xBB\xBF") {
			t.Fatalf("csv: %d %s", csvA.Status, csvA.Header)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvA.Body, "\xEF\xBB\xBF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || strings.Join(recs[0], ",") != strings.Join(consult.ReportCSVHeader, ",") {
			t.Fatalf("csv records %v", recs)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		byID := map[string][]string{}
		for _, r := range recs[1:] {
			byID[r[col["proposal_id"]]] = r
		}
		r2 := byID[strconv.FormatInt(p2, 10)]
		if r2[col["author_type"]] != "organisation" || r2[col["author"]] != "جمعية الشفافية" || r2[col["status"]] != "merged" ||
			r2[col["commitment_ref"]] != "C-01" || r2[col["reason_fr"]] != "Intégrée à l’engagement C-01." {
			t.Errorf("csv row %v", r2)
		}
		r1 := byID[strconv.FormatInt(p1, 10)]
		if r1[col["author"]] != citizen.Name || r1[col["supports"]] != "1" || r1[col["status"]] != "accepted" || r1[col["commitment_ref"]] != "C-01" {
			t.Errorf("csv row %v", r1)
		}
		if strings.Contains(csvA.Body, "@") {
			t.Error("the CSV holds an email")
		}
		jsonA := e.Get(e.Visitor(""), cpath+"/report.json")
		var rep struct {
			Data struct {
				Consultation struct {
					ID     int64  `json:"id"`
					Status string `json:"status"`
				} `json:"consultation"`
				Figures   consult.Figures        `json:"figures"`
				Merged    []struct{ Ref string } `json:"commitments"`
				Proposals []struct {
					ID     int64 `json:"id"`
					Author struct {
						Type string `json:"type"`
						Name string `json:"name"`
					} `json:"author"`
					Response *struct {
						Outcome string `json:"outcome"`
					} `json:"response"`
				} `json:"proposals"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(jsonA.Body), &rep); err != nil {
			t.Fatalf("json: %v\n%s", err, jsonA.Body)
		}
		want := consult.Figures{Proposals: 3, FromCitizens: 2, FromOrganisations: 1, Supports: 1, Responded: 2, Accepted: 1,
			Merged: 1, Adopted: 2, Withdrawn: 1, AcceptedShare: 50}
		if rep.Data.Figures != want || rep.Data.Consultation.Status != "closed" || len(rep.Data.Merged) != 1 ||
			rep.Data.Merged[0].Ref != "C-01" || len(rep.Data.Proposals) != 3 {
			t.Errorf("json report %+v", rep.Data)
		}
		if strings.Contains(jsonA.Body, "@") {
			t.Error("the JSON report holds an email")
		}

		entries, err := audit.List(ctx, d.R(), e.siteID, audit.Filter{}, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		responses := 0
		for _, en := range entries {
			if en.Entity == "proposal_response" {
				responses++
			}
		}
		if responses != 2 {
			t.Errorf("%d responses in the ledger", responses)
		}
	})
}

func TestRateLimit(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	citizen := e.SignIn(auth.Citizen)
	path := fmt.Sprintf("/consultations/%d/proposals?lang=en", id)
	for i := 0; i < 5; i++ {
		e.redirectID(e.PostForm(citizen, path, proposalForm(fmt.Sprintf("Proposal number %d", i), strings.Repeat("text ", 10)+strconv.Itoa(i))), "/proposals/")
	}
	e.want("sixth", e.PostForm(citizen, path, proposalForm("Proposal number 6", "a sixth text that is long enough")),
		http.StatusTooManyRequests, "Please wait a few minutes", "a sixth text that is long enough")
}

func TestAPI(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	ctx := context.Background()
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	draft := e.redirectID(e.PostForm(admin, "/admin/consultations/new", e.consultationForm()), "/admin/consultations/")
	member := e.SignIn(auth.Member, e.assocID)
	var token, noScope string
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if token, err = account.CreateToken(ctx, tx, member.ID, "bot", []string{consult.WriteScope}); err != nil {
			return err
		}
		noScope, err = account.CreateToken(ctx, tx, member.ID, "other", []string{"plans:write"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	postJSON := func(tok, path, body string) servertest.Answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, e.TS.URL+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		return e.Do(e.Visitor(""), req)
	}
	ppath := fmt.Sprintf("/api/v1/consultations/%d/proposals", id)
	body := fmt.Sprintf(`{"kind":"general","title":"Budget participatif des jeunes","body":"Nous proposons un budget participatif pour les jeunes de chaque province.","organisation_id":%d}`, e.assocID)
	e.want("no token", postJSON("", ppath, body), http.StatusUnauthorized)
	e.want("no scope", postJSON(noScope, ppath, body), http.StatusForbidden)
	e.want("bad json", postJSON(token, ppath, `{"kind":"general","oops":1}`), http.StatusBadRequest, "bad_json")
	e.want("invalid", postJSON(token, ppath+"?lang=en", `{"kind":"petition","title":"x","body":"y"}`), http.StatusUnprocessableEntity,
		`"field":"kind"`, `"field":"title"`, `"code":"body_length"`)
	e.want("draft", postJSON(token, fmt.Sprintf("/api/v1/consultations/%d/proposals", draft), body), http.StatusNotFound)
	a := postJSON(token, ppath, body)
	e.want("created", a, http.StatusCreated, `"type":"organisation"`)
	var one struct {
		Data struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(a.Body), &one); err != nil || one.Data.ID == 0 || one.Data.Status != "submitted" {
		t.Fatalf("created %s %v", a.Body, err)
	}

	list := e.Get(e.Visitor(""), "/api/v1/consultations")
	e.want("consultations", list, http.StatusOK, `"next":null`, `"status":"open"`)
	if strings.Contains(list.Body, fmt.Sprintf(`"id":%d`, draft)) {
		t.Error("the API lists a draft")
	}
	e.want("consultation", e.Get(e.Visitor(""), fmt.Sprintf("/api/v1/consultations/%d", id)), http.StatusOK, `"figures"`, "https://example.org/draft.pdf")
	e.want("draft consultation", e.Get(e.Visitor(""), fmt.Sprintf("/api/v1/consultations/%d", draft)), http.StatusNotFound)
	props := e.Get(e.Visitor(""), fmt.Sprintf("/api/v1/proposals?consultation=%d&limit=1", id))
	e.want("proposals", props, http.StatusOK, `"next":"`)
	e.want("bad filter", e.Get(e.Visitor(""), "/api/v1/proposals?consultation=x"), http.StatusBadRequest)
	p := e.Get(e.Visitor(""), fmt.Sprintf("/api/v1/proposals/%d", one.Data.ID))
	e.want("proposal", p, http.StatusOK, "Budget participatif des jeunes")
	for _, b := range []string{props.Body, p.Body, list.Body} {
		if strings.Contains(b, "@") || strings.Contains(b, member.Name) {
			t.Errorf("an email or the person behind an organisation in %s", b)
		}
	}
}
