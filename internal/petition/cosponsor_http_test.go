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

// TestCommittee: the agent invites co-sponsors; an invitation's link shows
// a button; once accepted, the name is public and the address never is;
// another citizen cannot invite; after the filing nobody can be invited.
func TestCommittee(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		agent := e.SignIn(auth.Citizen)
		a := e.PostForm(agent, "/petitions/new", draftForm("عريضة اللجنة"))
		page := a.Location
		if a := e.PostForm(agent, page+"/cosponsors", url.Values{"cosponsor_name": {""}, "cosponsor_email": {"bad"}}); a.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(a.Body, "يرجى إدخال اسم") || !strings.Contains(a.Body, "عنوان البريد الإلكتروني غير صحيح") {
			t.Errorf("bad invitation: %d", a.Status)
		}
		for _, c := range [][2]string{{"Hassan Cosponsor", "hassan@example.org"}, {"Leila Cosponsor", "leila@example.org"}} {
			if a := e.PostForm(agent, page+"/cosponsors", url.Values{"cosponsor_name": {c[0]}, "cosponsor_email": {c[1]}}); a.Status != http.StatusSeeOther {
				t.Fatalf("invite: %d\n%s", a.Status, servertest.Excerpt(a.Body))
			}
		}
		if a := e.PostForm(e.SignIn(auth.Citizen), page+"/cosponsors", url.Values{"cosponsor_name": {"X"}, "cosponsor_email": {"x@example.org"}}); a.Status != http.StatusNotFound {
			t.Errorf("another citizen invites to a draft: %d", a.Status)
		}
		servertest.Contains(t, "agent's page", e.Get(agent, page).Body, "hassan@example.org", "في انتظار القبول")
		v := e.Visitor(servertest.BrowserUA)
		link := e.lastLink("hassan@example.org", "/petitions/cosponsors/accept")
		if a := e.press(v, link); a.Status != http.StatusOK || !strings.Contains(a.Body, "انضممتم إلى اللجنة") {
			t.Fatalf("accept: %d", a.Status)
		}
		if a := e.Get(v, link); a.Status != http.StatusBadRequest {
			t.Errorf("a used link: %d", a.Status)
		}
		if a := e.PostForm(agent, page+"/publish", nil); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		a = e.Get(v, page)
		servertest.Contains(t, "public page", mainOf(a.Body), "لجنة تقديم العريضة", "Hassan Cosponsor")
		servertest.Lacks(t, "public page", a.Body, "hassan@example.org", "Leila Cosponsor", "leila@")
		id, _ := strconv.ParseInt(strings.TrimPrefix(page, "/petitions/"), 10, 64)
		if a := e.PostForm(e.SignIn(auth.Editor), "/admin/petitions/"+strconv.FormatInt(id, 10)+"/file", url.Values{"receipt_number": {"R-1"}}); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		if a := e.PostForm(agent, page+"/cosponsors", url.Values{"cosponsor_name": {"Late"}, "cosponsor_email": {"late@example.org"}}); a.Status != http.StatusUnprocessableEntity {
			t.Errorf("invited after the filing: %d", a.Status)
		}
		if a := e.press(v, e.lastLink("leila@example.org", "/petitions/cosponsors/accept")); a.Status != http.StatusBadRequest {
			t.Errorf("accepted after the filing: %d", a.Status)
		}
	})
}

// TestProgressEmails: each step of the bureau is emailed to the agent, the
// accepted co-sponsors and the signers who asked; a signer's link stops
// them; signers who did not ask get nothing.
func TestProgressEmails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		agent := e.SignIn(auth.Citizen)
		page := e.PostForm(agent, "/petitions/new", draftForm("عريضة المستجدات")).Location
		e.PostForm(agent, page+"/cosponsors", url.Values{"cosponsor_name": {"Co"}, "cosponsor_email": {"co@example.org"}})
		v := e.Visitor(servertest.BrowserUA)
		e.press(v, e.lastLink("co@example.org", "/petitions/cosponsors/accept"))
		e.PostForm(agent, page+"/publish", nil)
		id, _ := strconv.ParseInt(strings.TrimPrefix(page, "/petitions/"), 10, 64)
		follow := e.signForm("Follower", "FL123456", "follower@example.org", 0)
		follow.Set("follow", "1")
		if a := e.PostForm(v, page+"/sign", follow); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		e.press(v, e.lastLinkTo("follower@example.org"))
		e.signAndConfirm(id, "Quiet", "QT123456", "quiet@example.org", 1)

		count := func(addr string) int {
			n := 0
			for _, m := range e.mails() {
				if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, "مستجدات العريضة") {
					n++
				}
			}
			return n
		}
		ed := e.SignIn(auth.Editor)
		admin := "/admin/petitions/" + strconv.FormatInt(id, 10)
		if a := e.PostForm(ed, admin+"/file", url.Values{"receipt_number": {"R-77"}}); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		for addr, want := range map[string]int{agent.Email: 1, "co@example.org": 1, "follower@example.org": 1, "quiet@example.org": 0} {
			if got := count(addr); got != want {
				t.Errorf("%s: %d progress emails, want %d", addr, got, want)
			}
		}
		if a := e.press(v, e.lastLink("follower@example.org", "/petitions/signatures/unfollow")); a.Status != http.StatusOK {
			t.Fatalf("unfollow: %d", a.Status)
		}
		if a := e.PostForm(ed, admin+"/judge", url.Values{"outcome": {"inadmissible"}, "decision": {"لا تدخل في صلاحيات الجهة"}}); a.Status != http.StatusSeeOther {
			t.Fatal(a.Status)
		}
		if got := count("follower@example.org"); got != 1 {
			t.Errorf("after unfollowing: %d progress emails", got)
		}
		if got := count(agent.Email); got != 2 {
			t.Errorf("agent: %d progress emails", got)
		}
	})
}
