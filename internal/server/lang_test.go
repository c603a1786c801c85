package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	htmlparse "golang.org/x/net/html"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
)

// Text shown in another language than the page's carries its own lang and
// dir. The demo's stored texts are cut down to one language (Arabic, then
// French), and every public page type is read in every language: each text
// node of a stored text in another language than the page's must sit in an
// element that says its language and direction, and any other Arabic text
// on a page in another language (a zgh page's untranslated messages, a
// person's own words) must be isolated at least.
func TestFallbackTextIsIsolated(t *testing.T) {
	for _, only := range []i18n.Locale{i18n.AR, i18n.FR} {
		t.Run("only "+string(only), func(t *testing.T) {
			d := dbtest.SQLite(t)
			ctx := context.Background()
			if _, err := demo.Load(ctx, d); err != nil {
				t.Fatalf("demo: %v", err)
			}
			kept, plain := keepOnly(t, d, only)
			srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv.Handler())
			t.Cleanup(ts.Close)
			query := "الشفافية"
			if only == i18n.FR {
				query = "transparence"
			}
			for _, l := range i18n.Locales {
				marked := 0
				for _, path := range publicPages(t, ts, query) {
					r := get(t, ts, path+sep(path)+"lang="+string(l))
					if r.status != 200 {
						t.Errorf("GET %s in %s: %d", path, l, r.status)
						continue
					}
					doc, err := htmlparse.Parse(strings.NewReader(r.body))
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					c := &langCheck{page: l, kept: kept, plain: plain, only: only}
					c.walk(doc, "", "", false)
					for _, e := range c.errs {
						t.Errorf("%s in %s: %s", path, l, e)
					}
					marked += c.marked
				}
				if l != only && marked == 0 {
					t.Errorf("in %s no page showed a stored text in %s: the test checks nothing", l, only)
				}
			}
		})
	}
}

// publicPages are a page of each public type, found through the API.
func publicPages(t *testing.T, ts *httptest.Server, query string) []string {
	t.Helper()
	first := func(list, field string) string { return firstField(t, ts, list, field) }
	consultation := first("/api/v1/consultations", "id")
	meeting := regexp.MustCompile(`href="(/forum/meetings/[0-9]+)"`).FindStringSubmatch(get(t, ts, "/forum").body)
	if meeting == nil {
		t.Fatal("no forum meeting on /forum")
	}
	return []string{
		"/", "/plans", "/plans/plan-2021-2023", "/commitments/" + first("/api/v1/commitments", "id"),
		"/consultations", "/consultations/" + consultation, "/consultations/" + consultation + "/report",
		"/proposals/" + first("/api/v1/proposals", "id"), meeting[1], "/data", "/audit",
		"/news", "/news/" + first("/api/v1/news", "slug"), "/events", "/events/" + first("/api/v1/events", "id"),
		"/search?q=" + url.QueryEscape(query), "/forum", "/documents",
		"/organisations", "/organisations/" + first("/api/v1/organisations", "id"),
	}
}

// firstField is field of the first item of an API list, as text.
func firstField(t *testing.T, ts *httptest.Server, list, field string) string {
	t.Helper()
	r := get(t, ts, list)
	var v struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || len(v.Data) == 0 {
		t.Fatalf("GET %s: %d %v", list, r.status, err)
	}
	return fmt.Sprint(v.Data[0][field])
}

// keepOnly removes from every stored translatable text of d the languages
// other than only, where the text has a value in only, and returns the
// values kept in only, less those also stored as plain text (a person's
// name that is also an organisation's cannot be told apart on a page). A
// column holds translatable texts when its values are JSON objects keyed by
// languages. The audit ledger (whose hashes cover its rows) and the
// search index are left as they are. plain are the plain texts.
func keepOnly(t *testing.T, d *db.DB, only i18n.Locale) (kept, plain map[string]bool) {
	t.Helper()
	ctx := context.Background()
	kept, plain = map[string]bool{}, map[string]bool{}
	tables, err := stringsOf(d, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'
		AND name NOT LIKE 'search%' AND name NOT LIKE 'audit%' AND name NOT LIKE 'goose%' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		cols, err := stringsOf(d, `SELECT name FROM pragma_table_info(?) WHERE upper(type) = 'TEXT'`, table)
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range cols {
			type row struct {
				id int64
				v  string
			}
			var rows []row
			rs, err := d.Writer().QueryContext(ctx, fmt.Sprintf(`SELECT rowid, %q FROM %q WHERE %q IS NOT NULL`, col, table, col))
			if err != nil {
				t.Fatal(err)
			}
			for rs.Next() {
				var r row
				if err := rs.Scan(&r.id, &r.v); err != nil {
					t.Fatal(err)
				}
				rows = append(rows, r)
			}
			rs.Close()
			for _, r := range rows {
				var m map[string]string
				if !strings.HasPrefix(r.v, "{") || json.Unmarshal([]byte(r.v), &m) != nil {
					plain[normalize(r.v)] = true
					continue
				}
				if !allLocales(m) || m[string(only)] == "" {
					continue
				}
				kept[normalize(m[string(only)])] = true
				b, _ := json.Marshal(map[string]string{string(only): m[string(only)]})
				if _, err := d.Writer().ExecContext(ctx, fmt.Sprintf(`UPDATE %q SET %q = ? WHERE rowid = ?`, table, col), string(b), r.id); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for s := range plain {
		delete(kept, s)
	}
	return kept, plain
}

func stringsOf(d *db.DB, q string, args ...any) ([]string, error) {
	rs, err := d.Writer().QueryContext(context.Background(), q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var s string
		if err := rs.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rs.Err()
}

func allLocales(m map[string]string) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if _, ok := i18n.Parse(k); !ok || len(k) > 3 {
			return false
		}
	}
	return true
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// langCheck walks a page, checking its text nodes.
type langCheck struct {
	page    i18n.Locale
	only    i18n.Locale
	kept    map[string]bool
	plain   map[string]bool
	errs    []string
	marked  int // stored texts in another language, marked
	foreign int // stored texts in the page's language marked as another
}

// walk visits n; lang and dir are the nearest ones set on n's ancestors,
// isolated whether one of them isolates its text (a <bdi> or a dir).
func (c *langCheck) walk(n *htmlparse.Node, lang, dir string, isolated bool) {
	if n.Type == htmlparse.ElementNode {
		switch n.Data {
		case "head", "script", "style", "template":
			return
		}
		_, hasLang := attr(n, "lang")
		for _, a := range n.Attr {
			switch a.Key {
			case "lang":
				lang = a.Val
			case "dir":
				dir, isolated = a.Val, true
			}
		}
		if n.Data == "bdi" {
			isolated = true
			if _, ok := attr(n, "dir"); !ok {
				dir = "auto"
			}
		}
		if hasLang && n.Data != "html" && lang != string(c.page) && !inLanguageSwitcher(n) {
			if s := normalize(textOf(n)); c.page == c.only && c.isKept(s) {
				c.foreign++
				c.errs = append(c.errs, fmt.Sprintf("%q, in %s, is marked as %s (in %s)", short(s), c.only, lang, path(n.FirstChild)))
			}
		}
	}
	if n.Type == htmlparse.TextNode {
		c.text(n, lang, dir, isolated)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch, lang, dir, isolated)
	}
}

func (c *langCheck) text(n *htmlparse.Node, lang, dir string, isolated bool) {
	s := normalize(n.Data)
	if s == "" {
		return
	}
	arabic := hasArabic(s)
	stored := c.isKept(s)
	switch {
	case stored && c.page != c.only:
		want := c.only
		if lang != string(want) || dir != want.Dir() {
			c.errs = append(c.errs, fmt.Sprintf("stored %s text %q is shown with lang=%q dir=%q (in %s)", want, short(s), lang, dir, path(n)))
		} else {
			c.marked++
		}
	case arabic && c.page != i18n.AR && (lang != "ar" || dir != "rtl") && !(isolated && dir == "auto"):
		c.errs = append(c.errs, fmt.Sprintf("Arabic text %q is neither marked (lang=%q dir=%q) nor isolated (in %s)", short(s), lang, dir, path(n)))
	}
}

// isKept reports whether s is a stored text of the only language, or a part
// of one long enough not to be a coincidence.
func (c *langCheck) isKept(s string) bool {
	if c.plain[s] {
		return false // also a person's own words, whose language no one said
	}
	if c.kept[s] {
		return true
	}
	if len([]rune(s)) < 16 {
		return false
	}
	for v := range c.kept {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

func textOf(n *htmlparse.Node) string {
	if n.Type == htmlparse.TextNode {
		return n.Data
	}
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		b.WriteString(textOf(ch))
	}
	return b.String()
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func attr(n *htmlparse.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// inLanguageSwitcher reports whether n names a language in the switcher,
// each in its own language.
func inLanguageSwitcher(n *htmlparse.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if v, _ := attr(p, "class"); p.Data == "nav" && v == "langs" {
			return true
		}
	}
	return false
}

// path names n's element and its ancestors, for a failure's message.
func path(n *htmlparse.Node) string {
	var parts []string
	for p := n.Parent; p != nil && p.Type == htmlparse.ElementNode && len(parts) < 4; p = p.Parent {
		s := p.Data
		if v, ok := attr(p, "class"); ok {
			s += "." + strings.ReplaceAll(v, " ", ".")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " < ")
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
