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
