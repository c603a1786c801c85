package news

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Markdown bodies (news posts, event agendas and minutes) are written by
// officials, but are rendered as if anyone had: goldmark without raw HTML,
// then bluemonday's user-generated-content policy.
var (
	md     = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnFullyQualifiedLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		return p
	}()
)

// Markdown renders src to safe HTML. Raw HTML in src is dropped, and
// whatever the renderer makes is sanitized again.
func Markdown(src string) template.HTML {
	if src == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitized just above
}

// MarkdownIn renders t in the page's language l. A text shown in another
// language (a fallback) is wrapped in a block that carries its lang and dir
// (see i18n.Isolate).
func MarkdownIn(t i18n.Text, l i18n.Locale) template.HTML {
	src, from := t.Pick(l)
	h := Markdown(src)
	if h == "" || from == l {
		return h
	}
	return template.HTML(`<div lang="` + string(from) + `" dir="` + from.Dir() + `">` + string(h) + "</div>")
}
