package opendata_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/opendata"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The demo's clock: its plans, consultations, news and events are all
// there by then.
var testNow = time.Date(2023, time.March, 1, 12, 0, 0, 0, time.UTC)

func demoEnv(t *testing.T, d *db.DB) *servertest.Env {
	t.Helper()
	if _, err := demo.Load(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, d, testNow)
}

// downloadLink is how /data links a download.
var downloadLink = regexp.MustCompile(`<a href="([^"]+)" dir="ltr"><code>`)

// mustHave are the kinds of download the site offers, as patterns of
// addresses (found in the routes of the features): /data must link at
// least one address of each on the demo site.
var mustHave = []*regexp.Regexp{
	regexp.MustCompile(`^/plans/[^/]+/commitments\.csv$`),
	regexp.MustCompile(`^/plans/[^/]+/milestones\.csv$`),
	regexp.MustCompile(`^/consultations/\d+/report\.csv$`),
	regexp.MustCompile(`^/consultations/\d+/report\.json$`),
	regexp.MustCompile(`^/feeds/news\.atom$`),
	regexp.MustCompile(`^/feeds/tags/[^/]+\.atom$`),
	regexp.MustCompile(`^/feeds/events\.ics$`),
	regexp.MustCompile(`^/audit/download$`),
	regexp.MustCompile(`^/sitemap\.xml$`),
	regexp.MustCompile(`^/api/v1/openapi\.json$`),
	regexp.MustCompile(`^/budget/\d{4}/adopted\.csv$`),
	regexp.MustCompile(`^/budget/\d{4}/execution\.json$`),
	regexp.MustCompile(`^/feeds/petitions\.atom$`),
}

// TestDataPage: /data, in Arabic (right to left) and French, links every
// download of the demo site — each kind of export, feed and report, every
// list of the API — and every address it links answers 200.
func TestDataPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := demoEnv(t, d)
		v := e.Visitor(servertest.BrowserUA)
		ar := e.Get(v, "/data?lang=ar")
		if ar.Status != http.StatusOK {
			t.Fatalf("GET /data: %d", ar.Status)
		}
		servertest.Contains(t, "/data in Arabic", ar.Body, `<html lang="ar" dir="rtl">`, "البيانات المفتوحة", `href="/data/api"`,
			"التزامات خطة «", "CSV", "iCalendar", "Atom", "JSON Lines", `<code dir="ltr">/events/{id}.ics</code>`)
		servertest.Lacks(t, "/data in Arabic", ar.Body, "opendata.")
		sections, err := opendata.Downloads(context.Background(), d.R(), e.SiteID, testNow)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sections {
			for _, it := range s.Items {
				for _, k := range []string{s.Title, it.What} {
					if !slices.Contains(opendata.MessageKeys(), k) {
						t.Errorf("MessageKeys lacks %q", k)
					}
				}
			}
		}
		fr := e.Get(v, "/data?lang=fr")
		servertest.Contains(t, "/data in French", fr.Body, `<html lang="fr" dir="ltr">`, "Données ouvertes", "Les engagements du plan « ")

		var urls []string
		for _, m := range downloadLink.FindAllStringSubmatch(ar.Body, -1) {
			urls = append(urls, html.UnescapeString(m[1]))
		}
		for _, re := range mustHave {
			if !slices.ContainsFunc(urls, re.MatchString) {
				t.Errorf("/data links nothing like %s; links %v", re, urls)
			}
		}
		for _, p := range opendata.APIListPaths() {
			if !slices.Contains(urls, p) {
				t.Errorf("/data does not link the API list %s", p)
			}
		}
		for _, u := range urls {
			if a := e.Get(v, u); a.Status != http.StatusOK {
				t.Errorf("GET %s (linked from /data): %d", u, a.Status)
			}
		}
		// The sitemap names both pages, at the site's public URL.
		servertest.Contains(t, "sitemap.xml", e.Get(v, "/sitemap.xml").Body,
			"<loc>"+e.TS.URL+"/data</loc>", "<loc>"+e.TS.URL+"/data/api</loc>")
		// The layout's footer leads to the page, in every language.
		for _, l := range []string{"ar", "fr", "en", "zgh"} {
			servertest.Contains(t, "home in "+l, e.Get(v, "/?lang="+l).Body, `<a href="/data">`)
		}
	})
}

// TestDataPageListsEveryAPIList fails when the OpenAPI document describes a
// list (a GET under /api/v1 without a path parameter or a required query
// parameter) that /data does not offer.
func TestDataPageListsEveryAPIList(t *testing.T) {
	e := servertest.New(t, dbtest.SQLite(t), testNow)
	doc := openAPI(t, e)
	lists := opendata.APIListPaths()
	for p, item := range doc.Paths {
		get, ok := item["get"]
		if !ok || !strings.HasPrefix(p, "/api/v1/") || strings.Contains(p, "{") || p == "/api/v1/openapi.json" {
			continue
		}
		required := false
		for _, prm := range get.Parameters {
			required = required || (prm.In == "query" && prm.Required)
		}
		if !required && !slices.Contains(lists, p) {
			t.Errorf("the API list %s is not on /data", p)
		}
	}
}

// TestAPIReference: /data/api shows every path and operation of the
// OpenAPI document, each operation anchored by its operationId, with its
// parameters and their bounds; its chrome is in the visitor's language and
// says the reference is in English.
func TestAPIReference(t *testing.T) {
	e := servertest.New(t, dbtest.SQLite(t), testNow)
	v := e.Visitor(servertest.BrowserUA)
	doc := openAPI(t, e)
	ar := e.Get(v, "/data/api?lang=ar")
	if ar.Status != http.StatusOK {
		t.Fatalf("GET /data/api: %d", ar.Status)
	}
	servertest.Contains(t, "/data/api in Arabic", ar.Body, `<html lang="ar" dir="rtl">`, "مرجع واجهة البرمجة مكتوب بالإنجليزية.",
		`<div lang="en" dir="ltr">`, "<code>cursor</code> (query, string); maxLength 64", "minimum 1; maximum 100; default 20",
		`<a href="#schema-Plan">`, `<h3 id="schema-Plan">`, "Authorization: Bearer ift_…")
	fr := e.Get(v, "/data/api?lang=fr")
	servertest.Contains(t, "/data/api in French", fr.Body, `<html lang="fr" dir="ltr">`, "La référence de l’API est rédigée en anglais.", "Paramètres")
	if len(doc.Paths) < 20 {
		t.Fatalf("only %d paths in the document", len(doc.Paths))
	}
	for p, item := range doc.Paths {
		for m, op := range item {
			want := `<h3 id="` + op.OperationID + `"><code>` + strings.ToUpper(m) + " " + html.EscapeString(p) + `</code></h3>`
			if !strings.Contains(ar.Body, want) {
				t.Errorf("/data/api lacks %s", want)
			}
			if op.Summary != "" && !strings.Contains(ar.Body, html.EscapeString(op.Summary)) {
				t.Errorf("/data/api lacks the summary of %s %s: %q", m, p, op.Summary)
			}
			if !strings.Contains(ar.Body, `href="#`+op.OperationID+`"`) {
				t.Errorf("/data/api's contents do not link %s", op.OperationID)
			}
		}
	}
	// The raw document stays where it was.
	if a := e.Get(v, "/api/v1/openapi.json"); a.Status != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") {
		t.Errorf("GET /api/v1/openapi.json: %d %s", a.Status, a.Header.Get("Content-Type"))
	}
}

// TestRobots: /robots.txt keeps crawlers out of the administration and
// people's pages, lets them read the rest, and names the sitemap at the
// site's public URL, whatever the request's headers say.
func TestRobots(t *testing.T) {
	e := servertest.New(t, dbtest.SQLite(t), testNow)
	req, err := http.NewRequest(http.MethodGet, e.TS.URL+"/robots.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("Forwarded", "host=evil.example;proto=https")
	a := e.Do(e.Visitor(""), req)
	if a.Status != http.StatusOK || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /robots.txt: %d %s", a.Status, a.Header.Get("Content-Type"))
	}
	lines := strings.Split(a.Body, "\n")
	for _, want := range []string{"User-agent: *", "Disallow: /admin", "Disallow: /account", "Disallow: /login",
		"Disallow: /unsubscribe/", "Allow: /", "Sitemap: " + e.TS.URL + "/sitemap.xml"} {
		if !slices.Contains(lines, want) {
			t.Errorf("robots.txt lacks the line %q:\n%s", want, a.Body)
		}
	}
	servertest.Lacks(t, "robots.txt", a.Body, "evil.example", "Disallow: /feeds", "Disallow: /api/v1/plans", "Disallow: /data")
}

// openAPIDoc is the part of the OpenAPI document these tests read.
type openAPIDoc struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Summary     string `json:"summary"`
		Parameters  []struct {
			In       string `json:"in"`
			Required bool   `json:"required"`
			Ref      string `json:"$ref"`
		} `json:"parameters"`
	} `json:"paths"`
}

func openAPI(t *testing.T, e *servertest.Env) openAPIDoc {
	t.Helper()
	a := e.Get(e.Visitor(""), "/api/v1/openapi.json")
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(a.Body), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}
