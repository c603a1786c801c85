package comment_test

import (
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestClosedThreadWording: a thread closed to new comments says so and, when
// empty, says there are none, never inviting a first comment; an open empty
// thread does invite one.
func TestClosedThreadWording(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	for _, p := range []*person{e.anonymous(), e.signIn(auth.Citizen)} {
		for lang, want := range map[string][2]string{
			"fr": {"Les commentaires sont fermés.", "Aucun commentaire."},
			"ar": {"التعليقات مغلقة.", "لا توجد تعليقات."},
		} {
			a := e.get(p, "/threads/closed/1?lang="+lang)
			if a.status != 200 {
				t.Fatalf("GET the closed thread: %d", a.status)
			}
			for _, w := range want {
				if !strings.Contains(a.body, w) {
					t.Errorf("%s: the closed thread lacks %q", lang, w)
				}
			}
			for _, bad := range []string{"premier à commenter", "أول من يعلّق", `action="/comments"`} {
				if strings.Contains(a.body, bad) {
					t.Errorf("%s: the closed thread has %q", lang, bad)
				}
			}
		}
	}
	if a := e.get(e.anonymous(), "/threads/guestbook/1?lang=fr"); !strings.Contains(a.body, "Soyez le premier à commenter.") {
		t.Errorf("an open empty thread does not invite a first comment: %d", a.status)
	}
}
