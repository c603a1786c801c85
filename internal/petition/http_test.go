package petition_test

import (
	"encoding/json"
	"encoding/xml"
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

func TestDraftAndPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		visitor := e.Visitor(servertest.BrowserUA)
		if a := e.Get(visitor, "/petitions/new"); a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, "/login") {
			t.Errorf("a visitor's new petition: %d %s", a.Status, a.Location)
		}
		agent := e.SignIn(auth.Citizen)
		// Bad input: every field's message, the values kept.
		bad := draftForm(strings.Repeat("ع", 201))
		bad.Del("object")
		bad.Del("respects_constants")
		a := e.PostForm(agent, "/petitions/new", bad)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad draft: %d", a.Status)
		}
		servertest.Contains(t, "bad draft", a.Body, "النص طويل جداً (الحد الأقصى 200 حرف)", "هذا الحقل إلزامي", "لا تمس الثوابت", "برمجة اعتمادات النقل المدرسي")
		a = e.PostForm(agent, "/petitions/new", draftForm("حافلات النقل المدرسي"))
		if a.Status != http.StatusSeeOther {
			t.Fatalf("draft: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		page := a.Location
		// A draft is its agent's alone.
		if a := e.Get(visitor, page); a.Status != http.StatusNotFound {
			t.Errorf("a visitor sees the draft: %d", a.Status)
		}
		if a := e.Get(e.SignIn(auth.Citizen), page); a.Status != http.StatusNotFound {
			t.Errorf("another citizen sees the draft: %d", a.Status)
		}
		if a := e.PostForm(e.SignIn(auth.Citizen), page+"/publish", nil); a.Status != http.StatusNotFound {
			t.Errorf("another citizen publishes the draft: %d", a.Status)
		}
		if a := e.Get(visitor, "/petitions"); strings.Contains(a.Body, "حافلات النقل المدرسي") {
			t.Error("the list shows a draft")
		}
		if a := e.Get(visitor, "/search?q=حافلات"); strings.Contains(a.Body, page) {
			t.Error("search finds a draft")
		}
		a = e.Get(agent, page)
		servertest.Contains(t, "draft page", a.Body, "مسودة", page+"/publish")
		if a := e.PostForm(agent, page+"/publish", nil); a.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d", a.Status)
		}
		a = e.Get(visitor, page)
		if a.Status != http.StatusOK {
			t.Fatalf("published page: %d", a.Status)
		}
		servertest.Contains(t, "published page", mainOf(a.Body), "جمع التوقيعات جارٍ", "القانون التنظيمي رقم 111.14، المواد 119–122",
			"لا توقيعات / 300 توقيع", "ينقص 300 توقيع", "إقليم تطوان", "ينقص 15 توقيعاً", "D-W-777/2026", `name="cin"`, "المسار")
		if a := e.Get(visitor, "/search?q=حافلات"); !strings.Contains(a.Body, `href="`+page+`"`) {
			t.Errorf("search does not find the published petition\n%s", servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "sitemap", e.Get(visitor, "/sitemap.xml").Body, page+"</loc>", page+"/dossier</loc>")
		a = e.Get(visitor, "/petitions?lang=fr")
		servertest.Contains(t, "list in French", a.Body, "حافلات النقل المدرسي", "Collecte en cours", "0 signature / 300 signatures", `href="/petitions" aria-current="page"`)
	})
}

func TestSignAndConfirm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة الماء الصالح للشرب")
		page := "/petitions/" + strconv.FormatInt(id, 10)
		v := e.Visitor(servertest.BrowserUA)

		// Bad input: a message per field; the CIN is not sent back.
		bad := e.signForm("", "ABC12", "not-an-address", 0)
		bad.Set("division", "999999")
		bad.Del("consent")
		bad.Set("basis", "tourist")
		a := e.PostForm(v, page+"/sign", bad)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad signature: %d", a.Status)
		}
		servertest.Contains(t, "bad signature", a.Body, "هذا الحقل إلزامي", "رقم البطاقة الوطنية غير صحيح", "يرجى اختيار العمالة",
			"يرجى اختيار صفة التوقيع", "عنوان البريد الإلكتروني غير صحيح", "يجب قبول إشعار", "not-an-address")
		servertest.Lacks(t, "bad signature", a.Body, "ABC12")

		a = e.PostForm(v, page+"/sign", e.signForm("فاطمة الزهراء", "k 123456", "fatima@example.org", 1))
		if a.Status != http.StatusSeeOther || a.Location != page+"?signed=pending" {
			t.Fatalf("sign: %d %s\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "after signing", e.Get(v, a.Location).Body, "لا يُحتسب التوقيع إلا بعد تأكيده")
		link := e.lastLinkTo("fatima@example.org")
		// Opening the link (as a mail scanner does) confirms nothing.
		for range 2 {
			if a := e.Get(v, link); a.Status != http.StatusOK || !strings.Contains(a.Body, "تأكيد التوقيع") {
				t.Fatalf("link page: %d", a.Status)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM petition_signatures WHERE status = 'confirmed'`); n != 0 {
			t.Fatalf("a GET confirmed: %d", n)
		}
		if a := e.press(v, link); a.Status != http.StatusOK || !strings.Contains(a.Body, "تم تأكيد التوقيع") {
			t.Fatalf("confirm: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		if a := e.Get(v, link); a.Status != http.StatusBadRequest {
			t.Errorf("a used link: %d", a.Status)
		}
		a = e.Get(v, page)
		servertest.Contains(t, "page after a signature", mainOf(a.Body), "توقيع واحد / 300 توقيع", "توقيع إلكتروني واحد", "ينقص 299 توقيعاً")

		// The same CIN again, written otherwise, from another address: a
		// clear refusal that says nothing of the first signature.
		a = e.PostForm(e.Visitor(servertest.BrowserUA), page+"/sign", e.signForm("شخص آخر", "K123456", "other@example.org", 2))
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("second signature: %d", a.Status)
		}
		servertest.Contains(t, "second signature", a.Body, "سبق استعمال رقم البطاقة الوطنية هذا")
		servertest.Lacks(t, "second signature", a.Body, "فاطمة", "fatima@", "K123456", "إقليم تطوان</option>\n    <option value=\""+strconv.FormatInt(e.divisions[1].ID, 10)+"\" selected")
		if n := len(e.mails()); n != 2 { // the link to confirm, then the one to withdraw
			t.Errorf("%d mails: the refusal sent one", n)
		}

		// The API and the feed give the counts per division.
		a = e.Get(v, "/api/v1/petitions")
		var list struct {
			Data []struct {
				ID        int64  `json:"id"`
				State     string `json:"state"`
				Required  int    `json:"required"`
				Counts    struct{ Online, Total, Missing int }
				Divisions []struct {
					Code           string
					Total, Missing int
				}
				LegalReference struct{ Law string } `json:"legal_reference"`
			}
		}
		if err := json.Unmarshal([]byte(a.Body), &list); err != nil || len(list.Data) != 1 {
			t.Fatalf("api: %v %s", err, a.Body)
		}
		p := list.Data[0]
		if p.ID != id || p.State != "collecting" || p.Required != 300 || p.Counts.Total != 1 || p.Counts.Missing != 299 ||
			len(p.Divisions) != 3 || p.Divisions[1].Code != "tetouan" || p.Divisions[1].Total != 1 || p.Divisions[1].Missing != 14 ||
			p.LegalReference.Law != "111.14" {
			t.Errorf("api: %+v", p)
		}
		a = e.Get(v, "/feeds/petitions.atom?lang=fr")
		var feed struct {
			Entries []struct {
				Title   string `xml:"title"`
				Summary string `xml:"summary"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(a.Body), &feed); err != nil || len(feed.Entries) != 1 || feed.Entries[0].Summary != "Collecte en cours — 1 signature / 300 signatures" {
			t.Errorf("feed: %v %+v", err, feed)
		}
		if a.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Errorf("feed type %q", a.Header.Get("Content-Type"))
		}
	})
}

func TestSignRateLimit(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	id := e.published("حد المحاولات")
	page := "/petitions/" + strconv.FormatInt(id, 10)
	v := e.Visitor(servertest.BrowserUA)
	limited := 0
	for i := range 12 {
		a := e.PostForm(v, page+"/sign", e.signForm("x", "AB"+strconv.Itoa(1000+i), "p"+strconv.Itoa(i)+"@example.org", 0))
		if a.Status == http.StatusUnprocessableEntity && strings.Contains(a.Body, "محاولات كثيرة") {
			limited++
		}
	}
	if limited != 2 {
		t.Errorf("%d of 12 attempts limited, want 2 (10 a minute)", limited)
	}
	_ = url.Values{}
}

// TestWithdraw: the email that says a signature counts holds a link to
// withdraw it; its page only shows a button; the button deletes the
// signature and its count, and the number may sign again. Once the
// petition is filed, the link says it is too late.
func TestWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة السحب")
		page := "/petitions/" + strconv.FormatInt(id, 10)
		e.signAndConfirm(id, "Nadia", "QW123456", "nadia@example.org", 0)
		e.signAndConfirm(id, "Karim", "QW654321", "karim@example.org", 1)
		v := e.Visitor(servertest.BrowserUA)
		link := e.lastLink("nadia@example.org", "/petitions/signatures/withdraw")
		if a := e.Get(v, link); a.Status != http.StatusOK || !strings.Contains(a.Body, "سحب التوقيع") {
			t.Fatalf("withdraw page: %d", a.Status)
		}
		if n := e.Count(`SELECT COUNT(*) FROM petition_signatures`); n != 2 {
			t.Fatalf("a GET withdrew: %d left", n)
		}
		if a := e.press(v, link); a.Status != http.StatusOK || !strings.Contains(a.Body, "تم سحب التوقيع") {
			t.Fatalf("withdraw: %d", a.Status)
		}
		if n := e.Count(`SELECT COUNT(*) FROM petition_signatures WHERE email = 'nadia@example.org'`); n != 0 {
			t.Errorf("the withdrawn signature is kept")
		}
		servertest.Contains(t, "page", mainOf(e.Get(v, page).Body), "توقيع واحد / 300 توقيع")
		if a := e.Get(v, link); a.Status != http.StatusBadRequest {
			t.Errorf("a used withdrawal link: %d", a.Status)
		}
		e.signAndConfirm(id, "Nadia", "QW123456", "nadia@example.org", 0) // signs again
		if a := e.PostForm(e.SignIn(auth.Editor), "/admin/petitions/"+strconv.FormatInt(id, 10)+"/file", url.Values{"receipt_number": {"R-5"}}); a.Status != http.StatusSeeOther {
			t.Fatalf("file: %d", a.Status)
		}
		late := e.lastLink("karim@example.org", "/petitions/signatures/withdraw")
		if a := e.Get(v, late); a.Status != http.StatusConflict || !strings.Contains(a.Body, "لم يعد السحب ممكناً") {
			t.Errorf("after the filing: %d", a.Status)
		}
		if a := e.PostForm(v, "/petitions/signatures/withdraw", url.Values{"token": {strings.TrimPrefix(late, "/petitions/signatures/withdraw?token=")}}); a.Status != http.StatusConflict {
			t.Errorf("withdrawn after the filing: %d", a.Status)
		}
		servertest.Contains(t, "filed page", mainOf(e.Get(v, page).Body), "توقيعان / 300 توقيع")
	})
}

// TestDossier: the printable dossier names only the signers who opted in,
// with their division, counts the others, and never shows a CIN or an
// address.
func TestDossier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة الملف")
		page := "/petitions/" + strconv.FormatInt(id, 10)
		v := e.Visitor(servertest.BrowserUA)
		named := e.signForm("Named Person", "ND111111", "named@example.org", 1)
		named.Set("public_name", "1")
		if a := e.PostForm(v, page+"/sign", named); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		e.press(v, e.lastLinkTo("named@example.org"))
		e.signAndConfirm(id, "Hidden Person", "ND222222", "hidden@example.org", 0)
		a := e.Get(v, page+"/dossier")
		if a.Status != http.StatusOK {
			t.Fatal(a.Status)
		}
		servertest.Contains(t, "dossier", mainOf(a.Body), "Named Person", "إقليم تطوان", "وموقع واحد آخر لم يطلب نشر اسمه.", "توقيعان / 300 توقيع")
		servertest.Lacks(t, "dossier", a.Body, "Hidden Person", "ND111111", "ND222222", "named@", "hidden@")
	})
}
