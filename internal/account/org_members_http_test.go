package account_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestMembershipRequests follows requests to join an organisation from the
// public page to the administrator's decision and the roles that follow.
func TestMembershipRequests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		o := e.org("amal", account.Association, false)
		id := itoa(o.ID)
		page, join, members := "/organisations/"+id, "/organisations/"+id+"/join", "/admin/organisations/"+id+"/members"
		ar := func(key string) string { return message(t, i18n.AR, key) }
		admin := e.SignIn(auth.Admin)
		amina, youssef := e.SignIn(auth.Citizen), e.SignIn(auth.Citizen)

		e.get(e.Visitor(""), page).want(t, "anonymous page", 200, ar("org.join.sign_in"), "/login?next=/organisations/"+id)
		e.get(amina, page).want(t, "signed-in page", 200, `action="/organisations/`+id+`/join"`, ar("org.join.button"))

		// One request per person and organisation, whatever the clicks.
		for range 2 {
			if a := e.post(amina, join, url.Values{}); a.Status != 303 || a.Location != page+"#join" {
				t.Fatalf("join: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM memberships WHERE user_id = ?`, amina.ID); n != 1 {
			t.Fatalf("%d requests, want 1", n)
		}
		a := e.get(amina, page)
		a.want(t, "pending page", 200, ar("org.join.pending"))
		if strings.Contains(a.Body, `action="/organisations/`+id+`/join"`) {
			t.Error("a pending request still shows the join button")
		}
		e.post(amina, "/organisations/999999/join", url.Values{}).want(t, "join unknown", 404)
		e.post(amina, "/organisations/abc/join", url.Values{}).want(t, "join malformed", 404)

		// The administrator sees the request, with the private email.
		e.get(admin, "/admin/organisations?show=pending").want(t, "pending list", 200, "هيئة amal")
		e.get(admin, members).want(t, "members page", 200, amina.Name, amina.Email, ar("org.members.pending"))

		// Approving makes a citizen a member.
		decide := func(p *servertest.Person, who *servertest.Person, action string) answer {
			return e.post(p, members, url.Values{"user": {itoa(who.ID)}, "action": {action}})
		}
		if a := decide(admin, amina, "approve"); a.Status != 303 || a.Location != members+"?done=approve" {
			t.Fatalf("approve: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		if r := e.role(amina.ID); r != auth.Member {
			t.Errorf("approved citizen has role %s, want member", r)
		}
		e.get(amina, page).want(t, "member page", 200, ar("org.join.member"))
		e.get(admin, members+"?done=approve").want(t, "after approve", 200, ar("org.notice.approved"))
		e.get(admin, "/admin/users/"+itoa(amina.ID)).want(t, "user page memberships", 200, "هيئة amal", ar("org.membership.active"))

		// Rejecting: the request stays rejected, asking again changes nothing.
		e.post(youssef, join, url.Values{})
		decide(admin, youssef, "reject")
		e.post(youssef, join, url.Values{})
		e.get(youssef, page).want(t, "rejected page", 200, ar("org.join.rejected"))
		if r := e.role(youssef.ID); r != auth.Citizen {
			t.Errorf("rejected citizen has role %s", r)
		}
		decide(admin, amina, "reject").want(t, "reject an active member", 400, ar("org.members.bad_action"))
		e.post(admin, members, url.Values{"user": {"x"}, "action": {"approve"}}).want(t, "bad user", 400)
		e.post(admin, members, url.Values{"user": {itoa(admin.ID)}, "action": {"approve"}}).want(t, "no such membership", 404)
		e.post(admin, members, url.Values{"user": {itoa(amina.ID)}, "action": {"promote"}}).want(t, "bad action", 400)
		if a := decide(admin, amina, "approve"); a.Status != 303 {
			t.Errorf("approving an active member again: %d, want 303 (nothing to do)", a.Status)
		}

		// Removing a plain member from their only organisation makes them a citizen again.
		decide(admin, amina, "remove")
		if r := e.role(amina.ID); r != auth.Citizen {
			t.Errorf("removed member has role %s, want citizen", r)
		}
		if n := e.Count(`SELECT COUNT(*) FROM memberships WHERE user_id = ?`, amina.ID); n != 0 {
			t.Errorf("removed membership still there")
		}
		// An editor keeps their role when approved and removed.
		editor := e.SignIn(auth.Editor)
		e.post(editor, join, url.Values{})
		decide(admin, editor, "approve")
		decide(admin, editor, "remove")
		if r := e.role(editor.ID); r != auth.Editor {
			t.Errorf("editor became %s", r)
		}

		// The ledger has every decision and the role changes, by id, never by email.
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'membership'`); n != 5 {
			t.Errorf("%d membership entries, want 5", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'user' AND entity_id = ?`, amina.ID); n != 2 {
			t.Errorf("%d role entries for the member, want 2", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE before_data LIKE '%@%' OR after_data LIKE '%@%' OR summary LIKE '%@%'`); n != 0 {
			t.Errorf("%d audit entries hold an email", n)
		}
	})
}

// TestNoEmailOnPublicPages creates people with known emails, members and
// requests included, and fails if any public page or API answer shows one.
func TestNoEmailOnPublicPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		o := e.org("amal", account.Association, true)
		other := e.org("council", account.Government, true)
		member := e.SignIn(auth.Member, o.ID)
		editor := e.SignIn(auth.Editor, o.ID, other.ID)
		asker := e.SignIn(auth.Citizen)
		e.post(asker, "/organisations/"+itoa(o.ID)+"/join", url.Values{})
		admin := e.SignIn(auth.Admin)
		emails := []string{member.Email, editor.Email, asker.Email, admin.Email}
		paths := []string{"/organisations", "/organisations/" + itoa(o.ID), "/organisations/" + itoa(other.ID),
			"/api/v1/organisations", "/api/v1/organisations/" + itoa(o.ID), "/api/v1/organisations/" + itoa(other.ID),
			"/organisations?lang=fr", "/organisations/" + itoa(o.ID) + "?lang=en"}
		for _, viewer := range []*servertest.Person{e.Visitor(""), member} {
			for _, p := range paths {
				a := e.get(viewer, p)
				if a.Status != 200 {
					t.Fatalf("GET %s: %d", p, a.Status)
				}
				for _, email := range emails {
					if strings.Contains(a.Body, email) || strings.Contains(a.Body, strings.Split(email, "@")[0]+"@") {
						t.Errorf("GET %s shows the email %s", p, email)
					}
				}
			}
		}
		e.get(e.Visitor(""), "/organisations/"+itoa(o.ID)).want(t, "verified association", 200, "REG-amal")
	})
}
