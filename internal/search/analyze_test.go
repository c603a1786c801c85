package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The cases are what a person types and what a page says: each pair must
// meet on the same terms.
var analyzeCases = []struct {
	in   string
	want []string
}{
	// The definite article and the particles glued to it.
	{"الشفافية", []string{"شفاف"}},
	{"والشفافية", []string{"شفاف"}},
	{"للشفافية", []string{"شفاف"}},
	{"بالشفافية", []string{"شفاف"}},
	{"فالشفافية", []string{"شفاف"}},
	{"كالشفافية", []string{"شفاف"}},
	{"شفافية", []string{"شفاف"}},
	// Harakat, shadda and tatweel disappear.
	{"الشَّفافيّة", []string{"شفاف"}},
	{"الحُكُومَة", []string{"حكوم"}},
	{"الحكومـــة", []string{"حكوم"}},
	// Alef forms, alef maqsura, taa marbuta.
	{"إدارة", []string{"ادار"}},
	{"أمازيغية", []string{"امازيغ"}},
	{"آفاق", []string{"افاق"}},
	{"ٱلحكومة", []string{"حكوم"}},
	{"مستشفى", []string{"مستشف"}},
	{"مستشفي", []string{"مستشف"}},
	{"المنفتحة", []string{"منفتح"}},
	{"المنفتحه", []string{"منفتح"}},
	// Plural, feminine and pronoun endings.
	{"المعلومات", []string{"معلوم"}},
	{"والمعلومات", []string{"معلوم"}},
	{"معلوماتها", []string{"معلوم"}},
	{"المواطنون", []string{"مواطن"}},
	{"المواطنين", []string{"مواطن"}},
	{"مواطن", []string{"مواطن"}},
	{"الجمعيات", []string{"جمع"}},
	{"جمعية", []string{"جمع"}},
	{"مسؤولية", []string{"مسؤول"}},
	{"التشاركية", []string{"تشارك"}},
	{"الديمقراطية", []string{"ديمقراط"}},
	{"الحقوق", []string{"حقوق"}},
	{"اللجنة", []string{"لجن"}},
	// Short words keep their letters.
	{"وطن", []string{"وطن"}},
	{"ولد", []string{"ولد"}},
	{"مدن", []string{"مدن"}},
	{"سكان", []string{"سكان"}},
	{"لجان", []string{"لجان"}},
	{"الحق", []string{"حق"}},
	// A word whose stem would be a stop word stays whole.
	{"والي", []string{"والي"}},
	{"الله", []string{"الله"}},
	// Stop words.
	{"في", nil},
	{"على", nil},
	{"فيه", nil},
	{"هذه", nil},
	{"الحصول على المعلومات", []string{"حصول", "معلوم"}},
	{"من أجل الشفافية", []string{"اجل", "شفاف"}},
	// Presentation forms fold through NFKC.
	{"ﻻ", nil},
	{"ﺍﻟﺸﻔﺎﻓﻴﺔ", []string{"شفاف"}},
	// Digits: Arabic-Indic, Extended Arabic-Indic, ASCII.
	{"٢٠٢٠", []string{"2020"}},
	{"۲۰۲۲", []string{"2022"}},
	{"2020-2022", []string{"2020", "2022"}},
	{"المادة ١٢", []string{"ماد", "12"}},
	// French: case, accents, elision, light stemming.
	{"Transparence", []string{"transparenc"}},
	{"accès", []string{"acce"}},
	{"acces", []string{"acce"}},
	{"Accès à l'information", []string{"acce", "information"}},
	{"les données publiques", []string{"donn", "publiqu"}},
	{"publique", []string{"publiqu"}},
	{"ÉCOLE", []string{"ecol"}},
	{"école", []string{"ecol"}},
	{"journaux", []string{"journal"}},
	{"journal", []string{"journal"}},
	{"cœur", []string{"coeur"}},
	{"Participation citoyenne", []string{"participation", "citoyenn"}},
	{"Tanger-Tétouan-Al Hoceïma", []string{"tanger", "tetouan", "al", "hoceima"}},
	// English.
	{"Open Government Partnership", []string{"open", "government", "partnership"}},
	{"the access to information", []string{"access", "information"}},
	{"policies", []string{"policy"}},
	{"policy", []string{"policy"}},
	{"process", []string{"process"}},
	{"Straße", []string{"strass"}},
	{"ﬁnance", []string{"financ"}},
	// Tifinagh passes through as words.
	{"ⵜⴰⵎⴰⵣⵉⵖⵜ", []string{"ⵜⴰⵎⴰⵣⵉⵖⵜ"}},
	{"ⴰⵎⴰⵣⵉⵖ ⵜⵉⴼⵉⵏⴰⵖ", []string{"ⴰⵎⴰⵣⵉⵖ", "ⵜⵉⴼⵉⵏⴰⵖ"}},
	// Mixed scripts and punctuation.
	{"Région TTA ٢٠٢٠", []string{"region", "tta", "2020"}},
	{"«الحكومة المنفتحة»، 2021.", []string{"حكوم", "منفتح", "2021"}},
	{"x\u200cy", []string{"xy"}},
	// Nothing to find.
	{"", nil},
	{"   ", nil},
	{"!!! ؟؟ ...", nil},
	{"\x00\x01", nil},
	{"\xff\xfe", nil},
}

func TestAnalyze(t *testing.T) {
	if len(analyzeCases) < 60 {
		t.Fatalf("only %d cases", len(analyzeCases))
	}
	for _, c := range analyzeCases {
		if got := Analyze(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Analyze(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The forms a person may type for one word all give one term.
func TestVariantsMeet(t *testing.T) {
	groups := [][]string{
		{"الشفافية", "والشفافية", "للشفافية", "الشَّفافيّة", "بالشفافية", "شفافية"},
		{"المعلومات", "والمعلومات", "للمعلومات", "معلومات"},
		{"٢٠٢٢", "۲۰۲۲", "2022"},
		{"Accès", "acces", "ACCÈS", "accès"},
		{"participation", "Participations", "PARTICIPATION"},
	}
	for _, g := range groups {
		want := Analyze(g[0])
		for _, v := range g[1:] {
			if got := Analyze(v); !slices.Equal(got, want) {
				t.Errorf("Analyze(%q) = %q, but Analyze(%q) = %q", v, got, g[0], want)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"الشَّفافيّة":         "الشفافيه",
		"  Accès — à l'info ": "acces a l info",
		"إلى ٢٠٢٠":            "الي 2020",
		"":                    "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStemKeepsTwoLetters(t *testing.T) {
	for _, w := range []string{"الا", "وال", "لله", "بها", "ات", "ون", "يه"} {
		if got := stemArabic(w); runeLen(got) < 2 {
			t.Errorf("stemArabic(%q) = %q", w, got)
		}
	}
}

// FuzzAnalyze: the analyzer never panics, writes valid UTF-8, and its terms
// analyze to themselves.
func FuzzAnalyze(f *testing.F) {
	for _, c := range analyzeCases {
		f.Add(c.in)
	}
	f.Add("ﷺ ﷽ ǅ ﬀ İ ß Ⅻ ① ㎞ ̈a")
	f.Fuzz(func(t *testing.T, in string) {
		terms := Analyze(in)
		for _, term := range terms {
			if !utf8.ValidString(term) || term == "" || strings.ContainsAny(term, " \t\n") {
				t.Fatalf("Analyze(%q) gave the term %q", in, term)
			}
		}
		if again := Analyze(strings.Join(terms, " ")); !slices.Equal(again, terms) {
			t.Fatalf("Analyze(%q) = %q, but analyzing that gives %q", in, terms, again)
		}
		n := Normalize(in)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not UTF-8", in, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(%q) = %q, but normalizing that gives %q", in, n, again)
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat("تلتزم الجهة بنشر المعلومات المتعلقة بالميزانية والصفقات العمومية في بوابة الشفافية، وتشرك جمعيات المجتمع المدني. ", 4) +
		"La Région publie les données budgétaires et associe la société civile. "
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Analyze(text)
	}
}
