package event_test

import (
	"strconv"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// TestClosedCommentsWording: an event whose thread no longer takes comments
// says that comments are closed and never invites a first comment; one still
// open does.
func TestClosedCommentsWording(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	past := e.eventForm("held-long-ago", 0)
	past.Set("starts_at", "2020-11-20T10:00")
	past.Set("ends_at", "2020-11-20T13:00")
	past.Set("deadline", "")
	closed := "/events/" + strconv.FormatInt(e.addEvent(ed, past), 10)
	open := "/events/" + strconv.FormatInt(e.addEvent(ed, e.eventForm("to-come", 0)), 10)
	visitor := e.Visitor(servertest.BrowserUA)

	fr := e.Get(visitor, closed+"?lang=fr").Body
	servertest.Contains(t, "closed thread (fr)", fr, "Les commentaires sont fermés.", "Aucun commentaire.")
	servertest.Lacks(t, "closed thread (fr)", fr, "premier à commenter", "Connectez-vous pour commenter")
	ar := e.Get(visitor, closed+"?lang=ar").Body
	servertest.Contains(t, "closed thread (ar)", ar, "التعليقات مغلقة.", "لا توجد تعليقات.")
	servertest.Lacks(t, "closed thread (ar)", ar, "أول من يعلّق")
	citizen := e.SignIn(auth.Citizen)
	servertest.Lacks(t, "closed thread, signed in", e.Get(citizen, closed+"?lang=fr").Body, "premier à commenter", `action="/comments"`)

	servertest.Contains(t, "open thread (fr)", e.Get(visitor, open+"?lang=fr").Body, "Soyez le premier à commenter.")
	servertest.Contains(t, "open thread (ar)", e.Get(visitor, open+"?lang=ar").Body, "كونوا أول من يعلّق.")
}
