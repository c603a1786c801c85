package opendata

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The API reference is the OpenAPI document laid out for people: one
// section per tag, one article per operation (anchored by its
// operationId), then the schemas. The texts are the document's, in English;
// only the page around them is translated.

// APIRef is what /data/api shows.
type APIRef struct {
	Title, Version, Summary string
	Description             []Span
	Groups                  []APIGroup
	Schemas                 []SchemaView
}

// APIGroup is a tag of the document and its operations.
type APIGroup struct {
	ID, Name    string
	Description []Span
	Ops         []OpView
}

// OpView is one operation: a method on a path.
type OpView struct {
	ID, Method, Path, Summary string
	Description               []Span
	Token                     bool // needs a personal access token
	Params                    []ParamView
	Body                      *BodyView
	Responses                 []ResponseView
}

// ParamView is one parameter: its name, where it goes, its type and bounds.
type ParamView struct {
	Name, In, Type string
	Required       bool
	Bounds         []string
	Description    []Span
}

// BodyView is a request body.
type BodyView struct {
	Types    []string // media types
	Schema   TypeView
	Required bool
}

// ResponseView is one documented answer.
type ResponseView struct {
	Code        string
	Description []Span
	Types       []string
	Schema      TypeView
}

// TypeView names a type; Ref is the anchor of the schema it refers to, if
// any, so the page links to it.
type TypeView struct {
	Text, Ref string
}

// SchemaView is a named schema and its properties.
type SchemaView struct {
	ID, Name    string
	Type        TypeView
	Description []Span
	Props       []PropView
}

// PropView is one property of a schema.
type PropView struct {
	Name        string
	Type        TypeView
	Required    bool
	Bounds      []string
	Description []Span
}

// Span is a piece of a description: the document marks code with
// backquotes, shown as <code>.
type Span struct {
	Text string
	Code bool
}

// spans splits s at its backquotes.
func spans(s string) []Span {
	if s == "" {
		return nil
	}
	var out []Span
	for i, part := range strings.Split(s, "`") {
		if part != "" {
			out = append(out, Span{Text: part, Code: i%2 == 1})
		}
	}
	return out
}

type obj = map[string]any

// methods in the order the page lists them.
var methods = []string{"get", "post", "put", "patch", "delete"}

// ParseAPIRef reads an OpenAPI 3.1 document.
func ParseAPIRef(doc []byte) (*APIRef, error) {
	var d obj
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	info, _ := d["info"].(obj)
	ref := &APIRef{Title: str(info, "title"), Version: str(info, "version"), Summary: str(info, "summary"),
		Description: spans(str(info, "description"))}

	groups := map[string]*APIGroup{}
	var order []string
	group := func(name string) *APIGroup {
		if g, ok := groups[name]; ok {
			return g
		}
		g := &APIGroup{ID: "tag-" + name, Name: name}
		groups[name] = g
		order = append(order, name)
		return g
	}
	tags, _ := d["tags"].([]any)
	for _, t := range tags {
		t, _ := t.(obj)
		group(str(t, "name")).Description = spans(str(t, "description"))
	}

	paths, _ := d["paths"].(obj)
	names := make([]string, 0, len(paths))
	for p := range paths {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		item, _ := paths[p].(obj)
		for _, m := range methods {
			o, ok := item[m].(obj)
			if !ok {
				continue
			}
			op := OpView{ID: str(o, "operationId"), Method: strings.ToUpper(m), Path: p, Summary: str(o, "summary"),
				Description: spans(str(o, "description"))}
			if op.ID == "" {
				op.ID = m + "-" + p
			}
			if sec, ok := o["security"].([]any); ok && len(sec) > 0 {
				op.Token = true
			}
			params, _ := o["parameters"].([]any)
			for _, prm := range params {
				prm, _ := deref(d, prm).(obj)
				s, _ := deref(d, prm["schema"]).(obj)
				req, _ := prm["required"].(bool)
				op.Params = append(op.Params, ParamView{Name: str(prm, "name"), In: str(prm, "in"), Type: typeOf(d, prm["schema"]).Text,
					Required: req, Bounds: bounds(s), Description: spans(str(prm, "description"))})
			}
			if b, ok := deref(d, o["requestBody"]).(obj); ok {
				req, _ := b["required"].(bool)
				types, schema := content(d, b)
				op.Body = &BodyView{Types: types, Schema: schema, Required: req}
			}
			responses, _ := o["responses"].(obj)
			codes := make([]string, 0, len(responses))
			for c := range responses {
				codes = append(codes, c)
			}
			slices.Sort(codes)
			for _, c := range codes {
				r, _ := deref(d, responses[c]).(obj)
				types, schema := content(d, r)
				op.Responses = append(op.Responses, ResponseView{Code: c, Description: spans(str(r, "description")), Types: types, Schema: schema})
			}
			opTags, _ := o["tags"].([]any)
			tag := "other"
			if len(opTags) > 0 {
				tag, _ = opTags[0].(string)
			}
			g := group(tag)
			g.Ops = append(g.Ops, op)
		}
	}
	for _, name := range order {
		if g := groups[name]; len(g.Ops) > 0 {
			ref.Groups = append(ref.Groups, *g)
		}
	}

	comps, _ := d["components"].(obj)
	schemas, _ := comps["schemas"].(obj)
	snames := make([]string, 0, len(schemas))
	for n := range schemas {
		snames = append(snames, n)
	}
	slices.Sort(snames)
	for _, n := range snames {
		s, _ := schemas[n].(obj)
		sv := SchemaView{ID: schemaAnchor(n), Name: n, Type: typeOf(d, s), Description: spans(str(s, "description"))}
		required := map[string]bool{}
		if rs, ok := s["required"].([]any); ok {
			for _, r := range rs {
				if r, ok := r.(string); ok {
					required[r] = true
				}
			}
		}
		props, _ := s["properties"].(obj)
		pnames := make([]string, 0, len(props))
		for pn := range props {
			pnames = append(pnames, pn)
		}
		slices.Sort(pnames)
		for _, pn := range pnames {
			ps, _ := props[pn].(obj)
			sv.Props = append(sv.Props, PropView{Name: pn, Type: typeOf(d, ps), Required: required[pn],
				Bounds: bounds(ps), Description: spans(str(ps, "description"))})
		}
		ref.Schemas = append(ref.Schemas, sv)
	}
	return ref, nil
}

func schemaAnchor(name string) string { return "schema-" + name }

func str(o obj, k string) string {
	s, _ := o[k].(string)
	return s
}

// deref follows a local $ref ("#/components/…") once or more.
func deref(d obj, v any) any {
	for i := 0; i < 8; i++ {
		o, ok := v.(obj)
		if !ok {
			return v
		}
		ref, ok := o["$ref"].(string)
		if !ok {
			return v
		}
		v = pointer(d, ref)
	}
	return v
}

func pointer(d obj, ref string) any {
	var cur any = d
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		o, ok := cur.(obj)
		if !ok {
			return nil
		}
		cur = o[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	return cur
}

// content is the media types of a body or answer and the schema of the
// first.
func content(d obj, o obj) ([]string, TypeView) {
	c, _ := o["content"].(obj)
	types := make([]string, 0, len(c))
	for t := range c {
		types = append(types, t)
	}
	slices.Sort(types)
	if len(types) == 0 {
		return nil, TypeView{}
	}
	mt, _ := c[types[0]].(obj)
	if mt["schema"] == nil {
		return types, TypeView{}
	}
	return types, typeOf(d, mt["schema"])
}

// typeOf says what a schema is in a few words: a named schema (linked), a
// JSON type, an array of something, or a choice.
func typeOf(d obj, v any) TypeView {
	s, ok := v.(obj)
	if !ok {
		return TypeView{}
	}
	if ref, ok := s["$ref"].(string); ok {
		const prefix = "#/components/schemas/"
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			return TypeView{Text: name, Ref: schemaAnchor(name)}
		}
		return typeOf(d, deref(d, s))
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		if alts, ok := s[k].([]any); ok {
			var parts []string
			for _, a := range alts {
				parts = append(parts, typeOf(d, a).Text)
			}
			sep := " or "
			if k == "allOf" {
				sep = " and "
			}
			return TypeView{Text: strings.Join(parts, sep)}
		}
	}
	var t string
	switch v := s["type"].(type) {
	case string:
		t = v
	case []any:
		var parts []string
		for _, x := range v {
			if x, ok := x.(string); ok {
				parts = append(parts, x)
			}
		}
		t = strings.Join(parts, " or ")
	}
	if t == "array" {
		inner := typeOf(d, s["items"])
		return TypeView{Text: "array of " + inner.Text, Ref: inner.Ref}
	}
	if f := str(s, "format"); f != "" {
		t += " (" + f + ")"
	}
	if t == "" && s["properties"] != nil {
		t = "object"
	}
	return TypeView{Text: t}
}

// bounds are a schema's constraints, as the reference lists them.
func bounds(s obj) []string {
	if s == nil {
		return nil
	}
	var out []string
	num := func(k, label string) {
		if v, ok := s[k].(float64); ok {
			out = append(out, label+" "+strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	num("minimum", "minimum")
	num("maximum", "maximum")
	num("minLength", "minLength")
	num("maxLength", "maxLength")
	num("minItems", "minItems")
	num("maxItems", "maxItems")
	if p := str(s, "pattern"); p != "" {
		out = append(out, "pattern "+p)
	}
	if e, ok := s["enum"].([]any); ok {
		var vs []string
		for _, x := range e {
			vs = append(vs, fmt.Sprint(x))
		}
		out = append(out, "one of: "+strings.Join(vs, ", "))
	}
	if v, ok := s["default"]; ok {
		out = append(out, "default "+fmt.Sprint(v))
	}
	if items, ok := s["items"].(obj); ok {
		for _, b := range bounds(items) {
			out = append(out, "each: "+b)
		}
	}
	return out
}
