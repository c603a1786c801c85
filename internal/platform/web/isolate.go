package web

import (
	"html/template"
	"regexp"
	"strings"
	"text/template/parse"
)

// Text in another language than the page's carries its own lang and dir
// (i18n.Isolate): a stored text that falls back (a French page showing an
// Arabic title) and a message that falls back (a zgh page showing an Arabic
// message). That takes markup, which only HTML text may hold: in a <title>,
// an attribute or a script the same value must stay plain text. Templates
// write {{text .Title}} and {{t "key" …}} everywhere, and isolateFallbacks
// makes each one that html/template escaped as HTML text call the variant
// that marks the value, after escaping, when the context of every action is
// known:
//
//	{{text X}}                    → {{_text_html X}}
//	<bdi>{{text X}}</bdi>         → {{_text_bdi X}} (one <bdi>, with lang and dir when needed)
//	<p>{{text X}}</p>, <dd>…</dd> → {{_text_block X}} (a paragraph in another
//	                                  language is a block aligned on its own side)
//	<option …>{{text X}}</option> → unchanged: an option holds no element, so
//	                                  templates write {{with fallback X}} lang="{{.}}" dir="{{.Dir}}"{{end}}
//	                                  on the option
//	{{t "k" "A" (text X)}}        → {{_t_html "k" "A" (_text_value X)}}
//	{{tn …}}                      → {{_tn_html …}}
//	{{with text X}}…{{.}}…{{end}} → {{with _text_value X}}…{{_text_html .}}…{{end}},
//	                                  when every use of the dot inside is such an action
//
// Everything else keeps its plain string. Constant messages are folded
// first (foldMessages), already marked where they are HTML text.

// Names of the marking functions that Renderer.funcs defines.
const (
	fnTextHTML  = "_text_html"
	fnTextBdi   = "_text_bdi"
	fnTextBlock = "_text_block"
	fnTextValue = "_text_value"
	fnTHTML     = "_t_html"
	fnTnHTML    = "_tn_html"
)

const htmlEscaper = "_html_template_htmlescaper"

func isolateFallbacks(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			isolateList(tt.Tree.Root)
		}
	}
}

func isolateList(l *parse.ListNode) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			isolateAction(l, i, n)
		case *parse.IfNode:
			isolateList(n.List)
			isolateList(n.ElseList)
		case *parse.RangeNode:
			isolateList(n.List)
			isolateList(n.ElseList)
		case *parse.WithNode:
			isolateWith(n)
			isolateList(n.List)
			isolateList(n.ElseList)
		case *parse.ListNode:
			isolateList(n)
		}
	}
}

// htmlCall returns the command whose value an action prints as HTML text:
// the one before html/template's escaper.
func htmlCall(n *parse.ActionNode) *parse.CommandNode {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return nil
	}
	esc := p.Cmds[len(p.Cmds)-1]
	if len(esc.Args) != 1 {
		return nil
	}
	if id, ok := esc.Args[0].(*parse.IdentifierNode); !ok || id.Ident != htmlEscaper {
		return nil
	}
	return p.Cmds[len(p.Cmds)-2]
}

func funcName(c *parse.CommandNode) (*parse.IdentifierNode, bool) {
	if c == nil || len(c.Args) == 0 {
		return nil, false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return id, ok
}

func isolateAction(l *parse.ListNode, i int, n *parse.ActionNode) {
	call := htmlCall(n)
	id, ok := funcName(call)
	if !ok {
		return
	}
	switch id.Ident {
	case "text":
		id.Ident = textWrapper(l, i)
	case "t", "tn":
		if id.Ident == "t" {
			id.Ident = fnTHTML
		} else {
			id.Ident = fnTnHTML
		}
		for _, a := range call.Args[1:] {
			if p, ok := a.(*parse.PipeNode); ok && len(p.Decl) == 0 && len(p.Cmds) == 1 {
				if inner, ok := funcName(p.Cmds[0]); ok && inner.Ident == "text" {
					inner.Ident = fnTextValue // the Text itself, so that the message marks it
				}
			}
		}
	}
}

// textWrapper chooses how the stored text printed by l.Nodes[i] is marked,
// from the markup around it, which it trims of a <bdi> the marking replaces.
func textWrapper(l *parse.ListNode, i int) string {
	var before, after *parse.TextNode
	if i > 0 {
		before, _ = l.Nodes[i-1].(*parse.TextNode)
	}
	if i+1 < len(l.Nodes) {
		after, _ = l.Nodes[i+1].(*parse.TextNode)
	}
	if after != nil && strings.HasPrefix(string(after.Text), "</option>") {
		return "text" // an option holds text only: its lang and dir go on it ({{fallback X}})
	}
	if before == nil || after == nil {
		return fnTextHTML
	}
	b, a := string(before.Text), string(after.Text)
	switch {
	case strings.HasSuffix(b, "<bdi>") && strings.HasPrefix(a, "</bdi>"):
		before.Text = []byte(strings.TrimSuffix(b, "<bdi>"))
		after.Text = []byte(strings.TrimPrefix(a, "</bdi>"))
		return fnTextBdi
	case blockOpen.MatchString(b) && blockClose.MatchString(a):
		return fnTextBlock
	}
	return fnTextHTML
}

// A paragraph, a description or a division whose whole content is the text.
var (
	blockOpen  = regexp.MustCompile(`<(p|dd|div)(\s[^<>]*)?>\s*$`)
	blockClose = regexp.MustCompile(`^\s*</(p|dd|div)>`)
)

// isolateWith makes {{with text X}} give the Text itself when every use of
// the dot inside prints it as HTML text, or passes it to a message printed
// as HTML text; those prints then mark it.
func isolateWith(n *parse.WithNode) {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return
	}
	id, ok := funcName(p.Cmds[0])
	if !ok || id.Ident != "text" {
		return
	}
	var prints []dotPrint
	if !dotUses(n.List, &prints) {
		return
	}
	id.Ident = fnTextValue
	for _, d := range prints {
		fn := textWrapper(d.list, d.index)
		call := htmlCall(d.list.Nodes[d.index].(*parse.ActionNode))
		dot := call.Args[0]
		call.Args = []parse.Node{&parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: dot.Position(), Ident: fn}, dot}
	}
}

// dotPrint is an action {{.}} printed as HTML text: l.Nodes[index].
type dotPrint struct {
	list  *parse.ListNode
	index int
}

// dotUses collects the actions of l that print the dot as HTML text, and
// reports whether every other use of the dot is an argument of a message
// printed as HTML text. Nested range and with rebind the dot: their bodies
// do not count, their pipelines do.
func dotUses(l *parse.ListNode, prints *[]dotPrint) bool {
	if l == nil {
		return true
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			call := htmlCall(n)
			if call != nil && len(n.Pipe.Cmds) == 2 && len(call.Args) == 1 {
				if _, ok := call.Args[0].(*parse.DotNode); ok {
					*prints = append(*prints, dotPrint{l, i})
					continue
				}
			}
			if id, ok := funcName(call); ok && (id.Ident == "t" || id.Ident == "tn") && len(n.Pipe.Cmds) == 2 {
				if !hasDot(call.Args[0]) && !anyDot(n.Pipe.Cmds[1:]) {
					continue // the dot may be among the arguments: the message marks a Text
				}
			}
			if hasDot(n) {
				return false
			}
		case *parse.IfNode:
			if hasDot(n.Pipe) || !dotUses(n.List, prints) || !dotUses(n.ElseList, prints) {
				return false
			}
		case *parse.RangeNode:
			if hasDot(n.Pipe) {
				return false
			}
		case *parse.WithNode:
			if hasDot(n.Pipe) {
				return false
			}
		case *parse.TemplateNode:
			if n.Pipe != nil && hasDot(n.Pipe) {
				return false
			}
		case *parse.ListNode:
			if !dotUses(n, prints) {
				return false
			}
		}
	}
	return true
}

func anyDot(cmds []*parse.CommandNode) bool {
	for _, c := range cmds {
		if hasDot(c) {
			return true
		}
	}
	return false
}

// hasDot reports whether n reads the dot: {{.}} or a field of it ({{.Name}}).
func hasDot(n parse.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *parse.DotNode, *parse.FieldNode:
		return true
	case *parse.ActionNode:
		return hasDot(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if hasDot(c) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if hasDot(a) {
				return true
			}
		}
	case *parse.ChainNode:
		return hasDot(n.Node)
	}
	return false
}
