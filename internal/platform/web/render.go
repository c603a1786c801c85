package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
)

//go:embed templates/*.html
var layoutFS embed.FS

// LayoutTemplates exposes the shared layout and partials so tests can check
// that every message key they use is translated.
var LayoutTemplates fs.FS = layoutFS

// Renderer renders pages inside the site layout. Every page file defines
// "title" and "content" (and may define "head"). Each locale has one
// template set holding the layout, every partial and every page, parsed once
// with the translation functions bound to that locale, so rendering never
// races on shared state. A page's blocks are kept under names of its own
// ("plan/content"), and the page is executed through a copy of the layout
// whose calls of those blocks name the page's ("plan/layout"): the partials,
// the bulk of the templates, exist once per locale rather than once per page.
type Renderer struct {
	cat    *i18n.Catalog
	assets *Assets
	sets   map[i18n.Locale]*template.Template
	pages  map[string]bool
	bufs   sync.Pool
	// anonNav is each locale's account navigation for a visitor.
	anonNav map[i18n.Locale][]byte

	// UserInfo, when set, tells the layout who is signed in (nil for a
	// visitor). The server sets it; web knows nothing of accounts.
	UserInfo func(ctx context.Context) *ViewUser
}

// ViewUser is what the layout shows of the signed-in person.
type ViewUser struct {
	Name     string
	CanAdmin bool // editors and above see the administration link
}

// layoutBlocks lists the templates a page file may define for the layout to
// call: "title", "content", and every {{block}} of layout.html ("head",
// "description", …), which a page overrides. fm are the functions the
// layout is parsed with.
func layoutBlocks(fm template.FuncMap) (map[string]bool, error) {
	t, err := template.New("blocks").Funcs(fm).ParseFS(layoutFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	blocks := map[string]bool{"title": true, "content": true}
	for _, tt := range t.Templates() {
		if name := tt.Name(); name != "layout" && name != "blocks" && name != "layout.html" {
			blocks[name] = true
		}
	}
	return blocks, nil
}

// pageEntry is the name of the template that renders page in the layout.
func pageEntry(page string) string { return page + "/layout" }

// Shared marks a feature's templates whose partials (templates/_*.html) every
// page of every feature may call, such as the comment thread that several
// features embed. Its pages are parsed like any other's.
func Shared(fsys fs.FS) fs.FS { return sharedFS{fsys} }

type sharedFS struct{ fs.FS }

// NewRenderer parses the layout and the *.html page files of each fsys. A
// page is named by its file name without extension; names must be unique,
// and so must the names a feature's partials (templates/_*.html) define.
func NewRenderer(cat *i18n.Catalog, assets *Assets, pageFS ...fs.FS) (*Renderer, error) {
	r := &Renderer{cat: cat, assets: assets, sets: map[i18n.Locale]*template.Template{}, pages: map[string]bool{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	pageFS = append([]fs.FS{layoutFS}, pageFS...)
	for _, l := range i18n.Locales {
		set, err := r.parseLocale(l, pageFS)
		if err != nil {
			return nil, err
		}
		r.sets[l] = set
	}
	r.anonNav = map[i18n.Locale][]byte{}
	for _, l := range i18n.Locales {
		nav, err := r.AccountNav(l, nil)
		if err != nil {
			return nil, err
		}
		r.anonNav[l] = nav
	}
	return r, nil
}

// AccountNav renders the layout's account navigation for u (nil: a
// visitor) in locale l, exactly as a page holds it, on a page that is not
// one of the account's own.
func (r *Renderer) AccountNav(l i18n.Locale, u *ViewUser) ([]byte, error) {
	set, ok := r.sets[l]
	if !ok {
		return nil, fmt.Errorf("render: unknown locale %q", l)
	}
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, "account-nav", View{Locale: l, Dir: l.Dir(), User: u}); err != nil {
		return nil, fmt.Errorf("render account navigation: %w", err)
	}
	return b.Bytes(), nil
}

// VisitorNav is the account navigation every page rendered for a visitor
// holds, in locale l.
func (r *Renderer) VisitorNav(l i18n.Locale) []byte { return r.anonNav[l] }

// parseLocale builds locale l's template set: the layout, every partial,
// and each page's blocks with its copy of the layout; then it folds the
// constant messages.
func (r *Renderer) parseLocale(l i18n.Locale, pageFS []fs.FS) (*template.Template, error) {
	fm := r.funcs(l)
	set, err := template.New("layout").Funcs(fm).ParseFS(layoutFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	layout := set.Lookup("layout").Tree
	pageBlocks, err := layoutBlocks(fm)
	if err != nil {
		return nil, err
	}
	defined := map[string]string{} // template name -> file defining it
	for _, t := range set.Templates() {
		defined[t.Name()] = "layout"
	}
	add := func(name, file string, tree *parse.Tree) error {
		if prev, dup := defined[name]; dup {
			return fmt.Errorf("parse %s: template %q is also defined by %s", file, name, prev)
		}
		defined[name] = file
		_, err := set.AddParseTree(name, tree)
		return err
	}
	// parseFile parses one file on its own and returns what it defines.
	parseFile := func(fsys fs.FS, file string) ([]*template.Template, error) {
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		t, err := template.New(path.Base(file)).Funcs(fm).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		return t.Templates(), nil
	}
	for _, fsys := range pageFS {
		if fsys == fs.FS(layoutFS) {
			continue
		}
		partials, err := fs.Glob(fsys, "templates/_*.html")
		if err != nil {
			return nil, err
		}
		for _, f := range partials {
			ts, err := parseFile(fsys, f)
			if err != nil {
				return nil, err
			}
			for _, t := range ts {
				if t.Name() == path.Base(f) || t.Tree == nil {
					continue // the file's own text, outside any define
				}
				if err := add(t.Name(), f, t.Tree); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, fsys := range pageFS {
		files, err := fs.Glob(fsys, "templates/*.html")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if name == "layout" || name == "partials" || strings.HasPrefix(name, "_") {
				continue
			}
			if l == i18n.Locales[0] {
				if r.pages[name] {
					return nil, fmt.Errorf("parse pages: two pages named %q", name)
				}
				r.pages[name] = true
			}
			ts, err := parseFile(fsys, f)
			if err != nil {
				return nil, err
			}
			blocks := map[string]string{}
			for _, t := range ts {
				if t.Name() == path.Base(f) || t.Tree == nil {
					continue
				}
				tn := t.Name()
				if pageBlocks[tn] {
					tn = name + "/" + tn
					blocks[t.Name()] = tn
				}
				if err := add(tn, f, t.Tree); err != nil {
					return nil, err
				}
			}
			if blocks["content"] == "" || blocks["title"] == "" {
				return nil, fmt.Errorf("parse page %s: it must define \"title\" and \"content\"", f)
			}
			entry := layout.Copy()
			entry.Name = pageEntry(name)
			renameCalls(entry.Root, blocks)
			if err := add(entry.Name, f, entry); err != nil {
				return nil, err
			}
		}
	}
	p := r.cat.Printer(l)
	foldMessages(set, pageEntries(r.pages), p.T, p.HTML)
	isolateFallbacks(set)
	return set, nil
}

// pageEntries lists the entry template of every page.
func pageEntries(pages map[string]bool) []string {
	out := make([]string, 0, len(pages))
	for p := range pages {
		out = append(out, pageEntry(p))
	}
	return out
}

// renameCalls makes every {{template}} call in l of a name in to call the
// name it maps to.
func renameCalls(l *parse.ListNode, to map[string]string) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TemplateNode:
			if t, ok := to[n.Name]; ok {
				n.Name = t
			}
		case *parse.IfNode:
			renameCalls(n.List, to)
			renameCalls(n.ElseList, to)
		case *parse.RangeNode:
			renameCalls(n.List, to)
			renameCalls(n.ElseList, to)
		case *parse.WithNode:
			renameCalls(n.List, to)
			renameCalls(n.ElseList, to)
		case *parse.ListNode:
			renameCalls(n, to)
		}
	}
}

func (r *Renderer) funcs(l i18n.Locale) template.FuncMap {
	p := r.cat.Printer(l)
	fm := p.Funcs()
	fm["text"] = func(t i18n.Text) string { return t.In(l) }
	// fallback is the language X is shown in when that is not the page's,
	// else "": for the lang and dir of an element that cannot hold a <bdi>,
	// such as an option.
	fm["fallback"] = func(t i18n.Text) i18n.Locale {
		if _, from := t.Pick(l); from != l {
			return from
		}
		return ""
	}
	// What isolateFallbacks puts in place of text, t and tn in HTML text.
	fm[fnTextHTML] = func(t i18n.Text) template.HTML { return i18n.TextHTML(t, l, i18n.Inline) }
	fm[fnTextBdi] = func(t i18n.Text) template.HTML { return i18n.TextHTML(t, l, i18n.Bdi) }
	fm[fnTextBlock] = func(t i18n.Text) template.HTML { return i18n.TextHTML(t, l, i18n.Block) }
	fm[fnTextValue] = func(t i18n.Text) i18n.Text {
		if t.In(l) == "" {
			return nil // {{with}} takes its else branch, as for text
		}
		return t
	}
	fm[fnTHTML] = p.HTML
	fm[fnTnHTML] = p.NHTMLOf
	fm["asset"] = r.assets.URL
	fm["deref"] = func(b *bool) bool { return b != nil && *b }
	fm["add"] = func(a, b int) int { return a + b }
	fm["sub"] = func(a, b int) int { return a - b }
	fm["query"] = func(base string, kv ...string) string { return WithQuery(base, kv...) }
	return fm
}

// SiteInfo is the site (tenant) serving the request: features scope every
// query by its ID, and the layout shows its name.
type SiteInfo struct {
	ID       int64
	Name     i18n.Text
	Demo     bool
	Location *time.Location
	// PublicURL is the origin of the site's absolute links, such as
	// "https://region.example": configured, never a request header.
	PublicURL string
	// LogoURL is the address of the site's logo, "" for none; the layout
	// shows it with the site's name as its text.
	LogoURL string
	// MetaDescription is what search engines show of the site, per
	// language; the layout writes it as <meta name="description"> on every
	// page that has no description of its own.
	MetaDescription i18n.Text
	// The council's public contact details, shown in the footer and on
	// /privacy; each may be empty.
	ContactAddress             i18n.Text
	ContactPhone, ContactEmail string
}

// HasContact reports whether any contact detail is set.
func (s SiteInfo) HasContact() bool {
	return s.ContactPhone != "" || s.ContactEmail != "" || s.ContactAddress.In(i18n.Default) != ""
}

// PhoneURL is the tel: link of the contact phone number ("" for none):
// its digits, with a leading "+" when it has one. The settings only accept
// digits, spaces and + - . ( ) in it.
func (s SiteInfo) PhoneURL() template.URL {
	var b strings.Builder
	for i, c := range strings.TrimSpace(s.ContactPhone) {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == '+' && i == 0:
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return template.URL("tel:" + b.String())
}

// URL is the absolute URL of path (which starts with "/") on the site,
// with the key/value pairs of query; for links in emails, feeds, the sitemap
// and a page's metadata.
func (s SiteInfo) URL(path string, query ...string) string {
	u := s.PublicURL
	if u == "" {
		u = "http://localhost"
	}
	u += path
	if len(query) >= 2 {
		q := url.Values{}
		for i := 0; i+1 < len(query); i += 2 {
			q.Set(query[i], query[i+1])
		}
		u += "?" + q.Encode()
	}
	return u
}

// Host is the host name of the site's public URL, without a port.
func (s SiteInfo) Host() string {
	if u, err := url.Parse(s.PublicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

type siteKey struct{}

// WithSite returns ctx carrying the site's layout information.
func WithSite(ctx context.Context, s SiteInfo) context.Context {
	return context.WithValue(ctx, siteKey{}, s)
}

// SiteOf returns the site serving the request (zero when none was set).
func SiteOf(ctx context.Context) SiteInfo {
	s, _ := ctx.Value(siteKey{}).(SiteInfo)
	if s.Location == nil {
		s.Location = time.UTC
	}
	return s
}

// View is the data every page template receives: the layout's needs and
// the page's own Data.
type View struct {
	Locale    i18n.Locale
	Dir       string
	Site      SiteInfo
	Path      string
	URL       string // path and query, for links that change one filter
	Section   string // which navigation item is current: "home", "plans", …
	LangLinks []LangLink
	RequestID string
	Canonical string
	User      *ViewUser // the signed-in person, nil for a visitor
	Data      any
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Locale  i18n.Locale
	Name    string
	URL     string
	Current bool
}

// Page renders the named page with data into the layout and sends it with
// status, an ETag and conditional GET. A rendering error becomes a clean 500.
func (r *Renderer) Page(w http.ResponseWriter, req *http.Request, status int, name, section string, data any) error {
	l := Locale(req.Context())
	t, ok := r.sets[l]
	if !ok || !r.pages[name] {
		return fmt.Errorf("render: unknown page %q", name)
	}
	site := SiteOf(req.Context())
	v := View{
		Locale: l, Dir: l.Dir(), Site: site, Path: req.URL.Path, URL: req.URL.RequestURI(), Section: section,
		LangLinks: langLinks(req.URL, l), RequestID: RequestID(req.Context()), Data: data,
	}
	if r.UserInfo != nil {
		v.User = r.UserInfo(req.Context())
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, pageEntry(name), v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	Send(w, req, status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

func langLinks(u *url.URL, current i18n.Locale) []LangLink {
	out := make([]LangLink, 0, len(i18n.Locales))
	for _, l := range i18n.Locales {
		q := u.Query()
		q.Set("lang", string(l))
		out = append(out, LangLink{Locale: l, Name: l.Name(), URL: u.Path + "?" + q.Encode(), Current: l == current})
	}
	return out
}

// WithQuery returns base with the key/value pairs set in its query; an empty
// value removes the key. Filters use it to build links that combine.
func WithQuery(base string, kv ...string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	q.Del("lang")
	u.RawQuery = q.Encode()
	return u.String()
}
