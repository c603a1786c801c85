package i18n

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadEmbedded(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	c2, err := Load()
	if err != nil || c2 != c {
		t.Errorf("Load should parse once and return the same catalogue")
	}
	if MustLoad() != c {
		t.Errorf("MustLoad should return the loaded catalogue")
	}
	for _, l := range Locales {
		if len(c.Keys(l)) == 0 {
			t.Errorf("no keys for %s", l)
		}
		if got := c.Printer(l).Locale(); got != l {
			t.Errorf("Printer(%s).Locale() = %s", l, got)
		}
		if c.Printer(l) != c.Printer(l) {
			t.Errorf("Printer(%s) is not cached", l)
		}
	}
	if got := c.Printer(Locale("de")).Locale(); got != Default {
		t.Errorf("Printer(de).Locale() = %s; want the default", got)
	}
	if keys := c.Keys(AR); !slices.IsSorted(keys) {
		t.Errorf("Keys(ar) is not sorted")
	}
	if keys := c.Keys(Locale("de")); len(keys) != 0 {
		t.Errorf("Keys(de) = %v; want none", keys)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"common.ar.toml": {Data: []byte(`
simple = "بسيط"
nav.home = "الرئيسية"
"quoted.key" = "مفتاح"
"nav.home.hint" = "تلميح"
hello = "مرحبا {{.Name}}"

[with_meta]
description = "only other: a simple message with a translator note"
other = "وصف"

[count.items]
zero = "لا عناصر"
one = "عنصر واحد"
two = "عنصران"
few = "{{.Count}} عناصر"
many = "{{.Count}} عنصراً"
other = "{{.Count}} عنصر"
`)},
		"plan.ar.toml":   {Data: []byte(`plan.title = "خطة"`)},
		"common.fr.toml": {Data: []byte(`simple = "simple"`)},
		"README.md":      {Data: []byte("not a catalogue")},
		"sub/x.en.toml":  {Data: []byte(`ignored = "subfolders are not read"`)},
	}
	c, err := LoadFS(fsys)
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	wantAR := []string{"count.items", "hello", "nav.home", "nav.home.hint", "plan.title", "quoted.key", "simple", "with_meta"}
	if got := c.Keys(AR); !slices.Equal(got, wantAR) {
		t.Errorf("Keys(ar) = %v; want %v", got, wantAR)
	}
	if got := c.Keys(EN); len(got) != 0 {
		t.Errorf("Keys(en) = %v; want none (subfolders ignored)", got)
	}
	p := c.Printer(AR)
	for key, want := range map[string]string{
		"simple": "بسيط", "nav.home": "الرئيسية", "quoted.key": "مفتاح",
		"plan.title": "خطة", "with_meta": "وصف", "nav.home.hint": "تلميح",
	} {
		if got := p.T(key); got != want {
			t.Errorf("T(%q) = %q; want %q", key, got, want)
		}
	}
	if got := p.N("count.items", 11); got != "11 عنصراً" {
		t.Errorf("N(count.items, 11) = %q", got)
	}
	if _, ok := c.sets[AR].plain["with_meta"]; !ok {
		t.Errorf("a table with only other/description should be a plain message")
	}
}

func TestLoadFSErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string // substring of the error
	}{
		{"unknown locale", fstest.MapFS{"common.de.toml": {Data: []byte(`a = "b"`)}}, "common.de.toml"},
		{"region in file name", fstest.MapFS{"common.ar-MA.toml": {Data: []byte(`a = "b"`)}}, "common.ar-MA.toml"},
		{"bad toml", fstest.MapFS{"common.ar.toml": {Data: []byte(`a = `)}}, "common.ar.toml"},
		{"duplicate across files", fstest.MapFS{
			"common.ar.toml": {Data: []byte(`nav.home = "أ"`)},
			"plan.ar.toml":   {Data: []byte(`nav.home = "ب"`)},
		}, "nav.home"},
		{"number value", fstest.MapFS{"common.ar.toml": {Data: []byte(`a = 3`)}}, `"a"`},
		{"plural without other", fstest.MapFS{"common.en.toml": {Data: []byte("[count.x]\none = \"one x\"\n")}}, "count.x"},
		{"plural with stray key", fstest.MapFS{"common.en.toml": {Data: []byte("[count.x]\none = \"x\"\nother = \"xs\"\nfoo = \"?\"\n")}}, "foo"},
		{"unknown plural form", fstest.MapFS{"common.en.toml": {Data: []byte("[count.x]\none = \"x\"\nother = \"xs\"\nsome = \"?\"\n")}}, "some"},
		{"template syntax", fstest.MapFS{"common.en.toml": {Data: []byte(`a = "{{if .X}}x{{end}}"`)}}, `"a"`},
		{"unterminated placeholder", fstest.MapFS{"common.en.toml": {Data: []byte(`a = "{{.X"`)}}, `"a"`},
		{"key is also a prefix", fstest.MapFS{"common.en.toml": {Data: []byte("a.b = \"x\"\na.b.c = \"y\"\n")}}, "quote the longer one"},
	}
	for _, tt := range tests {
		_, err := LoadFS(tt.files)
		if err == nil {
			t.Errorf("%s: LoadFS succeeded; want error", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not mention %q", tt.name, err, tt.want)
		}
	}
}
