package consult_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// env is a whole server over a fresh database on a real socket, with a
// draft plan, a commitment and a verified association on its site, and a
// clock the test moves.
type env struct {
	t   *testing.T
	d   *db.DB
	ts  *httptest.Server
	srv *server.Server
	dir string // the data directory: mail is written under dir/mail
	fixture

	mu  sync.Mutex
	now time.Time
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, dir: t.TempDir(), now: time.Date(2024, time.June, 15, 10, 0, 0, 0, time.UTC)}
	srv, err := server.New(ctx, d, server.Options{Now: e.clock, DataDir: e.dir})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e.fixture = newFixture(t, d, sites[0].ID)
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

// person is a signed-in user whose client keeps the session and does not
// follow redirects.
type person struct {
	*auth.User
	c *http.Client
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (e *env) signIn(role auth.Role, orgIDs ...int64) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role, orgIDs...)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

func (e *env) anonymous() *person { return &person{c: &http.Client{CheckRedirect: noFollow}} }

type answer struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (e *env) do(p *person, req *http.Request) answer {
	e.t.Helper()
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: string(b), location: res.Header.Get("Location")}
}

func (e *env) get(p *person, path string) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(p, req)
}

func (e *env) post(p *person, path string, form url.Values) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(p, req)
}

// redirectID checks that a is a 303 to prefix<id>[?…] and returns the id.
func (e *env) redirectID(a answer, prefix string) int64 {
	e.t.Helper()
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, prefix) {
		e.t.Fatalf("want 303 to %s…, got %d %q\n%s", prefix, a.status, a.location, excerpt(a.body))
	}
	rest, _, _ := strings.Cut(strings.TrimPrefix(a.location, prefix), "?")
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		e.t.Fatalf("location %q: %v", a.location, err)
	}
	return id
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

func (e *env) want(what string, a answer, status int, contains ...string) {
	e.t.Helper()
	if a.status != status {
		e.t.Errorf("%s: status %d, want %d\n%s", what, a.status, status, excerpt(a.body))
		return
	}
	for _, s := range contains {
		if !strings.Contains(a.body, s) {
			e.t.Errorf("%s: body lacks %q\n%s", what, s, excerpt(a.body))
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
func (e *env) openConsultation(admin *person, form url.Values) int64 {
	e.t.Helper()
	id := e.redirectID(e.post(admin, "/admin/consultations/new", form), "/admin/consultations/")
	e.redirectID(e.post(admin, "/admin/consultations/"+strconv.FormatInt(id, 10)+"/publish", nil), "/admin/consultations/")
	return id
}

func proposalForm(title, body string) url.Values {
	return url.Values{"kind": {"general"}, "title": {title}, "body": {body}}
}
