package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

// The OpenAPI document is written by hand, so these tests hold it to the
// code: every route registered under /api/ must be documented (found by
// reading the Go source, since a ServeMux cannot list its patterns), every
// documented path must be registered and answer, and every answer must match
// its documented schema — no property more, none missing.

// TestOpenAPIDocumentsEveryRoute fails when a route pattern registered
// anywhere under internal/ is missing from the document, or when the
// document describes a path no code registers.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := parseOpenAPI(t, openAPIDoc)
	paths := doc["paths"].(map[string]any)
	routes := sourceRoutes(t, "..")

	var api []sourceRoute
	for _, r := range routes {
		if strings.HasPrefix(r.path, "/api/") {
			api = append(api, r)
		}
	}
	// The scanner must at least see the routes we know of, or it proves nothing.
	for _, want := range []string{"GET /api/v1/plans", "GET /api/v1/commitments/{id}", "GET /api/v1/sites", "GET /api/v1/openapi.json"} {
		if !slices.ContainsFunc(api, func(r sourceRoute) bool { return r.pattern == want }) {
			t.Fatalf("source scan did not find %q; found %v", want, api)
		}
	}
	for _, r := range api {
		item, ok := paths[r.path].(map[string]any)
		if !ok {
			t.Errorf("%s (registered in %s) is missing from openapi.json", r.pattern, r.pos)
			continue
		}
		method := strings.ToLower(r.method)
		if method == "" || method == "head" {
			method = "get"
		}
		if _, ok := item[method]; !ok {
			t.Errorf("%s (registered in %s): openapi.json has no %q operation for %s", r.pattern, r.pos, method, r.path)
		}
	}
	for p, item := range paths {
		for method := range item.(map[string]any) {
			if !slices.ContainsFunc(routes, func(r sourceRoute) bool {
				return r.path == p && (r.method == "" || strings.EqualFold(r.method, method))
			}) {
				t.Errorf("openapi.json documents %s %s, which no code registers", strings.ToUpper(method), p)
			}
		}
	}
}

// TestOpenAPIDocument checks the document on its own: served as JSON,
// OpenAPI 3.1, every reference resolving, every operation complete.
func TestOpenAPIDocument(t *testing.T) {
	fx := newAPIFixture(t, dbtest.SQLite(t))
	res := fx.get(t, "/api/v1/openapi.json")
	if res.status != http.StatusOK || res.mediaType() != "application/json" {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", res.status, res.header.Get("Content-Type"))
	}
	if !bytes.Equal(res.body, openAPIDoc) {
		t.Error("served document differs from the embedded one")
	}
	doc := parseOpenAPI(t, res.body)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	for _, name := range []string{"Text", "Problem", "Plan", "Commitment", "Milestone", "Update", "Evidence", "Assessment", "Organisation", "Site"} {
		if resolve(doc, "#/components/schemas/"+name) == nil {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}
	text := resolve(doc, "#/components/schemas/Text").(map[string]any)["properties"].(map[string]any)
	for _, l := range i18n.Locales {
		if _, ok := text[string(l)]; !ok {
			t.Errorf("Text has no %q property", l)
		}
	}

	// Every $ref resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && resolve(doc, ref) == nil {
				t.Errorf("%s: unresolved $ref %q", at, ref)
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "#")

	opIDs := map[string]bool{}
	for p, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			name := strings.ToUpper(method) + " " + p
			id, _ := op["operationId"].(string)
			if id == "" || opIDs[id] {
				t.Errorf("%s: missing or duplicate operationId %q", name, id)
			}
			opIDs[id] = true
			responses, _ := op["responses"].(map[string]any)
			// A write that creates answers 201 Created instead.
			if _, ok := responses["200"]; !ok && (method != "post" || responses["201"] == nil) {
				t.Errorf("%s: no 200 response (nor 201 for a POST)", name)
			}
			// Every {param} of the path is declared, in: path.
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, prm := range params {
				prm := deref(doc, prm).(map[string]any)
				if prm["in"] == "path" {
					declared[prm["name"].(string)] = true
				}
			}
			for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(p, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %q is not declared", name, m[1])
				}
				if strings.HasPrefix(p, "/api/") && responses["404"] == nil {
					t.Errorf("%s: no 404 response", name)
				}
			}
			// The API's errors are problem documents.
			if strings.HasPrefix(p, "/api/") {
				for code, r := range responses {
					if code[0] != '4' && code[0] != '5' {
						continue
					}
					content, _ := deref(doc, r).(map[string]any)["content"].(map[string]any)
					if _, ok := content["application/problem+json"]; !ok || len(content) != 1 {
						t.Errorf("%s: %s response is not application/problem+json", name, code)
					}
				}
			}
		}
	}
}

// TestOpenAPIPathsAnswer requests every documented operation on a site with
// data and checks the status, content type and body against the document;
// then the error answers, pagination, site scoping and the CSV exports. It
// runs on SQLite and on PostgreSQL.
func TestOpenAPIPathsAnswer(t *testing.T) {
	dbtest.Each(t, testPathsAnswer)
}

// requiredQuery holds sample values for operations with required query
// parameters.
var requiredQuery = map[string]string{
	"/api/v1/search": "?q=%D8%A7%D9%84%D9%85%D8%B9%D9%84%D9%88%D9%85%D8%A9", // المعلومة
}

func testPathsAnswer(t *testing.T, d *db.DB) {
	fx := newAPIFixture(t, d)
	doc := parseOpenAPI(t, openAPIDoc)
	ids := map[string]string{
		"/api/v1/plans/":                itoa64(fx.planID),
		"/api/v1/commitments/":          itoa64(fx.c1),
		"/api/v1/organisations/":        itoa64(fx.lead),
		"/api/v1/audit/":                itoa64(fx.auditID),
		"/api/v1/consultations/":        itoa64(fx.consultationID),
		"/api/v1/proposals/":            itoa64(fx.proposalID),
		"/api/v1/news/":                 itoa64(fx.newsID),
		"/api/v1/events/":               itoa64(fx.eventID),
		"/api/v1/information-requests/": itoa64(fx.infoRequestID),
		"/api/v1/petitions/":            itoa64(fx.petitionID),
		"/api/v1/budgets/":              itoa64(fx.budgetID),
		"/plans/":                       fx.planSlug,
	}
	for p, item := range doc["paths"].(map[string]any) {
		op, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok {
			continue
		}
		url := regexp.MustCompile(`\{\w+\}`).ReplaceAllStringFunc(p, func(string) string {
			for prefix, id := range ids {
				if strings.HasPrefix(p, prefix) {
					return id
				}
			}
			t.Fatalf("%s: no sample value for its path parameter", p)
			return ""
		})
		url += requiredQuery[p]
		t.Run(p, func(t *testing.T) {
			res := fx.get(t, url)
			ok := deref(doc, op["responses"].(map[string]any)["200"]).(map[string]any)
			content := ok["content"].(map[string]any)
			if res.status != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200; %s", url, res.status, res.body)
			}
			var media string
			for m := range content {
				media = m
			}
			if res.header.Get("Content-Type") != media && res.mediaType() != media {
				t.Errorf("GET %s: Content-Type %q, documented %q", url, res.header.Get("Content-Type"), media)
			}
			if res.mediaType() != "application/json" {
				return
			}
			body := res.json(t)
			fx.conforms(t, doc, content[media].(map[string]any)["schema"], body, url)
			noContactDetails(t, body, url)
			if data, ok := body.(map[string]any)["data"].([]any); ok && strings.HasPrefix(p, "/api/v1/") && len(data) == 0 {
				t.Errorf("GET %s: empty list; the fixture should fill it", url)
			}
		})
	}

	problem := func(t *testing.T, res fetched, status int) {
		t.Helper()
		if res.status != status || res.mediaType() != "application/problem+json" {
			t.Errorf("GET %s: %d %s, want %d application/problem+json", res.url, res.status, res.header.Get("Content-Type"), status)
			return
		}
		fx.conforms(t, doc, map[string]any{"$ref": "#/components/schemas/Problem"}, res.json(t), res.url)
	}
	t.Run("errors", func(t *testing.T) {
		for _, u := range []string{
			"/api/v1/plans/999999", "/api/v1/plans/abc", "/api/v1/plans/0", "/api/v1/plans/-1",
			"/api/v1/commitments/999999", "/api/v1/commitments/1.5",
			"/api/v1/organisations/999999", "/api/v1/organisations/x",
			"/api/v1/nope", "/api/v1/plans/" + itoa64(fx.planID) + "/extra",
			"/api/v1/plans/" + itoa64(fx.otherPlanID), // another site's
		} {
			problem(t, fx.get(t, u), http.StatusNotFound)
		}
		for _, u := range []string{
			"/api/v1/plans?limit=0", "/api/v1/plans?limit=101", "/api/v1/plans?limit=x",
			"/api/v1/plans?cursor=%21%21", "/api/v1/commitments?cursor=aWQ6eA",
			"/api/v1/organisations?limit=-3",
			"/api/v1/commitments?plan=abc", "/api/v1/commitments?plan=0", "/api/v1/commitments?plan=",
			"/api/v1/commitments?plan=999999",
			"/api/v1/commitments?plan=" + itoa64(fx.otherPlanID), // another site's
			"/api/v1/sites?lang=xx",
		} {
			problem(t, fx.get(t, u), http.StatusBadRequest)
		}
	})

	t.Run("pagination", func(t *testing.T) {
		var seen []float64
		next := "/api/v1/commitments?limit=2"
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
			body := fx.get(t, next).json(t).(map[string]any)
			for _, c := range body["data"].([]any) {
				seen = append(seen, c.(map[string]any)["id"].(float64))
			}
			next = ""
			if cur, ok := body["next"].(string); ok {
				next = "/api/v1/commitments?limit=2&cursor=" + cur
			}
		}
		want := []float64{float64(fx.c1), float64(fx.c2), float64(fx.c3)}
		if !slices.Equal(seen, want) {
			t.Errorf("pages gave ids %v, want %v", seen, want)
		}
		body := fx.get(t, "/api/v1/commitments?plan="+itoa64(fx.planID)+"&limit=100").json(t).(map[string]any)
		if n := len(body["data"].([]any)); n != 3 || body["next"] != nil {
			t.Errorf("?plan=: %d commitments, next %v; want 3 and null", n, body["next"])
		}
		body = fx.get(t, "/api/v1/plans").json(t).(map[string]any)
		if n := len(body["data"].([]any)); n != 1 || body["next"] != nil {
			t.Errorf("plans: %d, next %v; want 1 and null", n, body["next"])
		}
	})

	t.Run("details", func(t *testing.T) {
		p := fx.get(t, "/api/v1/plans/"+itoa64(fx.planID)).json(t).(map[string]any)["data"].(map[string]any)
		if n := len(p["co_creation_timeline"].([]any)); n != 2 {
			t.Errorf("plan timeline has %d stages, want 2", n)
		}
		if n := len(p["commitments"].([]any)); n != 3 {
			t.Errorf("plan has %d commitments, want 3", n)
		}
		if as := p["assessments"].([]any); len(as) != 1 || as[0].(map[string]any)["commitment_id"] != nil {
			t.Errorf("plan assessments = %v, want the plan-wide one only", as)
		}
		c := fx.get(t, "/api/v1/commitments/"+itoa64(fx.c1)).json(t).(map[string]any)["data"].(map[string]any)
		if c["title"].(map[string]any)["ar"] != "الولوج إلى المعلومة" {
			t.Errorf("commitment title = %v", c["title"])
		}
		ups := c["updates"].([]any)
		if len(c["milestones"].([]any)) != 1 || len(ups) != 2 || len(c["assessments"].([]any)) != 1 {
			t.Errorf("commitment: %d milestones, %d updates, %d assessments; want 1, 2, 1",
				len(c["milestones"].([]any)), len(ups), len(c["assessments"].([]any)))
		}
		evidence := 0
		for _, u := range ups {
			evidence += len(u.(map[string]any)["evidence"].([]any))
		}
		if evidence != 1 {
			t.Errorf("commitment updates carry %d evidence, want 1", evidence)
		}
		for id, want := range map[int64][3]int{fx.lead: {1, 0, 0}, fx.partner: {0, 1, 0}, fx.responsible: {0, 0, 1}} {
			o := fx.get(t, "/api/v1/organisations/"+itoa64(id)).json(t).(map[string]any)["data"].(map[string]any)
			got := [3]int{len(o["leads"].([]any)), len(o["supports"].([]any)), len(o["responsible_for_milestones"].([]any))}
			if got != want {
				t.Errorf("organisation %d leads/supports/responsible = %v, want %v", id, got, want)
			}
		}
		sites := fx.get(t, "/api/v1/sites").json(t).(map[string]any)
		if n := len(sites["data"].([]any)); n != 2 || sites["next"] != nil {
			t.Errorf("sites: %d, next %v; want 2 and null", n, sites["next"])
		}
	})

	t.Run("site scoping", func(t *testing.T) {
		body := fx.get(t, "/api/v1/plans", "Host", "other.test").json(t).(map[string]any)
		data := body["data"].([]any)
		if len(data) != 1 || data[0].(map[string]any)["id"] != float64(fx.otherPlanID) {
			t.Errorf("other site's plans = %v, want only its own", data)
		}
		problem(t, fx.get(t, "/api/v1/plans/"+itoa64(fx.planID), "Host", "other.test"), http.StatusNotFound)
		problem(t, fx.get(t, "/api/v1/commitments/"+itoa64(fx.c1), "Host", "other.test"), http.StatusNotFound)
		problem(t, fx.get(t, "/api/v1/organisations/"+itoa64(fx.lead), "Host", "other.test"), http.StatusNotFound)
		cs := fx.get(t, "/api/v1/commitments", "Host", "other.test").json(t).(map[string]any)["data"].([]any)
		if len(cs) != 1 {
			t.Errorf("other site has %d commitments, want 1", len(cs))
		}
	})

	t.Run("csv", func(t *testing.T) {
		for _, kind := range []string{"commitments", "milestones"} {
			res := fx.get(t, "/plans/"+fx.planSlug+"/"+kind+".csv")
			if res.status != http.StatusOK {
				t.Fatalf("%s.csv: status %d", kind, res.status)
			}
			if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Errorf("%s.csv: Content-Type %q", kind, ct)
			}
			if cd, want := res.header.Get("Content-Disposition"), `attachment; filename="`+fx.planSlug+`-`+kind+`.csv"`; cd != want {
				t.Errorf("%s.csv: Content-Disposition %q, want %q", kind, cd, want)
			}
			if !bytes.HasPrefix(res.body, []byte("\xEF\xBB\xBF")) || !bytes.Contains(res.body, []byte("\r\n")) {
				t.Errorf("%s.csv: no BOM or no CRLF", kind)
			}
			if !bytes.Contains(res.body, []byte("'=HYPERLINK")) && kind == "commitments" {
				t.Errorf("commitments.csv: formula not guarded:\n%s", res.body)
			}
			if !bytes.Contains(res.body, []byte("الولوج إلى المعلومة")) && kind == "commitments" {
				t.Errorf("commitments.csv: Arabic title missing:\n%s", res.body)
			}
		}
		if res := fx.get(t, "/plans/"+fx.planSlug+"/commitments.csv", "Host", "other.test"); res.status != http.StatusNotFound {
			t.Errorf("another site's plan export: status %d, want 404", res.status)
		}
	})
}

// sourceRoute is a route pattern found in the Go source.
type sourceRoute struct {
	pattern, method, path string
	pos                   token.Position
}

var routePattern = regexp.MustCompile(`^(?:(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) +)?[^/ ]*(/\S*)$`)

// sourceRoutes finds the route patterns in the non-test Go files under dir:
// every string literal "METHOD /path", and every literal "/path" given first
// to a Handle or HandleFunc call.
func sourceRoutes(t *testing.T, dir string) []sourceRoute {
	t.Helper()
	var out []sourceRoute
	fset := token.NewFileSet()
	add := func(lit *ast.BasicLit, needMethod bool) {
		if lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return
		}
		m := routePattern.FindStringSubmatch(s)
		if m == nil || (needMethod && m[1] == "") {
			return
		}
		r := sourceRoute{pattern: s, method: m[1], path: m[2], pos: fset.Position(lit.Pos())}
		if !slices.ContainsFunc(out, func(x sourceRoute) bool { return x.pattern == r.pattern }) {
			out = append(out, r)
		}
	}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if path != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Handle" || sel.Sel.Name == "HandleFunc") && len(n.Args) > 0 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok {
						add(lit, false)
					}
				}
			case *ast.BasicLit:
				add(n, true)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatalf("scan source: %v", err)
	}
	return out
}

func parseOpenAPI(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if dec.More() {
		t.Fatal("openapi.json has trailing data")
	}
	return doc
}

// resolve follows a local JSON pointer ("#/components/schemas/Plan").
func resolve(doc map[string]any, ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// deref returns v, or what its $ref points at.
func deref(doc map[string]any, v any) any {
	for {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		v = resolve(doc, ref)
	}
}

// conforms checks v against schema: the subset of JSON Schema 2020-12 the
// document uses ($ref, allOf, anyOf, type, enum, properties, required, items,
// minimum, maximum, pattern), with every object closed — a property the
// schema does not declare is an error, so the document cannot fall behind
// the structs.
func (fx *apiFixture) conforms(t *testing.T, doc map[string]any, schema, v any, at string) {
	t.Helper()
	for _, e := range checkSchema(doc, schema, v, at, true) {
		t.Error(e)
	}
}

func checkSchema(doc map[string]any, schema, v any, at string, closed bool) []string {
	s, ok := deref(doc, schema).(map[string]any)
	if !ok {
		return []string{at + ": unresolvable schema"}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if obj, ok := v.(map[string]any); ok && closed {
		if declared := declaredProperties(doc, s); declared != nil {
			for k := range obj {
				if !declared[k] {
					fail("property %q is not in the document", k)
				}
			}
		}
	}
	for _, part := range asList(s["allOf"]) {
		errs = append(errs, checkSchema(doc, part, v, at, false)...)
	}
	if anyOf := asList(s["anyOf"]); len(anyOf) > 0 {
		var all []string
		matched := false
		for _, part := range anyOf {
			e := checkSchema(doc, part, v, at, closed)
			if len(e) == 0 {
				matched = true
				break
			}
			all = append(all, e...)
		}
		if !matched {
			fail("matches no anyOf branch: %s", strings.Join(all, "; "))
		}
	}
	if typ, ok := s["type"]; ok {
		types := asList(typ)
		if len(types) == 0 {
			types = []any{typ}
		}
		if !slices.ContainsFunc(types, func(x any) bool { return jsonType(v, x.(string)) }) {
			fail("%s is not of type %v", brief(v), typ)
			return errs
		}
	}
	if enum := asList(s["enum"]); len(enum) > 0 && !slices.Contains(enum, v) {
		fail("%s is not one of %v", brief(v), enum)
	}
	if n, ok := v.(float64); ok {
		if lo, ok := s["minimum"].(float64); ok && n < lo {
			fail("%v is below the minimum %v", n, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && n > hi {
			fail("%v is above the maximum %v", n, hi)
		}
	}
	if str, ok := v.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for k, sub := range props {
			if x, ok := obj[k]; ok {
				errs = append(errs, checkSchema(doc, sub, x, at+"."+k, true)...)
			}
		}
		for _, k := range asList(s["required"]) {
			if _, ok := obj[k.(string)]; !ok {
				fail("required property %q is missing", k)
			}
		}
	}
	if arr, ok := v.([]any); ok && s["items"] != nil {
		for i, x := range arr {
			errs = append(errs, checkSchema(doc, s["items"], x, at+"["+strconv.Itoa(i)+"]", true)...)
		}
	}
	return errs
}

// declaredProperties is every property s declares, through $ref and allOf;
// nil when s declares none (not an object schema).
func declaredProperties(doc map[string]any, s map[string]any) map[string]bool {
	var out map[string]bool
	var collect func(s map[string]any)
	collect = func(s map[string]any) {
		if props, ok := s["properties"].(map[string]any); ok {
			if out == nil {
				out = map[string]bool{}
			}
			for k := range props {
				out[k] = true
			}
		}
		for _, part := range asList(s["allOf"]) {
			if p, ok := deref(doc, part).(map[string]any); ok {
				collect(p)
			}
		}
	}
	collect(s)
	return out
}

func jsonType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case "null":
		return v == nil
	}
	return false
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

// noContactDetails fails when an answer carries a key that looks like an
// e-mail address or a phone number: the API must never publish them.
func noContactDetails(t *testing.T, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			lk := strings.ToLower(k)
			if strings.Contains(lk, "email") || strings.Contains(lk, "e_mail") || strings.Contains(lk, "phone") || lk == "tel" {
				t.Errorf("%s: answer has a %q property", at, k)
			}
			noContactDetails(t, x, at+"."+k)
		}
	case []any:
		for _, x := range v {
			noContactDetails(t, x, at)
		}
	}
}

// apiFixture is a server over a fresh database holding two sites:
// the default one with a plan of three commitments (with partners, a
// milestone, updates with evidence, assessments) and another with one plan.
type apiFixture struct {
	ts                            *httptest.Server
	planID, otherPlanID           int64
	planSlug                      string
	c1, c2, c3                    int64
	lead, partner, responsible    int64
	siteID, otherSiteID, otherOrg int64
	otherCommitment               int64
	auditID                       int64 // an entry of the main site's ledger
	consultationID, proposalID    int64 // a published consultation and one of its proposals
	newsID, eventID               int64 // a published news post and an event
	infoRequestID                 int64 // a request for information to the lead organisation
	petitionID                    int64 // a published petition with a confirmed signature
	budgetID                      int64 // a published budget
}

// newAPIFixture seeds d, a fresh migrated database (see dbtest), and serves it.
func newAPIFixture(t *testing.T, d *db.DB) *apiFixture {
	t.Helper()
	ctx := context.Background()
	fx := &apiFixture{planSlug: "plan-2024-2026"}
	ar := func(a, f string) i18n.Text { return i18n.Text{i18n.AR: a, i18n.FR: f} }
	err := d.InTx(ctx, func(tx *db.Tx) error {
		main := &site.Site{Slug: "souss-massa", Name: ar("جهة سوس ماسة", "Région Souss-Massa")}
		other := &site.Site{Slug: "other", Host: "other.test", Name: ar("موقع آخر", "Autre site"), IsDemo: true}
		for _, s := range []*site.Site{main, other} {
			if err := site.Upsert(ctx, tx, s); err != nil {
				return err
			}
		}
		fx.siteID, fx.otherSiteID = main.ID, other.ID
		org := func(siteID int64, slug string, kind account.Kind, name i18n.Text) (int64, error) {
			o := &account.Organisation{SiteID: siteID, Slug: slug, Kind: kind, Name: name, Website: "https://example.org/" + slug}
			err := account.UpsertOrganisation(ctx, tx, o)
			return o.ID, err
		}
		var err error
		if fx.lead, err = org(main.ID, "conseil", account.Government, ar("مجلس الجهة", "Conseil régional")); err != nil {
			return err
		}
		if fx.partner, err = org(main.ID, "association", account.Association, ar("جمعية", "Association")); err != nil {
			return err
		}
		if fx.responsible, err = org(main.ID, "universite", account.University, ar("جامعة ابن زهر", "Université Ibn Zohr")); err != nil {
			return err
		}
		if fx.otherOrg, err = org(other.ID, "autre", account.Government, ar("مجلس", "Conseil")); err != nil {
			return err
		}
		p := &plan.Plan{SiteID: main.ID, Slug: fx.planSlug, Title: ar("خطة العمل 2024-2026", "Plan d'action 2024-2026"),
			PeriodStart: 2024, PeriodEnd: 2026, Status: plan.PlanImplementing, Stages: []plan.Stage{
				{Title: ar("مشاورات", "Consultations"), StartsOn: db.NewDate(2023, time.September, 1), EndsOn: db.NewDate(2023, time.December, 31)},
				{Title: ar("اعتماد", "Adoption"), StartsOn: db.NewDate(2024, time.January, 15)},
			}}
		if err := plan.UpsertPlan(ctx, tx, p); err != nil {
			return err
		}
		fx.planID = p.ID
		c1 := &plan.Commitment{PlanID: p.ID, Ref: "C1", Position: 1, Title: ar("الولوج إلى المعلومة", "Accès à l'information"),
			Values: []plan.Value{plan.AccessToInformation}, Themes: []string{"open_data"},
			Lead:      &plan.OrgRef{ID: fx.lead},
			Partners:  []plan.Partner{{OrgRef: plan.OrgRef{ID: fx.partner}, Sector: plan.SectorCivilSociety}},
			StartDate: db.NewDate(2024, time.January, 1), EndDate: db.NewDate(2025, time.December, 31), Status: plan.InProgress}
		c2 := &plan.Commitment{PlanID: p.ID, Ref: "C2", Position: 2, Title: ar("=HYPERLINK(\"http://x\")", "Budget participatif"), Status: plan.NotStarted}
		c3 := &plan.Commitment{PlanID: p.ID, Ref: "C3", Position: 3, Title: ar("التزام مسحوب", "Engagement retiré"), Status: plan.Withdrawn}
		for _, c := range []*plan.Commitment{c1, c2, c3} {
			if err := plan.UpsertCommitment(ctx, tx, main.ID, c); err != nil {
				return err
			}
		}
		fx.c1, fx.c2, fx.c3 = c1.ID, c2.ID, c3.ID
		m := &plan.Milestone{CommitmentID: c1.ID, Position: 1, Title: ar("إطلاق البوابة", "Lancement du portail"),
			Responsible: &plan.OrgRef{ID: fx.responsible}, StartDate: db.NewDate(2024, time.January, 1),
			EndDate: db.NewDate(2024, time.June, 30), Status: plan.InProgress, Progress: 20, Weight: 1}
		if err := plan.UpsertMilestone(ctx, tx, m); err != nil {
			return err
		}
		for _, u := range []*plan.Update{
			{CommitmentID: c1.ID, MilestoneID: &m.ID, OccurredOn: db.NewDate(2024, time.March, 1), Body: ar("تقدم", "Avancement"),
				Status: plan.InProgress, Progress: 50, Author: "Conseil régional",
				Evidence: []plan.Evidence{{Title: ar("محضر", "Procès-verbal"), URL: "https://example.org/pv.pdf", Kind: "document"}}},
			{CommitmentID: c1.ID, OccurredOn: db.NewDate(2024, time.April, 1), Body: ar("ملاحظة", "Note"), Status: plan.InProgress, Progress: 50},
		} {
			if err := plan.AddUpdate(ctx, tx, main.ID, u); err != nil {
				return err
			}
		}
		yes := true
		for _, a := range []*plan.Assessment{
			{PlanID: p.ID, Kind: plan.SelfAssessment, Assessor: ar("المجلس", "Le conseil"), AssessedOn: db.NewDate(2024, time.June, 1),
				Summary: ar("ملخص", "Résumé")},
			{PlanID: p.ID, CommitmentID: &c1.ID, Kind: plan.InceptionReview, Assessor: ar("هيئة", "Organe"), AssessedOn: db.NewDate(2024, time.February, 1),
				Verifiable: &yes, RelevantValues: []plan.Value{plan.AccessToInformation}, Potential: plan.PotentialModest,
				EvidenceURL: "https://example.org/report"},
		} {
			if err := plan.AddAssessment(ctx, tx, main.ID, a); err != nil {
				return err
			}
		}
		op := &plan.Plan{SiteID: other.ID, Slug: "autre-plan", Title: ar("خطة أخرى", "Autre plan"), PeriodStart: 2023, PeriodEnd: 2024, Status: plan.PlanClosed}
		if err := plan.UpsertPlan(ctx, tx, op); err != nil {
			return err
		}
		fx.otherPlanID = op.ID
		oc := &plan.Commitment{PlanID: op.ID, Ref: "A1", Title: ar("التزام", "Engagement"), Lead: &plan.OrgRef{ID: fx.otherOrg}}
		if err := plan.UpsertCommitment(ctx, tx, other.ID, oc); err != nil {
			return err
		}
		fx.otherCommitment = oc.ID
		// A comment on C1 by a guest, visible: its address must never show.
		if _, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, guest_name, guest_email,
			body, body_html, created_at) VALUES (?, 'commitment', ?, 'Guest', 'guest@example.org', 'Hi', '<p>Hi</p>', ?)`,
			main.ID, c1.ID, db.Timestamp{Time: tx.Now()}); err != nil {
			return err
		}
		b, a := audit.Diff(map[string]any{"status": "not_started"}, map[string]any{"status": "in_progress"})
		if err := audit.Record(ctx, tx, main.ID, audit.Change{ActorID: 1, ActorName: "Admin", Action: audit.ActionUpdate,
			Entity: "commitment", EntityID: c1.ID, Summary: "C1 started", Before: b, After: a}); err != nil {
			return err
		}
		if err := seedConsultation(ctx, tx, fx, main.ID); err != nil {
			return err
		}
		if err := seedInfoRequest(ctx, tx, fx, main.ID); err != nil {
			return err
		}
		if err := seedPetition(ctx, tx, fx, main.ID); err != nil {
			return err
		}
		if err := seedNewsAndEvent(ctx, tx, fx, main.ID); err != nil {
			return err
		}
		if err := seedForum(ctx, tx, main.ID, fx.lead); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM audit_entries WHERE site_id = ? AND seq = 1`, main.ID).Scan(&fx.auditID)
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	srv, err := New(ctx, d, Options{Now: func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	fx.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(fx.ts.Close)
	return fx
}

// fetched is an answer of the fixture's server.
type fetched struct {
	url    string
	status int
	header http.Header
	body   []byte
}

func (r fetched) mediaType() string {
	mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	return mt
}

func (r fetched) json(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("GET %s: body is not JSON: %v\n%s", r.url, err, r.body)
	}
	return v
}

// get requests path, with optional header name/value pairs ("Host" sets the
// request's host).
func (fx *apiFixture) get(t *testing.T, path string, header ...string) fetched {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fx.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := fx.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return fetched{url: path, status: res.StatusCode, header: res.Header, body: body}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// seedConsultation adds a published consultation on the plan with two
// proposals, one from a person and one on behalf of an organisation merged
// into the first commitment.
func seedConsultation(ctx context.Context, tx *db.Tx, fx *apiFixture, siteID int64) error {
	u := &account.UserRecord{SiteID: siteID, Email: "citizen@example.org", Name: "Salma", PasswordHash: "-",
		Role: auth.Citizen, Locale: i18n.AR}
	if err := account.CreateUser(ctx, tx, u); err != nil {
		return err
	}
	at := func(m time.Month, d int) db.Timestamp {
		return db.Timestamp{Time: time.Date(2024, m, d, 9, 0, 0, 0, time.UTC)}
	}
	c := &consult.Consultation{SiteID: siteID, PlanID: &fx.planID, Title: i18n.Text{i18n.AR: "استشارة", i18n.FR: "Consultation"},
		Description: i18n.Text{i18n.AR: "وصف"}, Kinds: []consult.Kind{consult.General}, OpensAt: at(time.April, 1),
		ClosesAt: at(time.June, 1), PublishedAt: at(time.March, 20),
		Documents: []consult.Document{{Title: i18n.Text{i18n.AR: "مشروع"}, URL: "https://example.org/draft.pdf"}}}
	if err := consult.CreateConsultation(ctx, tx, c); err != nil {
		return err
	}
	fx.consultationID = c.ID
	p1 := &consult.Proposal{SiteID: siteID, ConsultationID: c.ID, AuthorID: u.ID, Kind: consult.General,
		Title: "نشر المحاضر", Body: "نقترح نشر محاضر الدورات."}
	p2 := &consult.Proposal{SiteID: siteID, ConsultationID: c.ID, AuthorID: u.ID, OrganisationID: &fx.partner,
		Kind: consult.General, Title: "ميزانية الشباب", Body: "نقترح ميزانية تشاركية للشباب."}
	for _, p := range []*consult.Proposal{p1, p2} {
		if err := consult.AddProposal(ctx, tx, p); err != nil {
			return err
		}
	}
	fx.proposalID = p2.ID
	if err := consult.AddSupport(ctx, tx, p1.ID, u.ID); err != nil {
		return err
	}
	return consult.SetResponse(ctx, tx, p2.ID, &consult.Response{Outcome: consult.Merged, CommitmentID: &fx.c1,
		Reason: i18n.Text{i18n.AR: "أدمج في الالتزام C1."}, ResponderName: "Admin"})
}

// seedNewsAndEvent adds a published post about C1 and a forum organised by
// the lead organisation, with a registration whose address must never show.
func seedNewsAndEvent(ctx context.Context, tx *db.Tx, fx *apiFixture, siteID int64) error {
	post := &news.Post{SiteID: siteID, Slug: "forum", Title: i18n.Text{i18n.AR: "منتدى", i18n.FR: "Forum"}, Body: i18n.Text{i18n.AR: "نص"},
		Tags: []string{"forum"}, PublishedAt: db.Timestamp{Time: time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)}, CommentsOpen: true,
		Commitments: []news.CommitmentRef{{ID: fx.c1}}}
	if err := news.Create(ctx, tx, post); err != nil {
		return err
	}
	fx.newsID = post.ID
	ev := &event.Event{SiteID: siteID, Slug: "forum-2024", Kind: event.Forum, Title: i18n.Text{i18n.AR: "منتدى", i18n.FR: "Forum"},
		StartsAt: db.Timestamp{Time: time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)}, EndsAt: db.Timestamp{Time: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)},
		Timezone: "Africa/Casablanca", Place: i18n.Text{i18n.AR: "أكادير"}, Registration: true, Capacity: 50,
		Organisers: []event.OrgRef{{ID: fx.lead}}, Speakers: []event.Speaker{{Name: "Speaker", Role: i18n.Text{i18n.FR: "Présidente"}}}}
	if err := event.Create(ctx, tx, ev); err != nil {
		return err
	}
	fx.eventID = ev.ID
	b := &budget.Budget{SiteID: siteID, Year: 2024, Stage: budget.StageAdopted, Lines: []budget.Line{{Section: budget.Operating,
		Direction: budget.Revenue, Chapter: "10", Article: "10", Label: i18n.Text{i18n.AR: "مداخيل"}, Forecast: 100}}}
	if _, err := budget.Replace(ctx, tx, b, "budget.csv"); err != nil {
		return err
	}
	fx.budgetID = b.ID
	_, _, err := event.Register(ctx, tx, ev, 0, "Guest", "guest@example.org", "ar", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	return err
}
