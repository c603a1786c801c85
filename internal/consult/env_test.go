package consult_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/server/servertest"
)

// env is a whole server over a fresh database on a real socket, with a
// draft plan, a commitment and a verified association on its site, and a
// clock the test moves. Mail is written under DataDir/mail.
type env struct {
	*servertest.Env
	fixture

	mu  sync.Mutex
	now time.Time
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := &env{now: time.Date(2024, time.June, 15, 10, 0, 0, 0, time.UTC)}
	e.Env = servertest.New(t, d, e.now, func(o *server.Options) { o.Now = e.clock })
	e.UA = "" // Go's default User-Agent, as these tests have always sent
	e.fixture = newFixture(t, d, e.SiteID)
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) setClock(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = t
}

// redirectID checks that a is a 303 to prefix<id>[?…] and returns the id.
func (e *env) redirectID(a servertest.Answer, prefix string) int64 {
	e.T.Helper()
	if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location, prefix) {
		e.T.Fatalf("want 303 to %s…, got %d %q\n%s", prefix, a.Status, a.Location, servertest.Excerpt(a.Body))
	}
	rest, _, _ := strings.Cut(strings.TrimPrefix(a.Location, prefix), "?")
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		e.T.Fatalf("location %q: %v", a.Location, err)
	}
	return id
}

func (e *env) want(what string, a servertest.Answer, status int, contains ...string) {
	e.T.Helper()
	if a.Status != status {
		e.T.Errorf("%s: status %d, want %d\n%s", what, a.Status, status, servertest.Excerpt(a.Body))
		return
	}
	for _, s := range contains {
		if !strings.Contains(a.Body, s) {
			e.T.Errorf("%s: body lacks %q\n%s", what, s, servertest.Excerpt(a.Body))
		}
	}
}

// consultationForm is a valid form for a consultation on the draft plan,
// open through June 2024 (Casablanca time).
func (e *env) consultationForm() url.Values {
	return url.Values{
		"subject":        {"plan:" + strconv.FormatInt(e.planID, 10)},
		"title_ar":       {"استشارة حول مشروع خطة العمل"},
		"title_fr":       {"Consultation sur le projet de plan d’action"},
		"description_ar": {"شاركوا باقتراحاتكم حول مشروع الخطة."},
		"kinds":          {"new_commitment", "general"},
		"opens_at":       {"2024-06-01T09:00"},
		"closes_at":      {"2024-06-30T18:00"},
		"doc_title_ar.0": {"مشروع الخطة"},
		"doc_url.0":      {"https://example.org/draft.pdf"},
	}
}

// openConsultation creates and publishes a consultation as admin and returns its id.
func (e *env) openConsultation(admin *servertest.Person, form url.Values) int64 {
	e.T.Helper()
	id := e.redirectID(e.PostForm(admin, "/admin/consultations/new", form), "/admin/consultations/")
	e.redirectID(e.PostForm(admin, "/admin/consultations/"+strconv.FormatInt(id, 10)+"/publish", nil), "/admin/consultations/")
	return id
}

func proposalForm(title, body string) url.Values {
	return url.Values{"kind": {"general"}, "title": {title}, "body": {body}}
}
