package i18n

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func testPrinter(t testing.TB, l Locale) *Printer {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c.Printer(l)
}

func TestArabicPlurals(t *testing.T) {
	p := testPrinter(t, AR)
	tests := []struct {
		key  string
		n    int
		want string
	}{
		{"count.commitments", 0, "لا التزامات"},
		{"count.commitments", 1, "التزام واحد"},
		{"count.commitments", 2, "التزامان"},
		{"count.commitments", 3, "3 التزامات"},
		{"count.commitments", 10, "10 التزامات"},
		{"count.commitments", 11, "11 التزاماً"},
		{"count.commitments", 99, "99 التزاماً"},
		{"count.commitments", 100, "100 التزام"},
		{"count.commitments", 101, "101 التزام"},
		{"count.commitments", 103, "103 التزامات"},
		{"count.commitments", 111, "111 التزاماً"},
		{"count.commitments", 1000, "1.000 التزام"},
		{"count.milestones", 0, "لا مراحل"},
		{"count.milestones", 1, "مرحلة واحدة"},
		{"count.milestones", 2, "مرحلتان"},
		{"count.milestones", 3, "3 مراحل"},
		{"count.milestones", 11, "11 مرحلة"},
		{"count.milestones", 100, "100 مرحلة"},
	}
	for _, tt := range tests {
		if got := p.N(tt.key, tt.n); got != tt.want {
			t.Errorf("ar N(%q, %d) = %q; want %q", tt.key, tt.n, got, tt.want)
		}
	}
	// The dual and the singular carry no digit.
	for _, n := range []int{1, 2} {
		for _, key := range []string{"count.commitments", "count.milestones", "count.updates",
			"count.organisations", "count.plans", "count.assessments", "count.results"} {
			if got := p.N(key, n); strings.ContainsAny(got, "0123456789") {
				t.Errorf("ar N(%q, %d) = %q; singular and dual must not show a digit", key, n, got)
			}
		}
	}
}

func TestFrenchEnglishPlurals(t *testing.T) {
	tests := []struct {
		l    Locale
		key  string
		n    int
		want string
	}{
		{FR, "count.commitments", 0, "0 engagement"},
		{FR, "count.commitments", 1, "1 engagement"},
		{FR, "count.commitments", 2, "2 engagements"},
		{FR, "count.commitments", 1000, "1" + nnbsp + "000 engagements"},
		{FR, "count.commitments", 1_000_000, "1" + nnbsp + "000" + nnbsp + "000 engagements"}, // "many" falls back to "other"
		{FR, "count.milestones", 3, "3 jalons"},
		{EN, "count.commitments", 0, "0 commitments"},
		{EN, "count.commitments", 1, "1 commitment"},
		{EN, "count.commitments", 2, "2 commitments"},
		{EN, "count.results", 1234, "1,234 results"},
	}
	for _, tt := range tests {
		if got := testPrinter(t, tt.l).N(tt.key, tt.n); got != tt.want {
			t.Errorf("%s N(%q, %d) = %q; want %q", tt.l, tt.key, tt.n, got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		l    Locale
		key  string
		args []any
		want string
	}{
		{AR, "nav.home", nil, "الرئيسية"},
		{FR, "nav.home", nil, "Accueil"},
		{EN, "nav.home", nil, "Home"},
		{ZGH, "nav.home", nil, "ⴰⵙⵏⵓⴱⴳ"},
		{ZGH, "error.back_home", nil, "العودة إلى الصفحة الرئيسية"}, // zgh falls back to Arabic
		{AR, "no.such.key", nil, "no.such.key"},
		{FR, "no.such.key", nil, "no.such.key"},
		{ZGH, "no.such.key", nil, "no.such.key"},
		{EN, "error.invalid_filter", []any{"Name", "status"}, "Invalid value for the “status” filter."},
		{FR, "common.updated_on", []any{"Date", "20 novembre 2020"}, "Mis à jour le 20 novembre 2020"},
		{EN, "common.from_to", []any{"Start", "1 May 2024", "End", "2 May 2024"}, "From 1 May 2024 to 2 May 2024"},
		{EN, "common.from_to", []any{"End", "E", "Start", "S"}, "From S to E"}, // order of pairs does not matter
		// Values are formatted for the printer's locale.
		{FR, "common.updated_on", []any{"Date", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}, "Mis à jour le 1er mai 2024"},
		{AR, "common.updated_on", []any{"Date", time.Date(2024, 8, 3, 0, 0, 0, 0, time.UTC)}, "آخر تحديث: 3 غشت 2024"},
		{EN, "error.invalid_filter", []any{"Name", Text{AR: "الحالة", EN: "status"}}, "Invalid value for the “status” filter."},
		{EN, "error.invalid_filter", []any{"Name", 12345}, "Invalid value for the “12,345” filter."},
		// Missing or malformed arguments stay visible rather than vanishing.
		{EN, "error.invalid_filter", nil, "Invalid value for the “{{.Name}}” filter."},
		{EN, "error.invalid_filter", []any{"Name"}, "Invalid value for the “{{.Name}}” filter."},
		{EN, "error.invalid_filter", []any{42, "x"}, "Invalid value for the “{{.Name}}” filter."},
		// A plain message ignores arguments.
		{EN, "nav.home", []any{"Name", "x"}, "Home"},
	}
	for _, tt := range tests {
		if got := testPrinter(t, tt.l).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s T(%q, %v) = %q; want %q", tt.l, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestNEdgeCases(t *testing.T) {
	p := testPrinter(t, EN)
	if got := p.N("no.such.key", 3); got != "no.such.key" {
		t.Errorf("N(missing) = %q", got)
	}
	if got := p.N("nav.home", 3); got != "Home" {
		t.Errorf("N(simple message) = %q", got)
	}
	if got := p.T("count.commitments", "Count", "7"); got != "7 commitments" {
		t.Errorf("T(plural key) = %q; want the other form", got)
	}
	// zgh has no plural messages yet: it uses Arabic's, with Arabic rules.
	if got := testPrinter(t, ZGH).N("count.commitments", 2); got != "التزامان" {
		t.Errorf("zgh N(count.commitments, 2) = %q; want the Arabic dual", got)
	}
}

func TestHas(t *testing.T) {
	tests := []struct {
		l    Locale
		key  string
		want bool
	}{
		{AR, "nav.home", true},
		{AR, "count.commitments", true},
		{AR, "nope", false},
		{ZGH, "nav.home", true},
		{ZGH, "error.back_home", true}, // through the Arabic fallback
		{FR, "nope", false},
	}
	for _, tt := range tests {
		if got := testPrinter(t, tt.l).Has(tt.key); got != tt.want {
			t.Errorf("%s Has(%q) = %v; want %v", tt.l, tt.key, got, tt.want)
		}
	}
}

func TestFallbackOnlyForZgh(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{
		"a.ar.toml":  {Data: []byte(`only_ar = "عربي"`)},
		"a.fr.toml":  {Data: []byte(`x = "x"`)},
		"a.zgh.toml": {Data: []byte(`x = "ⵅ"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Printer(ZGH).T("only_ar"); got != "عربي" {
		t.Errorf("zgh T(only_ar) = %q; want Arabic fallback", got)
	}
	// French and English never show Arabic: a missing key shows itself so
	// the gap is noticed (and the completeness test fails).
	if got := c.Printer(FR).T("only_ar"); got != "only_ar" {
		t.Errorf("fr T(only_ar) = %q; want the key", got)
	}
	if got := c.Printer(EN).T("only_ar"); got != "only_ar" {
		t.Errorf("en T(only_ar) = %q; want the key", got)
	}
}

func TestPlainTDoesNotAllocate(t *testing.T) {
	p := testPrinter(t, AR)
	var s string
	if n := testing.AllocsPerRun(100, func() { s = p.T("nav.home") }); n != 0 {
		t.Errorf("T(plain) allocates %v times per call; want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { s = p.N("count.commitments", 2) }); n != 0 {
		t.Errorf("N(plain form) allocates %v times per call; want 0", n)
	}
	z := testPrinter(t, ZGH)
	if n := testing.AllocsPerRun(100, func() { s = z.T("error.back_home") }); n != 0 {
		t.Errorf("zgh T(fallback) allocates %v times per call; want 0", n)
	}
	_ = s
}

func TestFuncs(t *testing.T) {
	const page = `<html lang="{{lang}}" dir="{{dir}}">` +
		`{{t "nav.home"}}|{{tn "count.commitments" .N}}|{{t "error.invalid_filter" "Name" .Param}}|` +
		`{{date .When}}|{{monthyear .When}}|{{datetime .When}}|{{num .Big}}|{{pct .Pct}}|{{pct .Float}}`
	data := map[string]any{
		"N": 11, "Param": `<script>`, "When": time.Date(2020, 11, 20, 15, 4, 0, 0, time.UTC),
		"Big": int64(1234567), "Pct": 45, "Float": 44.6,
	}
	tests := []struct {
		l    Locale
		want string
	}{
		{AR, `<html lang="ar" dir="rtl">الرئيسية|11 التزاماً|قيمة غير صالحة لمعيار التصفية «&lt;script&gt;».|` +
			`20 نونبر 2020|نونبر 2020|20 نونبر 2020 على الساعة 15:04|1.234.567|` + "\u206645%\u2069|\u206645%\u2069"},
		{EN, `<html lang="en" dir="ltr">Home|11 commitments|Invalid value for the “&lt;script&gt;” filter.|` +
			`20 November 2020|November 2020|20 November 2020 at 15:04|1,234,567|` + "\u206645%\u2069|\u206645%\u2069"},
	}
	for _, tt := range tests {
		tmpl, err := template.New("page").Funcs(testPrinter(t, tt.l).Funcs()).Parse(page)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			t.Fatalf("%s: %v", tt.l, err)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("%s page:\n got %s\nwant %s", tt.l, got, tt.want)
		}
	}

	// Wrong types are template errors, not silent garbage.
	for _, src := range []string{`{{num "x"}}`, `{{tn "count.plans" "x"}}`, `{{date 3}}`, `{{pct nil}}`} {
		tmpl := template.Must(template.New("bad").Funcs(testPrinter(t, EN).Funcs()).Parse(src))
		if err := tmpl.Execute(&bytes.Buffer{}, nil); err == nil {
			t.Errorf("%s: want an execution error", src)
		}
	}

	// Optional dates: a nil *time.Time renders as nothing.
	tmpl := template.Must(template.New("opt").Funcs(testPrinter(t, EN).Funcs()).Parse(`[{{date .}}]`))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, (*time.Time)(nil)); err != nil || buf.String() != "[]" {
		t.Errorf("date(nil *time.Time) = %q, %v; want []", buf.String(), err)
	}
}

func BenchmarkPrinterT(b *testing.B) {
	p := testPrinter(b, AR)
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.T("nav.home")
		}
	})
	b.Run("zgh-fallback", func(b *testing.B) {
		z := testPrinter(b, ZGH)
		b.ReportAllocs()
		for b.Loop() {
			_ = z.T("error.back_home")
		}
	})
	b.Run("placeholder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.T("error.invalid_filter", "Name", "status")
		}
	})
	b.Run("missing", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.T("no.such.key")
		}
	})
}

func BenchmarkPrinterN(b *testing.B) {
	p := testPrinter(b, AR)
	b.Run("dual-no-digit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.N("count.commitments", 2)
		}
	})
	b.Run("many", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.N("count.commitments", 11)
		}
	})
	b.Run("large", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.N("count.results", 123456)
		}
	})
}
