package forum_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// The clock of the test servers: 1 May 2026, 10:00 UTC.
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server over a fresh database on a real socket.
type env struct {
	t       *testing.T
	d       *db.DB
	ts      *httptest.Server
	siteID  int64
	council int64
	assoc   int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return testNow }, DataDir: t.TempDir(), Log: testLog(t)})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e := &env{t: t, d: d, ts: ts, siteID: sites[0].ID}
	for _, o := range []struct {
		slug string
		kind account.Kind
		id   *int64
	}{{"council", account.Government, &e.council}, {"impact", account.Association, &e.assoc}} {
		org := &account.Organisation{SiteID: e.siteID, Slug: o.slug, Kind: o.kind, Name: i18n.Text{i18n.AR: "هيئة " + o.slug, i18n.FR: "Organisme " + o.slug}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return account.UpsertOrganisation(ctx, tx, org) }); err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	return e
}

type person struct {
	*auth.User
	c *http.Client
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (e *env) signIn(role auth.Role) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}}
}

func (e *env) visitor() *person { return &person{c: &http.Client{CheckRedirect: noFollow}} }

type answer struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(p *person, req *http.Request) answer {
	e.t.Helper()
	res, err := p.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (e *env) get(p *person, path string) answer {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(p, req)
}

// post sends form URL-encoded, or as multipart when files (field -> name,
// content) are given.
func (e *env) post(p *person, path string, form url.Values, files map[string][2]string) answer {
	e.t.Helper()
	var body io.Reader
	ct := "application/x-www-form-urlencoded"
	if files == nil {
		body = strings.NewReader(form.Encode())
	} else {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range form {
			for _, v := range vs {
				_ = mw.WriteField(k, v)
			}
		}
		for field, f := range files {
			w, _ := mw.CreateFormFile(field, f[0])
			_, _ = w.Write([]byte(f[1]))
		}
		_ = mw.Close()
		body, ct = &buf, mw.FormDataContentType()
	}
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return e.do(p, req)
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func lacks(t *testing.T, what, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("%s has %q", what, b)
		}
	}
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// testLog writes the server's errors to the test's log.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
