package event_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// The clock of the test servers: 1 May 2026, 10:00 UTC (11:00 in Casablanca; outside Ramadan, when Morocco is at UTC+0).
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server over a fresh database on a real socket.
type env struct {
	t       *testing.T
	d       *db.DB
	ts      *httptest.Server
	siteID  int64
	dataDir string
	council int64 // organisations of the site
	assoc   int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return testNow }, DataDir: dir})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil || len(sites) == 0 {
		t.Fatalf("sites: %v %v", sites, err)
	}
	e := &env{t: t, d: d, ts: ts, siteID: sites[0].ID, dataDir: dir}
	for _, o := range []struct {
		slug string
		id   *int64
	}{{"council", &e.council}, {"impact", &e.assoc}} {
		org := &account.Organisation{SiteID: e.siteID, Slug: o.slug, Kind: account.Government, Name: i18n.Text{i18n.AR: "هيئة " + o.slug, i18n.FR: "Organisme " + o.slug}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return account.UpsertOrganisation(ctx, tx, org) }); err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	return e
}

// person is a client: signed in or not, not following redirects, with a
// browser's User-Agent unless set otherwise.
type person struct {
	*auth.User
	c  *http.Client
	ua string
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

const browserUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

func (e *env) signIn(role auth.Role) *person {
	e.t.Helper()
	u, pw := accounttest.NewUser(e.t, e.d, e.siteID, role)
	c := accounttest.Login(e.t, e.ts.URL, u.Email, pw)
	return &person{User: u, c: &http.Client{Jar: c.Jar, CheckRedirect: noFollow}, ua: browserUA}
}

func (e *env) visitor(ua string) *person {
	return &person{c: &http.Client{CheckRedirect: noFollow}, ua: ua}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(p *person, req *http.Request) answer {
	e.t.Helper()
	req.Header.Set("User-Agent", p.ua)
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

// post sends form as multipart, with files as field -> (name, content).
func (e *env) post(p *person, path string, form url.Values, files map[string][2]string) answer {
	e.t.Helper()
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
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(p, req)
}

// pngImage is a small valid PNG.
func pngImage() string {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.String()
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
