package consult_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server/servertest"
)

// deliver composes due notifications and sends every due email.
func (e *env) deliver() {
	e.T.Helper()
	if _, err := e.Server.DrainMail(context.Background()); err != nil {
		e.T.Fatal(err)
	}
}

// mails returns the emails sent so far to addr.
func (e *env) mails(addr string) []mail.Message {
	e.T.Helper()
	files, err := mail.Files(filepath.Join(e.DataDir, "mail"))
	if err != nil {
		e.T.Fatal(err)
	}
	var out []mail.Message
	for _, f := range files {
		m, err := mail.ReadFile(f)
		if err != nil {
			e.T.Fatal(err)
		}
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

var commentRE = regexp.MustCompile(`#comment-(\d+)$`)

// comment posts on the proposal's thread as p and returns the comment's id.
func (e *env) comment(p *servertest.Person, proposal int64, form url.Values) string {
	e.T.Helper()
	form.Set("target", fmt.Sprintf("proposal:%d", proposal))
	a := e.PostForm(p, "/comments", form)
	m := commentRE.FindStringSubmatch(a.Location)
	if a.Status != http.StatusSeeOther || m == nil {
		e.T.Fatalf("comment: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
	}
	return m[1]
}

// TestProposalComments: a proposal's page shows its thread, where people
// comment with a stance while the consultation is open; the consultation and
// the proposal can be followed; the thread closes with the consultation.
func TestProposalComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.SignIn(auth.Admin)
		id := e.openConsultation(admin, e.consultationForm())
		cpath := fmt.Sprintf("/consultations/%d", id)
		author := e.SignIn(auth.Citizen)
		p := e.redirectID(e.PostForm(author, cpath+"/proposals", proposalForm("نشر محاضر الدورات", "نقترح نشر محاضر دورات المجلس في أجل شهر على الأكثر.")), "/proposals/")
		ppath := fmt.Sprintf("/proposals/%d", p)

		e.want("consultation follow button", e.Get(e.Visitor(""), cpath+"?lang=en"), http.StatusOK,
			`action="/follow"`, fmt.Sprintf(`value="consultation:%d"`, id), "Sign in to follow")
		e.want("proposal page", e.Get(e.Visitor(""), ppath+"?lang=en"), http.StatusOK,
			`id="comments"`, "No comments yet", fmt.Sprintf(`value="proposal:%d"`, p), "Sign in to comment")

		citizen := e.SignIn(auth.Citizen)
		// A top-level comment on a proposal takes a stance.
		e.want("no stance", e.PostForm(citizen, "/comments?lang=en", url.Values{"target": {fmt.Sprintf("proposal:%d", p)}, "body": {"رأيي في المقترح"}}),
			http.StatusUnprocessableEntity, "رأيي في المقترح")
		cid := e.comment(citizen, p, url.Values{"body": {"مقترح مهم، أؤيده بشدة."}, "stance": {"favour"}})
		e.want("thread on the page", e.Get(e.Visitor(""), ppath+"?lang=en"), http.StatusOK,
			"مقترح مهم، أؤيده بشدة.", `id="comment-`+cid+`"`, "In favour", citizen.Name, "1 comment")
		e.want("own thread page", e.Get(e.Visitor(""), fmt.Sprintf("/threads/proposal/%d", p)), http.StatusOK, "مقترح مهم")

		// Following the proposal from its page.
		a := e.PostForm(citizen, "/follow", url.Values{"target": {fmt.Sprintf("proposal:%d", p)}, "next": {ppath}})
		if a.Status != http.StatusSeeOther || a.Location != ppath {
			t.Fatalf("follow: %d %q", a.Status, a.Location)
		}
		e.want("following", e.Get(citizen, ppath), http.StatusOK, `action="/unfollow"`)
		a = e.PostForm(citizen, "/follow", url.Values{"target": {fmt.Sprintf("consultation:%d", id)}, "next": {cpath}})
		if a.Status != http.StatusSeeOther || a.Location != cpath {
			t.Fatalf("follow the consultation: %d %q", a.Status, a.Location)
		}

		// A draft's proposals have no public thread and cannot be followed.
		draft := e.redirectID(e.PostForm(admin, "/admin/consultations/new", e.consultationForm()), "/admin/consultations/")
		var dp int64
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `INSERT INTO proposals (site_id, consultation_id, author_id, kind, title, body, status, created_at)
				VALUES (?, ?, ?, 'general', 'مقترح في مسودة', 'نص مقترح في استشارة لم تنشر بعد.', 'submitted', ?) RETURNING id`,
				e.siteID, draft, author.ID, db.Timestamp{Time: e.clock()}).Scan(&dp)
		})
		if err != nil {
			t.Fatal(err)
		}
		e.want("draft thread", e.Get(e.Visitor(""), fmt.Sprintf("/threads/proposal/%d", dp)), http.StatusNotFound)
		e.want("comment on a draft", e.PostForm(citizen, "/comments", url.Values{"target": {fmt.Sprintf("proposal:%d", dp)}, "body": {"تعليق"}, "stance": {"neutral"}}), http.StatusNotFound)
		e.want("follow a draft", e.PostForm(citizen, "/follow", url.Values{"target": {fmt.Sprintf("proposal:%d", dp)}, "next": {"/"}}), http.StatusNotFound)
		if pg := e.Get(admin, fmt.Sprintf("/proposals/%d", dp)); pg.Status != http.StatusOK || strings.Contains(pg.Body, `id="comments"`) || strings.Contains(pg.Body, `action="/follow"`) {
			t.Errorf("a manager's view of a draft's proposal: %d, thread or follow button shown", pg.Status)
		}

		// After the closing date the thread stays, closed.
		e.setClock(time.Date(2024, time.July, 2, 10, 0, 0, 0, time.UTC))
		e.want("closed thread", e.Get(citizen, ppath+"?lang=en"), http.StatusOK, "مقترح مهم", "Comments are closed")
		e.want("comment after closing", e.PostForm(citizen, "/comments", url.Values{"target": {fmt.Sprintf("proposal:%d", p)}, "body": {"متأخر"}, "stance": {"neutral"}}),
			http.StatusForbidden)
	})
}

// TestResponseAndReplyNotify: the author of a proposal, who follows
// nothing, gets one email when the response is given and can stop them with
// its link; a follower of the consultation is told too; a person whose
// comment gets a reply is told, the replier is not.
func TestResponseAndReplyNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.SignIn(auth.Admin)
		id := e.openConsultation(admin, e.consultationForm())
		cpath := fmt.Sprintf("/consultations/%d", id)
		author := e.SignIn(auth.Citizen)
		title := "نشر محاضر الدورات"
		p := e.redirectID(e.PostForm(author, cpath+"/proposals", proposalForm(title, "نقترح نشر محاضر دورات المجلس في أجل شهر على الأكثر.")), "/proposals/")
		follower := e.SignIn(auth.Citizen)
		if a := e.PostForm(follower, "/follow", url.Values{"target": {fmt.Sprintf("consultation:%d", id)}, "next": {cpath}}); a.Status != http.StatusSeeOther {
			t.Fatalf("follow: %d", a.Status)
		}

		// A reply: its parent's author is told, the replier is not.
		commenter := e.SignIn(auth.Citizen)
		replier := e.SignIn(auth.Citizen)
		parent := e.comment(commenter, p, url.Values{"body": {"أؤيد هذا المقترح."}, "stance": {"favour"}})
		reply := e.comment(replier, p, url.Values{"body": {"وأنا **أيضاً** أؤيده."}, "parent": {parent}})
		e.deliver()
		ms := e.mails(commenter.Email)
		if len(ms) != 1 {
			t.Fatalf("the commenter got %d emails, want 1", len(ms))
		}
		if !strings.Contains(ms[0].Subject, title) || !strings.Contains(ms[0].Text, replier.Name) || !strings.Contains(ms[0].Text, "وأنا أيضاً أؤيده.") ||
			!strings.Contains(ms[0].Text, "/comments/"+parent+"/replies#comment-"+reply) {
			t.Errorf("reply email:\n%s\n%s", ms[0].Subject, ms[0].Text)
		}
		if n := len(e.mails(replier.Email)); n != 0 {
			t.Errorf("the replier got %d emails", n)
		}
		if n := len(e.mails(author.Email)) + len(e.mails(follower.Email)); n != 0 {
			t.Errorf("%d emails to people who follow neither the proposal nor the comment", n)
		}

		// The response.
		rpath := fmt.Sprintf("/admin/proposals/%d/response", p)
		e.redirectID(e.PostForm(admin, rpath, url.Values{"outcome": {"accepted"}, "reason_ar": {"سننشر المحاضر داخل أجل شهر."},
			"reason_fr": {"Nous publierons les procès-verbaux sous un mois."}}), "/admin/consultations/")
		e.deliver()
		ms = e.mails(author.Email)
		if len(ms) != 1 {
			t.Fatalf("the author got %d emails, want 1", len(ms))
		}
		m := ms[0]
		link := fmt.Sprintf("/proposals/%d#response", p)
		for _, want := range []string{title, admin.Name, "مقبول", "سننشر المحاضر داخل أجل شهر.", link} {
			if !strings.Contains(m.Subject+m.Text, want) {
				t.Errorf("response email lacks %q:\n%s\n%s", want, m.Subject, m.Text)
			}
		}
		if n := len(e.mails(follower.Email)); n != 1 {
			t.Errorf("the consultation's follower got %d emails, want 1", n)
		}
		if n := len(e.mails(admin.Email)); n != 0 {
			t.Errorf("the responder got %d emails", n)
		}
		if n := len(e.mails(commenter.Email)); n != 1 {
			t.Errorf("the commenter got %d emails, want still 1", n)
		}

		// The one-click link works without a session…
		lu := strings.Trim(m.Headers["List-Unsubscribe"], "<>")
		if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.Contains(m.Text, lu) {
			t.Fatalf("unsubscribe header %q not in the text:\n%s", lu, m.Text)
		}
		u, err := url.Parse(lu)
		if err != nil {
			t.Fatal(err)
		}
		if a := e.PostForm(e.Visitor(""), u.Path, url.Values{"List-Unsubscribe": {"One-Click"}}); a.Status != http.StatusOK {
			t.Fatalf("unsubscribe: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		// …so a changed response reaches the follower, not the author.
		e.redirectID(e.PostForm(admin, rpath, url.Values{"outcome": {"partly_accepted"}, "reason_ar": {"سننشر المحاضر دون الملاحق."}}), "/admin/consultations/")
		e.deliver()
		if n := len(e.mails(author.Email)); n != 1 {
			t.Errorf("after unsubscribing the author got %d emails, want still 1", n)
		}
		if n := len(e.mails(follower.Email)); n != 2 {
			t.Errorf("the follower got %d emails, want 2", n)
		}
	})
}
