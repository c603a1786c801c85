package server

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/search"
)

// TestOpenAPIRequestBounds walks the schema of every request body the
// document describes: every string it may hold — a property, an item, a
// value of a map — has a maxLength (or is one of an enum), and every array
// a maxItems, so no input is without a bound. Query and path parameters
// that are strings are bounded too. The bounds stated must be the ones the
// code enforces.
func TestOpenAPIRequestBounds(t *testing.T) {
	doc := parseOpenAPI(t, openAPIDoc)
	bodies := 0
	seen := map[string]bool{}
	var walk func(schema any, at string)
	walk = func(schema any, at string) {
		s, ok := schema.(map[string]any)
		if !ok {
			return
		}
		if ref, ok := s["$ref"].(string); ok {
			if seen[ref] {
				return
			}
			seen[ref] = true
			walk(resolve(doc, ref), at+"→"+strings.TrimPrefix(ref, "#/components/schemas/"))
			delete(seen, ref)
			return
		}
		for _, key := range []string{"anyOf", "oneOf", "allOf"} {
			for i, sub := range asList(s[key]) {
				walk(sub, at+"/"+key+"/"+strconv.Itoa(i))
			}
		}
		types := asList(s["type"])
		if typ, ok := s["type"].(string); ok {
			types = []any{typ}
		}
		if slices.Contains(types, any("string")) && s["enum"] == nil && s["maxLength"] == nil {
			t.Errorf("%s: a string without maxLength", at)
		}
		if slices.Contains(types, any("array")) {
			if s["maxItems"] == nil {
				t.Errorf("%s: an array without maxItems", at)
			}
			walk(s["items"], at+"/items")
		}
		for name, p := range asMap(s["properties"]) {
			walk(p, at+"."+name)
		}
		if extra, ok := s["additionalProperties"].(map[string]any); ok {
			walk(extra, at+".*")
		}
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			name := strings.ToUpper(method) + " " + path
			for _, prm := range asList(op["parameters"]) {
				prm := deref(doc, prm).(map[string]any)
				if prm["in"] == "query" || prm["in"] == "path" {
					walk(prm["schema"], name+" ?"+prm["name"].(string))
				}
			}
			body, ok := deref(doc, op["requestBody"]).(map[string]any)
			if !ok {
				continue
			}
			for mt, c := range asMap(body["content"]) {
				bodies++
				walk(asMap(c)["schema"], name+" ("+mt+")")
			}
		}
	}
	if bodies < 4 {
		t.Fatalf("found %d request bodies; the walk proves nothing", bodies)
	}

	// The bounds the document states are the code's.
	for _, tc := range []struct {
		ref, key string
		want     int
	}{
		{"#/components/schemas/TitleInput/properties/ar", "maxLength", plan.MaxTitleLen},
		{"#/components/schemas/TextInput/properties/fr", "maxLength", plan.MaxTextLen},
		{"#/components/schemas/NameInput/properties/en", "maxLength", plan.MaxNameLen},
		{"#/components/schemas/CommitmentInput/properties/ref", "maxLength", plan.MaxRefLen},
		{"#/components/schemas/CommitmentInput/properties/ogp_values", "maxItems", plan.MaxValues},
		{"#/components/schemas/CommitmentInput/properties/themes", "maxItems", plan.MaxThemes},
		{"#/components/schemas/CommitmentInput/properties/partners", "maxItems", plan.MaxPartners},
		{"#/components/schemas/UpdateInput/properties/text/additionalProperties", "maxLength", plan.MaxTextLen},
		{"#/components/schemas/UpdateInput/properties/evidence", "maxItems", plan.MaxEvidence},
		{"#/components/schemas/EvidenceInput/properties/title/additionalProperties", "maxLength", plan.MaxTitleLen},
		{"#/components/schemas/EvidenceInput/properties/url", "maxLength", plan.MaxURLLen},
		{"#/components/schemas/ProposalInput/properties/title", "maxLength", consult.MaxTitle},
		{"#/components/schemas/ProposalInput/properties/body", "maxLength", consult.MaxBody},
		{"#/components/schemas/CommentInput/properties/body", "maxLength", comment.MaxBodyLen},
		{"#/components/parameters/cursor/schema", "maxLength", web.MaxCursorLen},
	} {
		s, _ := resolve(doc, tc.ref).(map[string]any)
		if got, _ := s[tc.key].(float64); int(got) != tc.want {
			t.Errorf("%s %s = %v, want %d", tc.ref, tc.key, s[tc.key], tc.want)
		}
	}
	for _, prm := range asList(resolve(doc, "#/paths/~1api~1v1~1search/get/parameters")) {
		if p := deref(doc, prm).(map[string]any); p["name"] == "q" {
			if got, _ := asMap(p["schema"])["maxLength"].(float64); int(got) != search.MaxQueryRunes {
				t.Errorf("search ?q= maxLength = %v, want %d", got, search.MaxQueryRunes)
			}
		}
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
