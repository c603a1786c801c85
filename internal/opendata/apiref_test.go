package opendata

import (
	"slices"
	"testing"
)

// TestParseAPIRef reads a small document: references to parameters,
// schemas and answers are followed, bounds listed, operations grouped by
// their first tag in the document's order of tags, code marked.
func TestParseAPIRef(t *testing.T) {
	doc := []byte(`{
	  "openapi": "3.1.0",
	  "info": {"title": "T", "version": "1", "description": "Lists are ` + "`{\\\"data\\\": []}`" + `."},
	  "tags": [{"name": "b"}, {"name": "a", "description": "A things."}],
	  "paths": {
	    "/api/v1/a": {"get": {"operationId": "listA", "tags": ["a"], "summary": "List A",
	      "parameters": [{"$ref": "#/components/parameters/limit"},
	        {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 500}},
	        {"name": "tags", "in": "query", "schema": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 40}}}],
	      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}}},
	        "400": {"$ref": "#/components/responses/Bad"}}}},
	    "/api/v1/b/{id}": {"patch": {"operationId": "patchB", "tags": ["b"], "security": [{"bearerAuth": []}],
	      "requestBody": {"required": true, "content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/A"}}}},
	      "responses": {"200": {"description": "ok"}}}}
	  },
	  "components": {
	    "parameters": {"limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}},
	    "responses": {"Bad": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
	    "schemas": {
	      "A": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int64"},
	        "status": {"type": "string", "enum": ["open", "closed"]}, "next": {"type": ["string", "null"]}}},
	      "Problem": {"type": "object", "properties": {"title": {"type": "string"}}}
	    }
	  }
	}`)
	ref, err := ParseAPIRef(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Groups) != 2 || ref.Groups[0].Name != "b" || ref.Groups[1].Name != "a" || ref.Groups[1].Description[0].Text != "A things." {
		t.Fatalf("groups: %+v", ref.Groups)
	}
	if got := ref.Description; len(got) != 3 || !got[1].Code || got[1].Text != `{"data": []}` {
		t.Errorf("description spans: %+v", got)
	}
	patch := ref.Groups[0].Ops[0]
	if patch.ID != "patchB" || patch.Method != "PATCH" || !patch.Token || patch.Body == nil || !patch.Body.Required ||
		patch.Body.Schema != (TypeView{Text: "A", Ref: "schema-A"}) || patch.Body.Types[0] != "application/merge-patch+json" {
		t.Errorf("patch: %+v %+v", patch, patch.Body)
	}
	list := ref.Groups[1].Ops[0]
	if len(list.Params) != 3 {
		t.Fatalf("params: %+v", list.Params)
	}
	if p := list.Params[0]; p.Name != "limit" || p.In != "query" || p.Type != "integer" || !slices.Equal(p.Bounds, []string{"minimum 1", "maximum 100", "default 20"}) {
		t.Errorf("limit: %+v", p)
	}
	if p := list.Params[1]; !p.Required || !slices.Equal(p.Bounds, []string{"maxLength 500"}) {
		t.Errorf("q: %+v", p)
	}
	if p := list.Params[2]; p.Type != "array of string" || !slices.Equal(p.Bounds, []string{"maxItems 10", "each: maxLength 40"}) {
		t.Errorf("tags: %+v", p)
	}
	if r := list.Responses; len(r) != 2 || r[0].Schema != (TypeView{Text: "array of A", Ref: "schema-A"}) ||
		r[1].Code != "400" || r[1].Types[0] != "application/problem+json" || r[1].Schema.Ref != "schema-Problem" {
		t.Errorf("responses: %+v", r)
	}
	if len(ref.Schemas) != 2 || ref.Schemas[0].Name != "A" {
		t.Fatalf("schemas: %+v", ref.Schemas)
	}
	props := ref.Schemas[0].Props
	if props[0].Name != "id" || !props[0].Required || props[0].Type.Text != "integer (int64)" ||
		props[1].Type.Text != "string or null" || !slices.Equal(props[2].Bounds, []string{"one of: open, closed"}) {
		t.Errorf("props: %+v", props)
	}
	if _, err := ParseAPIRef([]byte("{")); err == nil {
		t.Error("a broken document was read")
	}
}
