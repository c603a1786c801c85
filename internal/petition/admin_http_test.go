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
		servertest.Contains(t, "decided page", mainOf(a.Body), "بت فيها المجلس", "وصل رقم", "TTA-2026-007", "تدخل في صلاحيات المجلس",
			"لجنة الميزانية", "6 يوليوز 2026", "صادق المجلس بالإجماع", "مودعة لدى المجلس", "مدرجة في جدول الأعمال")
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

// TestSettings: an administrator sets the level, the rule, the CNDP number
// and the divisions; a bad line is refused with its number and nothing
// changes; new petitions follow the new rule, and the signing notice shows
// the CNDP number. An editor may not change them.
func TestSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if a := e.Get(e.SignIn(auth.Editor), "/admin/petitions/settings"); a.Status != http.StatusForbidden {
			t.Errorf("an editor: %d", a.Status)
		}
		admin := e.SignIn(auth.Admin)
		a := e.Get(admin, "/admin/petitions/settings")
		servertest.Contains(t, "form", a.Body, "D-W-777/2026", "tetouan | إقليم تطوان | Province de Tétouan |  | 300000")
		form := url.Values{"level": {"commune"}, "population": {"120000"}, "rule_kind": {"custom"}, "rule_required": {"200"},
			"rule_share_percent": {"10"}, "rule_electoral_roll": {"1"}, "collection_days": {"45"}, "cndp_number": {"A-GC-55/2026"},
			"divisions": {"tetouan | إقليم تطوان | Province de Tétouan | Tetouan | 300000\nmartil | مرتيل | Martil | Martil | notanumber"}}
		a = e.PostForm(admin, "/admin/petitions/settings", form)
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "السطر 2 غير صحيح") {
			t.Fatalf("bad line: %d", a.Status)
		}
		form.Set("divisions", "tetouan | إقليم تطوان | Province de Tétouan | Tetouan | 300000\nmartil | مرتيل | Martil | Martil | 64000")
		if a := e.PostForm(admin, "/admin/petitions/settings", form); a.Status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		id := e.published("عريضة جماعية")
		a = e.Get(e.Visitor(servertest.BrowserUA), "/petitions/"+strconv.FormatInt(id, 10))
		servertest.Contains(t, "page under the new rule", mainOf(a.Body), "القانون التنظيمي رقم 113.14، المواد 121–125", "لا توقيعات / 200 توقيع",
			"A-GC-55/2026", `name="electoral_roll"`, "مرتيل", "ينقص 20 توقيعاً")
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE summary = 'Petition settings'`); n != 1 {
			t.Errorf("%d ledger entries", n)
		}
	})
}

// TestVerifierExport: an administrator exports the confirmed signatures
// with their CINs in the clear; the export is a ledger entry that holds no
// number; an editor may not export.
func TestVerifierExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة التحقق")
		e.signAndConfirm(id, "Verified Signer", "vx 445566", "verified@example.org", 2)
		e.PostForm(e.Visitor(servertest.BrowserUA), "/petitions/"+strconv.FormatInt(id, 10)+"/sign", e.signForm("Pending", "VX999999", "p@example.org", 0))
		path := "/admin/petitions/" + strconv.FormatInt(id, 10) + "/export"
		if a := e.PostForm(e.SignIn(auth.Editor), path, nil); a.Status != http.StatusForbidden {
			t.Errorf("an editor exports: %d", a.Status)
		}
		admin := e.SignIn(auth.Admin)
		servertest.Contains(t, "admin page", e.Get(admin, "/admin/petitions/"+strconv.FormatInt(id, 10)).Body, `action="`+path+`"`)
		a := e.PostForm(admin, path, nil)
		if a.Status != http.StatusOK || a.Header.Get("Content-Type") != "text/csv; charset=utf-8" || a.Header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("export: %d %v", a.Status, a.Header)
		}
		servertest.Contains(t, "export", a.Body, "full_name,cin,division_code", "Verified Signer,VX445566,al-hoceima,resident,0,online,")
		servertest.Lacks(t, "export", a.Body, "VX999999", "verified@example.org")
		var after string
		if err := d.R().QueryRowContext(t.Context(), `SELECT after_data FROM audit_entries WHERE summary LIKE '%exported for verification'`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != `{"exported_signatures":1}` {
			t.Errorf("ledger %s", after)
		}
		servertest.Lacks(t, "ledger download", e.Get(e.Visitor(servertest.BrowserUA), "/audit/download").Body, "VX445566", "Verified Signer")
	})
}
