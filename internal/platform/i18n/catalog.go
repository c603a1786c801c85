package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

//go:embed locales/*.toml
var embedded embed.FS

// Catalog holds every message of every locale. It is immutable once loaded
// and therefore safe for concurrent use without locks.
type Catalog struct {
	sets     map[Locale]*localeMessages
	printers map[Locale]*Printer
}

// localeMessages is one locale's messages, split by how much work they need:
// plain strings are returned straight from the map, so the common case of T
// is one lookup and no allocation.
type localeMessages struct {
	locale Locale
	plain  map[string]string   // no placeholders, not plural
	rich   map[string]*message // plural, or with placeholders
}

// load parses the embedded catalogue once per process: the files cannot
// change at run time, and every caller should share one Catalog.
var load = sync.OnceValues(func() (*Catalog, error) {
	sub, err := fs.Sub(embedded, "locales")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
})

// Load returns the catalogue built from the TOML files embedded from
// internal/platform/i18n/locales. The files are parsed on the first call
// only.
func Load() (*Catalog, error) { return load() }

// MustLoad is Load for program start-up: a broken catalogue is a build
// defect, and the tests catch it before it ships.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// LoadFS builds a catalogue from every *.toml file at the root of fsys.
// A file is named <area>.<locale>.toml (or <locale>.toml); the locale must be
// one of Locales, written exactly. A key defined twice for the same locale,
// even in different files, is an error, so two areas cannot silently
// override each other.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names) // deterministic errors
	c := &Catalog{sets: make(map[Locale]*localeMessages, len(Locales))}
	for _, l := range Locales {
		c.sets[l] = &localeMessages{locale: l, plain: map[string]string{}, rich: map[string]*message{}}
	}
	origin := map[Locale]map[string]string{} // key -> file, to report duplicates
	for _, name := range names {
		l, err := fileLocale(name)
		if err != nil {
			return nil, err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var tree map[string]any
		if _, err := toml.Decode(string(data), &tree); err != nil {
			if strings.Contains(err.Error(), "already been defined") {
				// The usual cause: `a.b = "x"` and `a.b.c = "y"` in one
				// file. TOML reads bare dotted keys as nested tables, so
				// a.b cannot be both text and a table.
				return nil, fmt.Errorf("i18n: %s: %w (a key cannot also be the prefix of another key; quote the longer one, \"a.b.c\" = ..., or rename it)", name, err)
			}
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if origin[l] == nil {
			origin[l] = map[string]string{}
		}
		set := c.sets[l]
		err = walk("", tree, func(key string, m *message) error {
			if prev, dup := origin[l][key]; dup {
				return fmt.Errorf("key %q already defined in %s", key, prev)
			}
			origin[l][key] = name
			if !m.plural && m.forms[formOther].plain() {
				set.plain[key] = m.forms[formOther].raw
			} else {
				set.rich[key] = m
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
	}
	c.printers = make(map[Locale]*Printer, len(Locales))
	for _, l := range Locales {
		c.printers[l] = newPrinter(c, l)
	}
	return c, nil
}

// fileLocale extracts the locale from "<area>.<locale>.toml".
func fileLocale(name string) (Locale, error) {
	base := strings.TrimSuffix(path.Base(name), ".toml")
	code := base[strings.LastIndexByte(base, '.')+1:]
	l, ok := Parse(code)
	if !ok || string(l) != code {
		return "", fmt.Errorf("i18n: %s: file name must end in .<locale>.toml with locale one of %v", name, Locales)
	}
	return l, nil
}

// metaKeys may sit next to plural forms in a message table (go-i18n's
// message fields); they are documentation and ignored here.
var metaKeys = []string{"description", "hash", "id", "leftdelim", "rightdelim"}

// walk flattens nested TOML tables into dotted keys. TOML turns
// `nav.home = "x"` into a table nav containing home, and go-i18n reads it
// back as the key "nav.home"; we do the same. A table that has an "other"
// entry (or any other plural form) is a message, not a namespace.
func walk(prefix string, tree map[string]any, emit func(string, *message) error) error {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := tree[k].(type) {
		case string:
			t, err := compileText(v)
			if err != nil {
				return fmt.Errorf("key %q: %w", key, err)
			}
			m := &message{}
			m.forms[formOther] = &t
			if err := emit(key, m); err != nil {
				return err
			}
		case map[string]any:
			if !isMessageTable(v) {
				if err := walk(key, v, emit); err != nil {
					return err
				}
				continue
			}
			m, err := pluralMessage(key, v)
			if err != nil {
				return err
			}
			if err := emit(key, m); err != nil {
				return err
			}
		default:
			return fmt.Errorf("key %q: value must be a string or a table of plural forms, not %T", key, v)
		}
	}
	return nil
}

func isMessageTable(t map[string]any) bool {
	for k := range t {
		if _, ok := parseForm(k); ok {
			return true
		}
	}
	return false
}

func pluralMessage(key string, t map[string]any) (*message, error) {
	m := &message{}
	n := 0
	for k, v := range t {
		if slices.Contains(metaKeys, strings.ToLower(k)) {
			continue
		}
		f, ok := parseForm(k)
		if !ok {
			return nil, fmt.Errorf("key %q: %q is not a plural form (zero, one, two, few, many, other)", key, k)
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("key %q: form %q must be a string, not %T", key, k, v)
		}
		text, err := compileText(s)
		if err != nil {
			return nil, fmt.Errorf("key %q, form %q: %w", key, k, err)
		}
		m.forms[f] = &text
		n++
	}
	if m.forms[formOther] == nil {
		return nil, fmt.Errorf("key %q: plural message needs an \"other\" form", key)
	}
	// go-i18n treats a table with only "other" (plus a description) as a
	// simple message.
	m.plural = n > 1
	return m, nil
}

// Printer returns the printer for l, or for Default if l is not supported.
// Printers are built at load time, so this is a map lookup.
func (c *Catalog) Printer(l Locale) *Printer {
	if p, ok := c.printers[l]; ok {
		return p
	}
	return c.printers[Default]
}

// Keys returns the sorted keys defined for l itself, without fallback.
func (c *Catalog) Keys(l Locale) []string {
	set, ok := c.sets[l]
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(set.plain)+len(set.rich))
	for k := range set.plain {
		keys = append(keys, k)
	}
	for k := range set.rich {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isPlural reports whether key is a plural message in l's own messages.
func (c *Catalog) isPlural(l Locale, key string) bool {
	if set := c.sets[l]; set != nil {
		if m := set.rich[key]; m != nil {
			return m.plural
		}
	}
	return false
}

// rawTexts returns every source string of key in l (each plural form).
func (c *Catalog) rawTexts(l Locale, key string) []string {
	set := c.sets[l]
	if set == nil {
		return nil
	}
	if s, ok := set.plain[key]; ok {
		return []string{s}
	}
	var out []string
	if m := set.rich[key]; m != nil {
		for _, t := range m.forms {
			if t != nil {
				out = append(out, t.raw)
			}
		}
	}
	return out
}

// placeholders returns the sorted placeholder names key uses in l, across
// all forms except Count, which plural forms may legitimately omit ("one
// commitment" spelled out).
func (c *Catalog) placeholders(l Locale, key string) []string {
	set := c.sets[l]
	if set == nil {
		return nil
	}
	var names []string
	if m := set.rich[key]; m != nil {
		for _, t := range m.forms {
			if t == nil {
				continue
			}
			for _, n := range t.placeholderNames() {
				if !slices.Contains(names, n) && !(m.plural && n == "Count") {
					names = append(names, n)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}
