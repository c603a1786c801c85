package server_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// demoServer serves the demo site from d over a real socket.
func demoServer(t *testing.T, d *db.DB) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatalf("demo: %v", err)
	}
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, ts *httptest.Server, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.StatusCode == http.StatusOK && res.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("GET %s: gzip: %v", path, err)
		}
		r = gz
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: read: %v", path, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// firstID returns the id of the first item of an API list.
func firstID(t *testing.T, ts *httptest.Server, path string) int64 {
	t.Helper()
	r := get(t, ts, path)
	var list struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Data) == 0 {
		t.Fatalf("GET %s: %d %v %q", path, r.status, err, r.body[:min(len(r.body), 200)])
	}
	return list.Data[0].ID
}

func TestRoutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoServer(t, d)
		cid := firstID(t, ts, "/api/v1/commitments")
		oid := firstID(t, ts, "/api/v1/organisations")
		commitment := "/commitments/" + itoa(cid)
		org := "/organisations/" + itoa(oid)

		tests := []struct {
			name     string
			path     string
			header   []string
			status   int
			contains []string
			absent   []string
			ctype    string
		}{
			{name: "home ar", path: "/", status: 200, ctype: "text/html",
				contains: []string{`<html lang="ar" dir="rtl">`, "خطة العمل الجهوية", "آخر المستجدات", "بيانات تجريبية"}},
			{name: "home fr", path: "/?lang=fr", status: 200,
				contains: []string{`<html lang="fr" dir="ltr">`, "Plan d’action régional", "Dernières avancées"}},
			{name: "home en by Accept-Language", path: "/", header: []string{"Accept-Language", "en-GB,en;q=0.9"}, status: 200,
				contains: []string{`<html lang="en" dir="ltr">`}},
			{name: "home zgh", path: "/?lang=zgh", status: 200, contains: []string{`<html lang="zgh" dir="ltr">`, "ⴰⵙⵏⵓⴱⴳ"}},
			{name: "cookie remembers", path: "/plans", header: []string{"Cookie", "lang=fr"}, status: 200, contains: []string{`lang="fr"`, "Plans d’action"}},
			{name: "bad language", path: "/?lang=xx", status: 400, contains: []string{"اللغة المطلوبة غير متوفرة"}},
			{name: "plans ar", path: "/plans", status: 200, contains: []string{"خطط العمل", "/plans/plan-2021-2023"}},
			{name: "plans fr", path: "/plans?lang=fr", status: 200, contains: []string{"Plans d’action"}},
			{name: "plan ar", path: "/plans/plan-2021-2023", status: 200,
				contains: []string{"TTA-01", "TTA-05", "<progress", "الالتزامات", "statusbar", "/commitments.csv"}},
			{name: "plan fr", path: "/plans/plan-2021-2023?lang=fr", status: 200, contains: []string{"Engagements", "Calendrier de co-création"}},
			{name: "plan filter status", path: "/plans/plan-2021-2023?status=withdrawn&lang=fr", status: 200, contains: []string{"affichés sur"}},
			{name: "plan filter combined", path: "/plans/plan-2021-2023?value=civic_participation&status=in_progress", status: 200, contains: []string{`value="civic_participation" selected`, `value="in_progress" selected`}},
			{name: "plan bad status", path: "/plans/plan-2021-2023?status=bogus", status: 400, contains: []string{"status"}},
			{name: "plan bad value", path: "/plans/plan-2021-2023?value=x&lang=fr", status: 400, contains: []string{"Requête invalide"}},
			{name: "plan bad theme", path: "/plans/plan-2021-2023?theme=nope", status: 400},
			{name: "plan bad lead", path: "/plans/plan-2021-2023?lead=nope", status: 400},
			{name: "plan unknown", path: "/plans/nope", status: 404, contains: []string{"الصفحة غير موجودة"}},
			{name: "plan unknown fr", path: "/plans/nope?lang=fr", status: 404, contains: []string{`lang="fr"`}},
			{name: "commitment ar", path: commitment, status: 200,
				contains: []string{"الإشكالية المطروحة", "أسباب الإشكالية", "الوضعية الراهنة", "الهدف", "وصف الحل", "المراحل", "سجل التقدم", "الشركاء", "جهة الاتصال"}},
			{name: "commitment fr", path: commitment + "?lang=fr", status: 200, contains: []string{"Problème à résoudre", "Jalons", "Historique de l’avancement"}},
			{name: "commitment unknown", path: "/commitments/999999", status: 404},
			{name: "commitment malformed", path: "/commitments/abc", status: 404},
			{name: "organisations", path: "/organisations", status: 200, contains: []string{"الهيئات والشركاء"}},
			{name: "organisation", path: org, status: 200},
			{name: "organisation fr", path: org + "?lang=fr", status: 200, contains: []string{`lang="fr"`}},
			{name: "organisation unknown", path: "/organisations/0", status: 404},
			{name: "unknown page", path: "/no/such/page", status: 404, contains: []string{"الصفحة غير موجودة"}},
			{name: "healthz", path: "/healthz", status: 200, contains: []string{"ok"}},
			{name: "readyz", path: "/readyz", status: 200, contains: []string{"ready"}},
			{name: "api plans", path: "/api/v1/plans", status: 200, ctype: "application/json", contains: []string{`"data"`, `"next"`, `"ar":`}},
			{name: "api commitment", path: "/api/v1/commitments/" + itoa(cid), status: 200, ctype: "application/json", contains: []string{`"milestones"`}},
			{name: "api bad cursor", path: "/api/v1/commitments?cursor=zzz", status: 400, ctype: "application/problem+json", contains: []string{`"status":400`}},
			{name: "api malformed query", path: "/api/v1/commitments?cursor=%%%", status: 400, ctype: "application/problem+json"},
			{name: "api bad limit", path: "/api/v1/commitments?limit=1000", status: 400, ctype: "application/problem+json"},
			{name: "api unknown", path: "/api/v1/commitments/999999", status: 404, ctype: "application/problem+json", contains: []string{`"status":404`}},
			{name: "api no route", path: "/api/v1/nothing", status: 404, ctype: "application/problem+json"},
			{name: "api problem fr", path: "/api/v1/commitments/999999?lang=fr", status: 404, contains: []string{"Page introuvable"}},
			{name: "csv commitments", path: "/plans/plan-2021-2023/commitments.csv", status: 200, ctype: "text/csv", contains: []string{"\ufeff", "TTA-01"}},
			{name: "csv milestones", path: "/plans/plan-2021-2023/milestones.csv", status: 200, ctype: "text/csv"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := get(t, ts, tt.path, tt.header...)
				if r.status != tt.status {
					t.Fatalf("GET %s = %d, want %d\n%s", tt.path, r.status, tt.status, snippet(r.body))
				}
				if tt.ctype != "" && !strings.HasPrefix(r.header.Get("Content-Type"), tt.ctype) {
					t.Errorf("Content-Type = %q, want %q", r.header.Get("Content-Type"), tt.ctype)
				}
				for _, s := range tt.contains {
					if !strings.Contains(r.body, s) {
						t.Errorf("GET %s: body lacks %q\n%s", tt.path, s, snippet(r.body))
					}
				}
				for _, s := range tt.absent {
					if strings.Contains(r.body, s) {
						t.Errorf("GET %s: body has %q", tt.path, s)
					}
				}
				if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
					checkPage(t, tt.path, r)
				}
			})
		}
	})
}

// checkPage holds for every HTML page: security headers, no resource from
// another origin, no inline script or style, no untranslated key.
func checkPage(t *testing.T, path string, r response) {
	t.Helper()
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: CSP %q", path, csp)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
		t.Errorf("%s: missing security headers", path)
	}
	for _, bad := range []string{`src="http`, `src="//`, `<script>`, ` style="`, `<style`, `rel="stylesheet" href="http`} {
		if strings.Contains(r.body, bad) {
			t.Errorf("%s: page contains %q", path, bad)
		}
	}
	// An untranslated key shows as itself, e.g. "status.delayed".
	for _, prefix := range []string{"status.", "value.", "theme.", "sector.", "org_kind.", "assessment.", "plan.", "commitment.", "common.", "nav.", "error.", "home.", "filter."} {
		if i := strings.Index(r.body, ">"+prefix); i >= 0 {
			t.Errorf("%s: untranslated key near %q", path, r.body[i:min(len(r.body), i+40)])
		}
	}
}

func TestHTTPBehaviour(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoServer(t, d)
		t.Run("conditional GET", func(t *testing.T) {
			for _, path := range []string{"/plans/plan-2021-2023", "/api/v1/plans"} {
				r := get(t, ts, path)
				etag := r.header.Get("ETag")
				if etag == "" {
					t.Fatalf("%s: no ETag", path)
				}
				again := get(t, ts, path, "If-None-Match", etag)
				if again.status != http.StatusNotModified || again.body != "" {
					t.Errorf("%s: If-None-Match gave %d with %d bytes", path, again.status, len(again.body))
				}
			}
		})
		t.Run("gzip", func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.URL+"/plans/plan-2021-2023", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("Content-Encoding = %q", res.Header.Get("Content-Encoding"))
			}
		})
		t.Run("plan page weight", func(t *testing.T) {
			r := get(t, ts, "/plans/plan-2021-2023")
			if n := len(r.body); n > 60*1024 {
				t.Errorf("plan page is %d bytes, budget 60 KB", n)
			}
		})
		t.Run("static assets are hashed and cached", func(t *testing.T) {
			page := get(t, ts, "/")
			i := strings.Index(page.body, `href="/static/app.`)
			if i < 0 {
				t.Fatal("no hashed stylesheet link")
			}
			href := page.body[i+6:]
			href = href[:strings.IndexByte(href, '"')]
			css := get(t, ts, href)
			if css.status != 200 || !strings.Contains(css.header.Get("Cache-Control"), "immutable") {
				t.Errorf("%s: %d %q", href, css.status, css.header.Get("Cache-Control"))
			}
			if get(t, ts, "/static/app.css").status != 404 {
				t.Error("unhashed asset name must not be served")
			}
		})
		t.Run("metrics by route", func(t *testing.T) {
			get(t, ts, "/plans/plan-2021-2023")
			m := get(t, ts, "/metrics")
			for _, want := range []string{`infitah_http_requests_total{method="GET",route="GET /plans/{slug}",status="200"}`, "infitah_db_open_connections"} {
				if !strings.Contains(m.body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})
		t.Run("request id", func(t *testing.T) {
			r := get(t, ts, "/", "X-Request-Id", "abc-123")
			if r.header.Get("X-Request-Id") != "abc-123" {
				t.Errorf("X-Request-Id = %q", r.header.Get("X-Request-Id"))
			}
		})
		t.Run("cross-origin post refused", func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/plans", strings.NewReader("x=1"))
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site POST = %d, want 403", res.StatusCode)
			}
		})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func snippet(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
