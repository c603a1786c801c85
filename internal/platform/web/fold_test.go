package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Folding constant messages must not change a byte of the output, in every
// context where html/template escapes differently; and it must fold those
// in text and quoted attributes, and only those.
func TestFoldMessagesKeepsOutput(t *testing.T) {
	const src = `{{define "page"}}<title>{{t "title"}}</title>
<p title="{{t "quote"}}">{{t "quote"}} {{t "with" "Name" "x"}} {{t "with" "Name" .N}}</p>
<a href="/x?q={{t "quote"}}">{{t "plus"}}</a><a href="{{t "url"}}">u</a>
<script>var s = {{t "quote"}};</script><style>p { content: "{{t "plus"}}" }</style>
{{range .L}}<i data-x={{t "quote"}}>{{t "plus"}}</i>{{end}}{{if .N}}{{t "title"}}{{end}}{{end}}`
	messages := map[string]string{
		"title": "Plan & <b>bold</b>", "quote": `He said "hi" & it's +1 </script>`, "plus": "a+b",
		"url": "javascript:alert(1)", "with": "Hello",
	}
	calls := 0
	translate := func(key string, args ...any) string {
		calls++
		s := messages[key]
		for i := 0; i+1 < len(args); i += 2 {
			s += " " + args[i].(string) + "=" + args[i+1].(string)
		}
		return s
	}
	parse := func() *template.Template {
		return template.Must(template.New("x").Funcs(template.FuncMap{"t": translate}).Parse(src))
	}
	data := map[string]any{"N": "dyn", "L": []int{1, 2}}
	var plain, folded strings.Builder
	if err := parse().ExecuteTemplate(&plain, "page", data); err != nil {
		t.Fatal(err)
	}
	ft := parse()
	foldMessages(ft, []string{"page"}, translate, nil)
	calls = 0
	if err := ft.ExecuteTemplate(&folded, "page", data); err != nil {
		t.Fatal(err)
	}
	if plain.String() != folded.String() {
		t.Errorf("folded output differs\nplain:\n%s\nfolded:\n%s", plain.String(), folded.String())
	}
	// Left to run: the dynamic argument, the URL query, the href, the
	// script, the style, the unquoted attribute twice.
	if calls != 7 {
		t.Errorf("%d calls of t at execution; want 7 (the rest folded)", calls)
	}
}

// Every page of the layout renders the same as before folding: the
// renderer folds, a renderer built without folding is the reference.
func TestRendererFoldsLayoutMessages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(cat, assets)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Locales {
		tmpl := r.sets[l]
		if tmpl == nil || !r.pages["error"] {
			t.Fatalf("%s: no error page", l)
		}
		found := false
		for _, tt := range tmpl.Templates() {
			if tt.Name() == pageEntry("error") && strings.Contains(tt.Tree.Root.String(), cat.Printer(l).T("nav.skip")) {
				found = true
			}
		}
		if !found && cat.Printer(l).T("nav.skip") != "" {
			t.Errorf("%s: the layout's skip link text was not folded", l)
		}
	}
}
