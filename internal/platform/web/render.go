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
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
)

//go:embed templates/*.html
var layoutFS embed.FS

// LayoutTemplates exposes the shared layout and partials so tests can check
// that every message key they use is translated.
var LayoutTemplates fs.FS = layoutFS

// Renderer renders pages inside the site layout. Every page file defines
// "title" and "content" (and may define "head"); it is parsed once per
// locale on a clone of the layout, with the translation functions bound to
// that locale, so rendering never races on shared state.
type Renderer struct {
	cat    *i18n.Catalog
	assets *Assets
	pages  map[i18n.Locale]map[string]*template.Template
	bufs   sync.Pool

	// UserInfo, when set, tells the layout who is signed in (nil for a
	// visitor). The server sets it; web knows nothing of accounts.
	UserInfo func(ctx context.Context) *ViewUser
}

// ViewUser is what the layout shows of the signed-in person.
type ViewUser struct {
	Name     string
	CanAdmin bool // editors and above see the administration link
}

// Shared marks a feature's templates whose partials (templates/_*.html) every
// page of every feature may call, such as the comment thread that several
// features embed. Its pages are parsed like any other's.
func Shared(fsys fs.FS) fs.FS { return sharedFS{fsys} }

type sharedFS struct{ fs.FS }

// NewRenderer parses the layout and the *.html page files of each fsys. A
// page is named by its file name without extension; names must be unique.
func NewRenderer(cat *i18n.Catalog, assets *Assets, pageFS ...fs.FS) (*Renderer, error) {
	r := &Renderer{cat: cat, assets: assets, pages: map[i18n.Locale]map[string]*template.Template{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	pageFS = append([]fs.FS{layoutFS}, pageFS...)
	for _, l := range i18n.Locales {
		p := cat.Printer(l)
		base, err := template.New("layout").Funcs(r.funcs(l)).ParseFS(layoutFS, "templates/layout.html", "templates/partials.html")
		if err != nil {
			return nil, fmt.Errorf("parse layout: %w", err)
		}
		for _, fsys := range pageFS {
			if _, ok := fsys.(sharedFS); !ok {
				continue
			}
			shared, err := fs.Glob(fsys, "templates/_*.html")
			if err != nil {
				return nil, err
			}
			if len(shared) > 0 {
				if base, err = base.ParseFS(fsys, shared...); err != nil {
					return nil, fmt.Errorf("parse shared partials: %w", err)
				}
			}
		}
		r.pages[l] = map[string]*template.Template{}
		for _, fsys := range pageFS {
			files, err := fs.Glob(fsys, "templates/*.html")
			if err != nil {
				return nil, err
			}
			// Files named _*.html hold a feature's partials, shared by its pages
			// (already in base when the feature shares them with every page).
			partials, err := fs.Glob(fsys, "templates/_*.html")
			if err != nil {
				return nil, err
			}
			if _, ok := fsys.(sharedFS); ok {
				partials = nil
			}
			for _, f := range files {
				name := strings.TrimSuffix(path.Base(f), ".html")
				if name == "layout" || name == "partials" || strings.HasPrefix(name, "_") {
					continue
				}
				if _, dup := r.pages[l][name]; dup {
					return nil, fmt.Errorf("parse pages: two pages named %q", name)
				}
				clone, err := base.Clone()
				if err != nil {
					return nil, err
				}
				t, err := clone.ParseFS(fsys, append(partials, f)...)
				if err != nil {
					return nil, fmt.Errorf("parse page %s: %w", f, err)
				}
				foldMessages(t, "layout", p.T)
				r.pages[l][name] = t
			}
		}
	}
	return r, nil
}

func (r *Renderer) funcs(l i18n.Locale) template.FuncMap {
	p := r.cat.Printer(l)
	fm := p.Funcs()
	fm["text"] = func(t i18n.Text) string { return t.In(l) }
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
	t, ok := r.pages[l][name]
	if !ok {
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
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
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
