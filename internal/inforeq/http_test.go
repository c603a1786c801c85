package inforeq_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

func (e *env) askForm(body int64, extra ...string) url.Values {
	v := url.Values{"name": {"Fatima Zahra Bennani"}, "id_number": {"bk 654321"}, "address": {"17 derb Sidi Bouloukat, Marrakech"},
		"email": {"fz.bennani@example.ma"}, "body": {strconv.FormatInt(body, 10)}, "subject": {"صفقات تهيئة الطرق"},
		"information": {"نسخة من محاضر فتح الأظرفة لصفقات تهيئة الطرق لسنة 2025"}, "form": {"electronic"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// ask sends the form as a visitor and returns the new request's id.
func (e *env) ask(t *testing.T, form url.Values) int64 {
	t.Helper()
	a := e.PostForm(e.Visitor(servertest.BrowserUA), "/information-requests/new", form)
	if a.Status != http.StatusSeeOther || !strings.HasSuffix(a.Location, "/receipt") {
		t.Fatalf("ask: %d %s %s", a.Status, a.Location, servertest.Excerpt(a.Body))
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(a.Location, "/information-requests/"), "/receipt"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAskReceiptAndRegister(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		visitor := e.Visitor(servertest.BrowserUA)
		for _, lang := range []string{"ar", "fr", "en"} {
			a := e.Get(visitor, "/information-requests/new?lang="+lang)
			if a.Status != http.StatusOK {
				t.Fatalf("form in %s: %d", lang, a.Status)
			}
			servertest.Contains(t, "form "+lang, a.Body, `name="id_number"`, `name="urgency_reason"`, " council")
		}
		// Missing and bad fields: a message per field, nothing typed lost.
		bad := e.askForm(e.council, "name", "", "email", "not-an-email", "id_number", "12-34", "urgent", "1", "subject", strings.Repeat("س", 201))
		a := e.PostForm(visitor, "/information-requests/new", bad)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", a.Status)
		}
		servertest.Contains(t, "bad form", a.Body, "هذا الحقل إلزامي", "المطلوب عنوان بريد إلكتروني صحيح", "حروف ثم أرقام، دون فراغات",
			"200 حرف على الأكثر", `value="not-an-email"`, `value="12-34"`, "17 derb Sidi Bouloukat", "نسخة من محاضر فتح الأظرفة",
			`id="q-urgent" name="urgent" value="1" checked`, `aria-invalid="true"`)
		a = e.PostForm(visitor, "/information-requests/new?lang=fr", e.askForm(e.council, "form", "fax", "body", "999999"))
		servertest.Contains(t, "bad form fr", a.Body, "Choisissez une forme.", "Choisissez un des organismes de la liste.")
		if n := e.Count(`SELECT COUNT(*) FROM info_requests`); n != 0 {
			t.Fatalf("%d requests stored from bad forms", n)
		}

		id := e.ask(t, e.askForm(e.council, "show_name", "1"))
		a = e.Get(visitor, "/information-requests/"+strconv.FormatInt(id, 10)+"/receipt?lang=fr")
		// Received Monday 2 March: 20 working days end on Monday 30 March.
		servertest.Contains(t, "receipt", a.Body, "2026-0001", "2 mars 2026", "30 mars 2026", "20 jours ouvrables")
		// The identity number was stored as written on the card.
		var cin string
		if err := d.R().QueryRowContext(t.Context(), `SELECT id_number FROM info_request_identities`).Scan(&cin); err != nil || cin != "BK654321" {
			t.Errorf("stored CIN %q %v", cin, err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM mail_queue WHERE recipients LIKE ?`, "%fz.bennani@example.ma%"); n != 1 {
			t.Errorf("%d receipt emails", n)
		}

		a = e.Get(visitor, "/information-requests?lang=fr")
		servertest.Contains(t, "register", a.Body, "2026-0001", "صفقات تهيئة الطرق", "En attente de réponse")
		a = e.Get(visitor, "/information-requests?state=refused")
		servertest.Lacks(t, "register filtered by state", a.Body, "2026-0001")
		a = e.Get(visitor, "/information-requests?body="+strconv.FormatInt(e.agency, 10))
		servertest.Lacks(t, "register filtered by body", a.Body, "2026-0001")
		a = e.Get(visitor, "/information-requests?from=2026-13-01")
		if a.Status != http.StatusBadRequest {
			t.Errorf("bad date filter: %d", a.Status)
		}
		a = e.Get(visitor, "/information-requests/"+strconv.FormatInt(id, 10))
		servertest.Contains(t, "request page", a.Body, "Fatima Zahra Bennani", "صفقات تهيئة الطرق", "مسار الطلب")
		servertest.Lacks(t, "request page", a.Body, "معالجة هذا الطلب")

		// The API and the feed.
		a = e.Get(visitor, "/api/v1/information-requests?state=received")
		var list struct {
			Data []map[string]any `json:"data"`
		}
		if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 1 || list.Data[0]["number"] != "2026-0001" || list.Data[0]["deadline"] != "2026-03-30" {
			t.Errorf("API list: %v %s", err, a.Body)
		}
		a = e.Get(visitor, "/api/v1/information-requests?state=lost")
		if a.Status != http.StatusBadRequest || a.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("API bad filter: %d %s", a.Status, a.Header.Get("Content-Type"))
		}
		a = e.Get(visitor, "/feeds/information-requests.atom")
		servertest.Contains(t, "feed", a.Body, "<feed", "2026-0001 — صفقات تهيئة الطرق")
	})
}

func TestPersonInCharge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.ask(t, e.askForm(e.council))
		path := "/information-requests/" + strconv.FormatInt(id, 10)

		// Only the body's person in charge (or an administrator) handles it.
		if a := e.Get(e.Visitor(servertest.BrowserUA), path+"/handle"); a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, "/login") {
			t.Errorf("visitor: %d %s", a.Status, a.Location)
		}
		citizen := e.SignIn(auth.Editor)
		if a := e.Get(citizen, path+"/handle"); a.Status != http.StatusForbidden {
			t.Errorf("another person: %d", a.Status)
		}
		if a := e.PostForm(citizen, path+"/handle", url.Values{"action": {"answer"}, "answer": {"x"}}); a.Status != http.StatusForbidden {
			t.Errorf("another person's post: %d", a.Status)
		}
		a := e.Get(e.officer, path+"/handle")
		servertest.Contains(t, "handle", a.Body, "Fatima Zahra Bennani", "BK654321", "fz.bennani@example.ma", "17 derb Sidi Bouloukat")
		if a := e.Get(e.officer, path); !strings.Contains(a.Body, path+"/handle") {
			t.Error("the request's page has no link to the handling screen for its person in charge")
		}

		// A refusal without a ground, or without a reason, is refused.
		a = e.PostForm(e.officer, path+"/handle", url.Values{"action": {"refuse"}, "reason": {"لا"}})
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("refusal without ground: %d", a.Status)
		}
		servertest.Contains(t, "refusal without ground", a.Body, "يجب أن يستند الرفض إلى أحد الأسباب التي يحددها القانون", "لا</textarea>")
		a = e.PostForm(e.officer, path+"/handle", url.Values{"action": {"refuse"}, "ground": {"exception"}, "reason": {"x"}})
		servertest.Contains(t, "refusal without exception", a.Body, "يجب تحديد الاستثناء من المادة 7")
		a = e.PostForm(e.officer, path+"/handle?lang=fr", url.Values{"action": {"refuse"}, "ground": {"repeated"}})
		servertest.Contains(t, "refusal without reason", a.Body, "Donnez le motif.")

		// Ask a clarification, receive it, extend, then refuse with a ground.
		for _, step := range []url.Values{
			{"action": {"ask"}, "reason": {"المرجو تحديد الجماعة"}},
			{"action": {"clarify"}},
			{"action": {"extend"}, "reason": {"عدد كبير من الصفقات"}},
		} {
			if a := e.PostForm(e.officer, path+"/handle", step); a.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step.Get("action"), a.Status, servertest.Excerpt(a.Body))
			}
		}
		a = e.PostForm(e.officer, path+"/handle?lang=ar", url.Values{"action": {"extend"}, "reason": {"again"}})
		servertest.Contains(t, "second extension", a.Body, "سبق تمديد الأجل مرة واحدة")
		if t.Failed() {
			t.Log(a.Status, servertest.Excerpt(a.Body))
		}
		a = e.PostForm(e.officer, path+"/handle", url.Values{"action": {"refuse"}, "ground": {"exception"}, "exception": {"competition"},
			"reason": {"الأظرفة تتضمن عروضاً تقنية محمية"}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("refusal: %d %s", a.Status, servertest.Excerpt(a.Body))
		}
		a = e.Get(e.Visitor(servertest.BrowserUA), path+"?lang=fr")
		servertest.Contains(t, "refused page", a.Body, "Refusée", "Une exception de l&#39;article 7", "Libre concurrence",
			"الأظرفة تتضمن عروضاً تقنية محمية", "Délai prorogé", "Précision demandée")
		if n := e.Count(`SELECT COUNT(*) FROM mail_queue WHERE recipients LIKE ?`, "%fz.bennani@example.ma%"); n != 5 {
			t.Errorf("%d emails to the requester, want 5 (receipt, ask, clarify, extend, refuse)", n)
		}
		if a := e.PostForm(e.officer, path+"/handle", url.Values{"action": {"answer"}, "answer": {"x"}}); a.Status != http.StatusUnprocessableEntity {
			t.Errorf("answer after refusal: %d", a.Status)
		}
	})
}
