package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// A stored text or a message in another language than the page's is marked
// with its lang and dir in HTML text, and stays plain text in a title, an
// attribute, an option and a script; a <bdi> around it is not doubled.
func TestIsolateFallbacks(t *testing.T) {
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
	const src = `{{define "page"}}<title>{{text .T}} · {{t "comment.on" "Title" .T}}</title>
<h1><bdi>{{text .T}}</bdi></h1><p class="lead">{{text .T}}</p><span>{{text .T}}</span><span>{{.T | text}}</span>
<img alt="{{text .T}}"><select><option{{with fallback .T}} lang="{{.}}" dir="{{.Dir}}"{{end}}>{{text .T}}</option></select>
{{with text .T}}<dd>{{.}}</dd><h2>{{t "comment.on" "Title" .}}</h2>{{else}}none{{end}}
{{with text .T}}<meta content="{{.}}"><i>{{.}}</i>{{end}}
<p>{{t "comment.on" "Title" (text .T)}}</p><b>{{tn "count.commitments" 6}}</b>
<script>var x = {{text .T}};</script>{{end}}`
	render := func(l i18n.Locale, text i18n.Text) string {
		tmpl := template.Must(template.New("layout").Funcs(r.funcs(l)).Parse(src))
		p := cat.Printer(l)
		foldMessages(tmpl, []string{"page"}, p.T, p.HTML)
		isolateFallbacks(tmpl)
		var b strings.Builder
		if err := tmpl.ExecuteTemplate(&b, "page", map[string]any{"T": text}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const ar = `lang="ar" dir="rtl"`
	got := render(i18n.FR, i18n.Text{i18n.AR: "خطة"})
	for _, want := range []string{
		`<title>خطة · Commentaires sur « خطة »</title>`,
		`<h1><bdi ` + ar + `>خطة</bdi></h1>`,
		`<p class="lead"><bdi class="lang-block" ` + ar + `>خطة</bdi></p>`,
		`<span><bdi ` + ar + `>خطة</bdi></span><span><bdi ` + ar + `>خطة</bdi></span>`,
		`<img alt="خطة">`,
		`<option ` + ar + `>خطة</option>`,
		`<dd><bdi class="lang-block" ` + ar + `>خطة</bdi></dd><h2>Commentaires sur « <bdi ` + ar + `>خطة</bdi> »</h2>`,
		// One use of the dot in an attribute: the with keeps plain text.
		`<meta content="خطة"><i>خطة</i>`,
		`<p>Commentaires sur « <bdi ` + ar + `>خطة</bdi> »</p><b>6 engagements</b>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("French page, Arabic text: lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "bdi&") || strings.Contains(got, "&lt;bdi") || strings.Contains(got[strings.Index(got, "<script>"):], "bdi") {
		t.Errorf("markup in plain text:\n%s", got)
	}

	got = render(i18n.FR, i18n.Text{i18n.AR: "خطة", i18n.FR: "Plan"})
	for _, want := range []string{`<h1><bdi>Plan</bdi></h1>`, `<p class="lead">Plan</p>`, `<option>Plan</option>`, `<dd>Plan</dd>`} {
		if !strings.Contains(got, want) {
			t.Errorf("French page, French text: lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "lang=") {
		t.Errorf("French page, French text: something is marked\n%s", got)
	}
	if got := render(i18n.FR, nil); !strings.Contains(got, "none") {
		t.Errorf("an empty text does not take the else branch:\n%s", got)
	}

	got = render(i18n.ZGH, i18n.Text{i18n.AR: "خطة"})
	if want := `<b><bdi ` + ar + `>6 التزامات</bdi></b>`; !strings.Contains(got, want) {
		t.Errorf("zgh page: lacks %s\n%s", want, got)
	}
}
