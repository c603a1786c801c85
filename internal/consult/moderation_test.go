package consult_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestProposalModeration: people report a proposal as they report a
// comment; at the site's threshold it is hidden from the public pages, the
// API, the report and its exports and the search, while moderators still
// see it, marked, and find it in the moderation queue; they restore it,
// dismiss reports or hide it, each decision in the ledger.
func TestProposalModeration(t *testing.T) { dbtest.Each(t, testProposalModeration) }

func testProposalModeration(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	admin := e.SignIn(auth.Admin)
	mod := e.SignIn(auth.Moderator)
	id := e.openConsultation(admin, e.consultationForm())
	cpath := fmt.Sprintf("/consultations/%d", id)
	author := e.SignIn(auth.Citizen)
	title := "عرض تجاري لا علاقة له بالاستشارة"
	p := e.redirectID(e.PostForm(author, cpath+"/proposals", proposalForm(title, "اشتروا منتجاتنا الرائعة بأثمنة منخفضة جدا اليوم.")), "/proposals/")
	ppath := fmt.Sprintf("/proposals/%d", p)
	hiddenEverywhere := func(what string, hidden bool) {
		t.Helper()
		a := e.Get(e.Visitor(""), ppath)
		if hidden != (a.Status == http.StatusNotFound) {
			t.Errorf("%s: proposal page %d", what, a.Status)
		}
		for _, path := range []string{cpath, cpath + "/report", cpath + "/report.csv", cpath + "/report.json",
			fmt.Sprintf("/api/v1/proposals?consultation=%d", id)} {
			if got := strings.Contains(e.Get(e.Visitor(""), path).Body, title); got == hidden {
				t.Errorf("%s: %s shows the proposal: %v", what, path, got)
			}
		}
		if a := e.Get(e.Visitor(""), fmt.Sprintf("/api/v1/proposals/%d", p)); hidden != (a.Status == http.StatusNotFound) {
			t.Errorf("%s: API proposal %d", what, a.Status)
		}
		if n := e.Count(`SELECT COUNT(*) FROM search_docs WHERE kind = 'proposal' AND ref_id = ?`, p); hidden != (n == 0) {
			t.Errorf("%s: %d search documents", what, n)
		}
	}
	// A comment on it, in the search index with it.
	commenter := e.SignIn(auth.Citizen)
	e.want("comment", e.PostForm(commenter, "/comments", url.Values{"target": {fmt.Sprintf("proposal:%d", p)},
		"body": {"تعليق على المقترح"}, "stance": {"against"}}), http.StatusSeeOther)
	commentDocs := func() int {
		return e.Count(`SELECT COUNT(*) FROM search_docs WHERE kind = 'comment' AND url LIKE ?`, fmt.Sprintf("/threads/proposal/%d#%%", p))
	}
	if n := commentDocs(); n != 1 {
		t.Fatalf("%d comment documents", n)
	}
	hiddenEverywhere("new", false)

	// The author is offered no report form, nor a support; others the report form.
	form := `action="/reports"`
	if a := e.Get(author, ppath); strings.Contains(a.Body, form) || strings.Contains(a.Body, `action="`+ppath+`/support"`) {
		t.Error("the author may report or support their own proposal")
	}
	r1, r2, r3 := e.SignIn(auth.Citizen), e.SignIn(auth.Citizen), e.SignIn(auth.Citizen)
	if a := e.Get(r1, ppath); !strings.Contains(a.Body, form) {
		t.Error("no report form for another person")
	}
	post := func(who *servertest.Person, reason, lang string) (int, string) {
		a := e.PostForm(who, "/reports?lang="+lang, url.Values{"target": {fmt.Sprintf("proposal:%d", p)}, "reason": {reason}})
		return a.Status, a.Body
	}
	if s, b := post(author, "spam", "en"); s != http.StatusForbidden || !strings.Contains(b, "You cannot report your own contribution.") {
		t.Errorf("own report: %d", s)
	}
	if s, b := post(r1, "nonsense", "fr"); s != http.StatusUnprocessableEntity || !strings.Contains(b, "Choisissez pourquoi vous faites ce signalement.") {
		t.Errorf("bad reason: %d", s)
	}
	if a := e.PostForm(r1, "/reports", url.Values{"target": {"petition:1"}, "reason": {"spam"}}); a.Status != http.StatusNotFound {
		t.Errorf("unknown kind: %d", a.Status)
	}
	if a := e.PostForm(e.Visitor(""), "/reports", url.Values{"target": {fmt.Sprintf("proposal:%d", p)}, "reason": {"spam"}}); a.Status != http.StatusSeeOther ||
		!strings.HasPrefix(a.Location, "/login") {
		t.Errorf("anonymous report: %d %q", a.Status, a.Location)
	}
	for i, who := range []*servertest.Person{r1, r2, r1} { // r1 twice: counted once
		if s, b := post(who, "spam", "ar"); s != http.StatusOK || !strings.Contains(b, "شكراً: سيطّلع المشرفون عليها.") {
			t.Fatalf("report %d: %d", i, s)
		}
	}
	hiddenEverywhere("two reports", false)
	q := e.Get(mod, "/admin/moderation?lang=en")
	e.want("queue", q, http.StatusOK, "Reported contributions", title, "2 reports", "Keep visible", author.Name)
	if s, _ := post(r3, "offensive", "en"); s != http.StatusOK {
		t.Fatalf("third report: %d", s)
	}
	hiddenEverywhere("three reports", true)
	if n := commentDocs(); n != 0 {
		t.Errorf("%d comment documents of a hidden proposal", n)
	}

	// Moderators and the administration still see it, marked hidden.
	e.want("moderator's page", e.Get(mod, ppath+"?lang=en"), http.StatusOK, title, "Moderation hid this proposal", `value="restore"`)
	e.want("moderator's consultation page", e.Get(mod, cpath+"?lang=en"), http.StatusOK, title, "Hidden")
	e.want("administration", e.Get(admin, fmt.Sprintf("/admin/consultations/%d?lang=en", id)), http.StatusOK, title, "Hidden")
	e.want("queue, hidden", e.Get(mod, "/admin/moderation?lang=en"), http.StatusOK, title, "3 reports", "Keep hidden")
	// Only moderators decide.
	action := fmt.Sprintf("/admin/moderation/items/proposal/%d", p)
	e.want("citizen decides", e.PostForm(r1, action, url.Values{"action": {"restore"}}), http.StatusForbidden)
	e.want("dismiss a hidden proposal", e.PostForm(mod, action+"?lang=en", url.Values{"action": {"dismiss"}}), http.StatusConflict)
	e.want("unknown action", e.PostForm(mod, action, url.Values{"action": {"approve"}}), http.StatusBadRequest)

	a := e.PostForm(mod, action, url.Values{"action": {"restore"}})
	if a.Status != http.StatusSeeOther || a.Location != "/admin/moderation?done=item_restored" {
		t.Fatalf("restore: %d %q", a.Status, a.Location)
	}
	hiddenEverywhere("restored", false)
	if n := commentDocs(); n != 1 {
		t.Errorf("%d comment documents of a restored proposal", n)
	}
	if q := e.Get(mod, "/admin/moderation?lang=en"); strings.Contains(q.Body, title) {
		t.Error("a restored proposal is still queued")
	}
	// The same people cannot bring it back; a new one queues it without hiding it.
	post(r2, "spam", "en")
	if q := e.Get(mod, "/admin/moderation?lang=en"); strings.Contains(q.Body, title) {
		t.Error("resolved reports re-queued the proposal")
	}
	r4 := e.SignIn(auth.Citizen)
	post(r4, "off_topic", "en")
	e.want("queued again", e.Get(mod, "/admin/moderation?lang=en"), http.StatusOK, title, "1 report")
	hiddenEverywhere("one new report", false)
	a = e.PostForm(mod, action, url.Values{"action": {"dismiss"}, "back": {ppath}})
	if a.Status != http.StatusSeeOther || a.Location != ppath {
		t.Fatalf("dismiss: %d %q", a.Status, a.Location)
	}
	hiddenEverywhere("dismissed", false)
	if e.PostForm(mod, action, url.Values{"action": {"hide"}}).Status != http.StatusSeeOther {
		t.Fatal("hide")
	}
	hiddenEverywhere("hidden by a moderator", true)
	if q := e.Get(mod, "/admin/moderation?lang=en"); strings.Contains(q.Body, title) {
		t.Error("a proposal a moderator hid is still queued")
	}
	// Supports and the thread are gone with it.
	e.want("support a hidden proposal", e.PostForm(r1, ppath+"/support", url.Values{"action": {"support"}}), http.StatusNotFound)
	e.want("its thread", e.Get(e.Visitor(""), fmt.Sprintf("/threads/proposal/%d", p)), http.StatusNotFound)
	// The figures leave it out, so the consultation may close without answering it.
	e.want("figures", e.Get(e.Visitor(""), cpath+"/report?lang=en"), http.StatusOK, "<dd>0</dd>")

	// Three decisions in the ledger, without the text.
	if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'proposal' AND entity_id = ?`, p); n != 3 {
		t.Errorf("%d ledger entries", n)
	}
	if ledger := e.Get(e.Visitor(""), "/audit/download").Body; strings.Contains(ledger, title) {
		t.Error("the ledger holds the proposal's text")
	}
}

// TestSupportAPI: POST /api/v1/proposals/{id}/support with a token: one's
// own proposal is a 403 problem document in the request's language; another
// person's counts once, then withdraws.
func TestSupportAPI(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	ctx := context.Background()
	admin := e.SignIn(auth.Admin)
	id := e.openConsultation(admin, e.consultationForm())
	author, other := e.SignIn(auth.Citizen), e.SignIn(auth.Citizen)
	p := e.redirectID(e.PostForm(author, fmt.Sprintf("/consultations/%d/proposals", id),
		proposalForm("نقل حضري أفضل", "نقترح خطوطا جديدة للحافلات بين الأحياء.")), "/proposals/")
	tokens := map[int64]string{}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for _, who := range []*servertest.Person{author, other} {
			tok, err := account.CreateToken(ctx, tx, who.ID, "bot", []string{consult.WriteScope})
			if err != nil {
				return err
			}
			tokens[who.ID] = tok
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	support := func(tok, lang, body string) servertest.Answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, e.TS.URL+fmt.Sprintf("/api/v1/proposals/%d/support?lang=%s", p, lang), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		return e.Do(e.Visitor(""), req)
	}
	a := support(tokens[author.ID], "ar", `{"action":"support"}`)
	e.want("own support", a, http.StatusForbidden, `"code":"own_proposal"`, `"status":403`)
	if a.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("own support: %s", a.Header.Get("Content-Type"))
	}
	e.want("bad action", support(tokens[other.ID], "en", `{"action":"love"}`), http.StatusUnprocessableEntity, "support or withdraw")
	e.want("bad body", support(tokens[other.ID], "en", `{"oops":1}`), http.StatusBadRequest)
	e.want("support", support(tokens[other.ID], "en", `{"action":"support"}`), http.StatusOK, `"supports":1`, `"supported":true`)
	e.want("twice", support(tokens[other.ID], "en", `{"action":"support"}`), http.StatusConflict, "already_supports")
	e.want("withdraw", support(tokens[other.ID], "en", `{"action":"withdraw"}`), http.StatusOK, `"supports":0`, `"supported":false`)
	e.want("unknown proposal", e.Do(e.Visitor(""), func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, e.TS.URL+"/api/v1/proposals/999999/support", strings.NewReader(`{"action":"support"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[other.ID])
		return req
	}()), http.StatusNotFound)
}
