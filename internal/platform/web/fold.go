package web

import (
	"html/template"
	"io"
	"strings"
	"text/template/parse"
)

// foldMessages replaces, in every template of t that html/template has
// escaped, each action that only translates a constant message ({{t "nav.home"}},
// {{t "plan.shown" "Name" "x"}}) in HTML text or a quoted attribute by the
// translation, escaped once at startup exactly as it would be on every
// request. The layout and pages hold dozens of such actions; each cost two
// reflective calls (the message, then the escaper) per request, most of the
// cost of executing a template. Actions in any other context (URLs, scripts,
// styles) or with an argument that is not a constant are left as they are.
//
// Each of pages is executed once with no data to have html/template escape
// the templates it reaches (and fail right after); unreached templates keep
// their actions, which is harmless.
func foldMessages(t *template.Template, pages []string, translate func(key string, args ...any) string) {
	for _, page := range pages {
		_ = t.ExecuteTemplate(io.Discard, page, nil) // escapes, then fails on the missing data
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			foldList(tt.Tree.Root, translate)
		}
	}
}

// The escapers that html/template appends in HTML text, RCDATA (<title>)
// and quoted attribute values: for a plain string they all produce the
// output of escapeHTML below.
var foldableEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

func foldList(l *parse.ListNode, translate func(string, ...any) string) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if s, ok := foldAction(n, translate); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(s)}
			}
		case *parse.IfNode:
			foldList(n.List, translate)
			foldList(n.ElseList, translate)
		case *parse.RangeNode:
			foldList(n.List, translate)
			foldList(n.ElseList, translate)
		case *parse.WithNode:
			foldList(n.List, translate)
			foldList(n.ElseList, translate)
		case *parse.ListNode:
			foldList(n, translate)
		}
	}
}

// foldAction returns the escaped text of {{t "key" "const"… | escaper}}.
func foldAction(n *parse.ActionNode, translate func(string, ...any) string) (string, bool) {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 {
		return "", false
	}
	call, esc := p.Cmds[0], p.Cmds[1]
	if len(esc.Args) != 1 || len(call.Args) < 2 || len(call.Args)%2 != 0 {
		return "", false
	}
	if id, ok := esc.Args[0].(*parse.IdentifierNode); !ok || !foldableEscapers[id.Ident] {
		return "", false
	}
	if id, ok := call.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "t" {
		return "", false
	}
	consts := make([]string, 0, len(call.Args)-1)
	for _, a := range call.Args[1:] {
		s, ok := a.(*parse.StringNode)
		if !ok {
			return "", false
		}
		consts = append(consts, s.Text)
	}
	args := make([]any, 0, len(consts)-1)
	for _, c := range consts[1:] {
		args = append(args, c)
	}
	return escapeHTML(translate(consts[0], args...)), true
}

// plainEscaper is html/template's own escaping of a string in HTML text.
var plainEscaper = template.Must(template.New("escape").Parse("{{.}}"))

func escapeHTML(s string) string {
	var b strings.Builder
	if err := plainEscaper.Execute(&b, s); err != nil {
		return template.HTMLEscapeString(s) // cannot happen: a string always executes
	}
	return b.String()
}
