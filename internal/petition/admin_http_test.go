package petition_test

import (
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

// TestBureau: an editor records the filing, the decision, the agenda and the
// deliberation; each is public on the petition's page and timeline and a
// ledger entry; a citizen may do none of it.
func TestBureau(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة الإنارة العمومية")
		admin := "/admin/petitions/" + strconv.FormatInt(id, 10)
		page := "/petitions/" + strconv.FormatInt(id, 10)
		if a := e.PostForm(e.SignIn(auth.Citizen), admin+"/file", url.Values{"receipt_number": {"R-1"}}); a.Status != http.StatusForbidden {
			t.Errorf("a citizen files: %d", a.Status)
		}
		ed := e.SignIn(auth.Editor)
		if a := e.PostForm(ed, admin+"/file", url.Values{"receipt_number": {""}}); a.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(a.Body, "هذا الحقل إلزامي") {
			t.Errorf("no receipt: %d", a.Status)
		}
		if a := e.PostForm(ed, admin+"/judge", url.Values{"outcome": {"admissible"}, "decision": {"x"}}); a.Status != http.StatusConflict {
			t.Errorf("judged before filing: %d", a.Status)
		}
		for _, step := range []struct {
			path string
			form url.Values
		}{
			{"/file", url.Values{"receipt_number": {"TTA-2026-007"}}},
			{"/judge", url.Values{"outcome": {"admissible"}, "decision": {"تدخل في صلاحيات المجلس"}}},
			{"/schedule", url.Values{"session_date": {"2026-07-06"}, "committee": {"لجنة الميزانية"}}},
			{"/deliberate", url.Values{"deliberation": {"صادق المجلس بالإجماع"}}},
		} {
			if a := e.PostForm(ed, admin+step.path, step.form); a.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", step.path, a.Status, servertest.Excerpt(a.Body))
			}
		}
		a := e.Get(e.Visitor(servertest.BrowserUA), page)
		servertest.Contains(t, "decided page", mainOf(a.Body), "بت فيها المجلس", "وصل رقم TTA-2026-007", "تدخل في صلاحيات المجلس",
			"لجنة الميزانية", "صادق المجلس بالإجماع", "مودعة لدى المجلس", "مدرجة في جدول الأعمال")
		servertest.Lacks(t, "decided page", a.Body, `name="cin"`)
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'petition' AND entity_id = ?`, id); n != 4 {
			t.Errorf("%d ledger entries, want 4", n)
		}
	})
}

// TestLateDecision: a petition filed more than two months ago without a
// decision is flagged late on its page, the list and the API.
func TestLateDecision(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	id := e.published("عريضة متأخرة")
	err := e.DB.InTx(t.Context(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(t.Context(), `UPDATE petitions SET state = 'filed', filed_at = ?, receipt_number = 'R-9' WHERE id = ?`,
			db.Timestamp{Time: testNow.AddDate(0, -2, -2)}, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	v := e.Visitor(servertest.BrowserUA)
	servertest.Contains(t, "page", e.Get(v, "/petitions/"+strconv.FormatInt(id, 10)).Body, "تأخر مكتب المجلس في البت")
	servertest.Contains(t, "list", e.Get(v, "/petitions").Body, "تأخر مكتب المجلس في البت")
	servertest.Contains(t, "api", e.Get(v, "/api/v1/petitions").Body, `"decision_late":true`)
}

// TestPaperSignatures: an official enters paper signatures as CSV; a bad
// line stores nothing and names the line; a CIN that signed online is
// skipped; paper counts apart, per division; the ledger holds counts only.
func TestPaperSignatures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة التوقيعات الورقية")
		admin := "/admin/petitions/" + strconv.FormatInt(id, 10)
		e.signAndConfirm(id, "Online Signer", "PA111111", "online@example.org", 0)
		ed := e.SignIn(auth.Editor)
		bad := "full_name,cin,division_code,basis\nAmina,PB222222,tetouan,resident\nOmar,12345,tetouan,resident\n"
		a := e.Post(ed, admin+"/paper", url.Values{"csv": {bad}}, nil)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "السطر 3: رقم البطاقة الوطنية غير صحيح") {
			t.Fatalf("bad line: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		servertest.Lacks(t, "bad entry", a.Body, "PB222222")
		if n := e.Count(`SELECT COUNT(*) FROM petition_signatures WHERE source = 'paper'`); n != 0 {
			t.Fatalf("a bad entry stored %d", n)
		}
		good := "Amina,PB222222,tetouan,resident\nOmar,pa 111111,al-hoceima,activity\nSara,PC333333,tetouan,resident\n"
		a = e.Post(ed, admin+"/paper", nil, map[string][2]string{"file": {"paper.csv", "\ufeff" + good}})
		if a.Status != http.StatusSeeOther {
			t.Fatalf("paper: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "after the entry", e.Get(ed, a.Location).Body, "أُضيف توقيعان ورقيان.", "تُجوز توقيع واحد سبق تسجيله.")
		page := e.Get(e.Visitor(servertest.BrowserUA), "/petitions/"+strconv.FormatInt(id, 10))
		servertest.Contains(t, "public page", mainOf(page.Body), "3 توقيعات / 300 توقيع", "توقيعان ورقيان", "توقيع إلكتروني واحد")
		var ledger string
		if err := d.R().QueryRowContext(t.Context(), `SELECT after_data FROM audit_entries WHERE entity = 'petition' AND entity_id = ?`, id).Scan(&ledger); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ledger, `"paper_added":2`) || strings.Contains(ledger, "PB222222") {
			t.Errorf("ledger %s", ledger)
		}
		if a := e.Post(e.SignIn(auth.Citizen), admin+"/paper", url.Values{"csv": {good}}, nil); a.Status != http.StatusForbidden {
			t.Errorf("a citizen enters paper signatures: %d", a.Status)
		}
	})
}
