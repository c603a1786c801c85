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
//
// translateHTML, when not nil, gives the folded text of a message in HTML
// text, already escaped: i18n.Printer.HTML, which marks a message in another
// language than the page's (see isolateFallbacks).
func foldMessages(t *template.Template, pages []string, translate func(key string, args ...any) string,
	translateHTML func(key string, args ...any) template.HTML) {
	for _, page := range pages {
		_ = t.ExecuteTemplate(io.Discard, page, nil) // escapes, then fails on the missing data
	}
	f := folder{translate, translateHTML}
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			f.list(tt.Tree.Root)
		}
	}
}

type folder struct {
	translate     func(string, ...any) string
	translateHTML func(string, ...any) template.HTML
}

// The escapers that html/template appends in HTML text, RCDATA (<title>)
// and quoted attribute values: for a plain string they all produce the
// output of escapeHTML below.
var foldableEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

func (f folder) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if s, ok := f.action(n); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(s)}
			}
		case *parse.IfNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.RangeNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.WithNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.ListNode:
			f.list(n)
		}
	}
}

// action returns the escaped text of {{t "key" "const"… | escaper}}.
func (f folder) action(n *parse.ActionNode) (string, bool) {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 {
		return "", false
	}
	call, esc := p.Cmds[0], p.Cmds[1]
	if len(esc.Args) != 1 || len(call.Args) < 2 || len(call.Args)%2 != 0 {
		return "", false
	}
	escaper, ok := esc.Args[0].(*parse.IdentifierNode)
	if !ok || !foldableEscapers[escaper.Ident] {
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
	if escaper.Ident == htmlEscaper && f.translateHTML != nil {
		return string(f.translateHTML(consts[0], args...)), true
	}
	return escapeHTML(f.translate(consts[0], args...)), true
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
