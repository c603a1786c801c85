package comment

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is what every link in a comment carries: search engines give it
// no weight, it is marked as user content, and the page it opens gets no
// handle on ours.
const linkRel = "nofollow ugc noopener"

// markdown renders the subset people may write: paragraphs, emphasis,
// strikethrough, links (bare URLs too), lists, quotes and code. Raw HTML is
// never passed through (goldmark omits it unless told otherwise).
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(relTransformer{}, 100))),
)

// relTransformer marks every link with linkRel.
type relTransformer struct{}

func (relTransformer) Transform(doc *ast.Document, source text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// Only links the policy keeps get rel; any other <a> is left with
		// no attribute, and the policy drops it, keeping its text.
		switch l := n.(type) {
		case *ast.Link:
			if safeURL(l.Destination) {
				n.SetAttributeString("rel", []byte(linkRel))
			}
		case *ast.AutoLink:
			if safeURL(l.URL(source.Source())) {
				n.SetAttributeString("rel", []byte(linkRel))
			}
		}
		return ast.WalkContinue, nil
	})
}

// safeURL reports whether a link goes to the web or to an address.
func safeURL(u []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(u)))
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "mailto:") ||
		(!strings.Contains(s, ":") && s != "")
}

// policy is the last word on what reaches a page: the elements of the subset,
// links to http, https and mailto only, and the fixed rel; no images, no
// styles, no scripts, no event handlers.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc noopener$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddSpaceWhenStrippingTag(true)
	return p
}()

// Render turns markdown into sanitized HTML and counts its links.
func Render(body string) (html string, links int) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(body), &buf); err != nil {
		// goldmark fails only on a writer error; show the text as such.
		return "<p>" + bluemonday.StrictPolicy().Sanitize(body) + "</p>", 0
	}
	out := policy.SanitizeBytes(buf.Bytes())
	return strings.TrimSpace(string(out)), bytes.Count(out, []byte("<a href="))
}
