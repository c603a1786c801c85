package comment_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestReplyNotifies: the author of a comment is emailed once per reply, when
// the reply is shown (at once, or when a guest confirms it or a moderator
// approves it); the replier is never told of their own reply, and a guest,
// who has no account, gets nothing but their confirmation link.
func TestReplyNotifies(t *testing.T) { dbtest.Each(t, testReplyNotifies) }

func testReplyNotifies(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	author := e.signIn(auth.Citizen)
	replier := e.signIn(auth.Citizen)
	parent := e.comment(author, "A first comment on the commitment")
	a := e.post(replier, "/comments", url.Values{"target": {e.target()}, "parent": {itoa(parent)}, "body": {"I *agree* with you"}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("reply: %d\n%s", a.status, mainPart(a.body))
	}
	ms := e.mails(author.Email)
	if len(ms) != 1 {
		t.Fatalf("the author got %d emails, want 1", len(ms))
	}
	if !strings.Contains(ms[0].Text, replier.Name) || !strings.Contains(ms[0].Text, "I agree with you") ||
		!strings.Contains(ms[0].Text, "/comments/"+itoa(parent)+"/replies#comment-") || ms[0].Headers["List-Unsubscribe"] == "" {
		t.Errorf("reply email:\n%s\n%s", ms[0].Subject, ms[0].Text)
	}
	if n := len(e.mails(replier.Email)); n != 0 {
		t.Errorf("the replier got %d emails", n)
	}
	// A top-level comment tells nobody.
	e.comment(replier, "Another comment")
	if n := len(e.mails(author.Email)); n != 1 {
		t.Errorf("after a top-level comment the author has %d emails, want 1", n)
	}

	// A guest's reply is told once confirmed.
	anon := e.anonymous()
	top := e.comment(author, "Guests welcome", "target", "guestbook:1")
	guest := "guest.replier@example.ma"
	r := e.post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "parent": {itoa(top)}, "body": {"A guest's answer"}, "name": {"Amina"}, "email": {guest}})
	if r.status != http.StatusOK {
		t.Fatalf("guest reply: %d\n%s", r.status, mainPart(r.body))
	}
	if n := len(e.mails(author.Email)); n != 1 {
		t.Fatalf("an unconfirmed reply was told (%d emails)", n)
	}
	confirm := e.mails(guest)
	if len(confirm) != 1 {
		t.Fatalf("%d mails to the guest", len(confirm))
	}
	u, _ := url.Parse(regexpLink.FindString(confirm[0].Text))
	if c := e.press(anon, u.RequestURI()); c.status != http.StatusOK {
		t.Fatalf("confirm: %d", c.status)
	}
	ms = e.mails(author.Email)
	if len(ms) != 2 || !strings.Contains(ms[1].Text, "Amina") && !strings.Contains(ms[0].Text, "Amina") {
		t.Fatalf("after the guest's confirmation the author has %d emails, want 2 naming the guest", len(ms))
	}
	// Replying to the guest tells the guest nothing.
	var guestComment int64
	must(t, d.R().QueryRowContext(context.Background(), `SELECT id FROM comments WHERE parent_id = ? AND user_id IS NULL`, top).Scan(&guestComment))
	if a := e.post(replier, "/comments", url.Values{"target": {"guestbook:1"}, "parent": {itoa(guestComment)}, "body": {"Welcome, Amina"}}); a.status != http.StatusSeeOther {
		t.Fatalf("reply to the guest: %d", a.status)
	}
	if n := len(e.mails(guest)); n != 1 {
		t.Errorf("the guest got %d emails, want only the confirmation", n)
	}

	// A guest reply approved by a moderator is told too.
	e.post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "parent": {itoa(top)}, "body": {"Approved answer"}, "name": {"Omar"}, "email": {"omar@example.ma"}})
	var pending int64
	must(t, d.R().QueryRowContext(context.Background(), `SELECT id FROM comments WHERE status = 'pending'`).Scan(&pending))
	mod := e.signIn(auth.Moderator)
	e.post(mod, "/admin/moderation/comments/"+itoa(pending), url.Values{"action": {"approve"}})
	if n := len(e.mails(author.Email)); n != 3 {
		t.Errorf("after the approval the author has %d emails, want 3", n)
	}
	if n := len(e.mails(mod.Email)) + len(e.mails(replier.Email)); n != 0 {
		t.Errorf("%d emails to the moderator and the replier", n)
	}
}
