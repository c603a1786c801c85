package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		in       string
		terms    []string
		phrases  [][]string
		excluded []string
		problem  Problem
	}{
		{in: "الشفافية", terms: []string{"شفاف"}},
		{in: "  الحكومة   المنفتحة ", terms: []string{"حكوم", "منفتح"}},
		{in: `"الحكومة المنفتحة"`, phrases: [][]string{{"حكوم", "منفتح"}}},
		{in: `«الحكومة المنفتحة» ميزانية`, terms: []string{"ميز"}, phrases: [][]string{{"حكوم", "منفتح"}}},
		{in: `"accès à l'information`, phrases: [][]string{{"acce", "information"}}}, // unbalanced: to the end
		{in: `"الشفافية"`, terms: []string{"شفاف"}},                                  // a phrase of one word is a word
		{in: "ميزانية -الصفقات", terms: []string{"ميز"}, excluded: []string{"صفق"}},
		{in: "2020-2022", terms: []string{"2020", "2022"}},
		{in: "٢٠٢٢ budget", terms: []string{"2022", "budget"}},
		{in: "a\x00budget\tcitoyen", terms: []string{"budget", "citoyen"}},
		{in: "", problem: ProblemEmpty},
		{in: "   \t\n", problem: ProblemEmpty},
		{in: "!!! ؟ ...", problem: ProblemEmpty},
		{in: `"""`, problem: ProblemEmpty},
		{in: "في من على", problem: ProblemStopWords},
		{in: "the of", problem: ProblemStopWords},
		{in: "-الصفقات", excluded: []string{"صفق"}, problem: ProblemOnlyMinus},
		{in: "-", problem: ProblemEmpty},
		{in: strings.Repeat("ب", MaxQueryRunes+1), problem: ProblemTooLong},
		{in: "\xff\xfeشفافية", terms: []string{"شفاف"}},
	} {
		q, p := ParseQuery(c.in)
		if p != c.problem {
			t.Errorf("ParseQuery(%q): problem %q, want %q", c.in, p, c.problem)
			continue
		}
		if !slices.Equal(q.Terms, c.terms) || !slices.EqualFunc(q.Phrases, c.phrases, slices.Equal) || !slices.Equal(q.Excluded, c.excluded) {
			t.Errorf("ParseQuery(%q) = %+v, want terms %q phrases %q excluded %q", c.in, q, c.terms, c.phrases, c.excluded)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"a b" -c`, `«الحكومة`, "-", `""`, "x\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, p := ParseQuery(in)
		if p == "" && q.Empty() {
			t.Fatalf("ParseQuery(%q): no problem but nothing to search", in)
		}
	})
}

func TestSnippet(t *testing.T) {
	text := "تلتزم الجهة بنشر المعلومات المتعلقة بالميزانية في بوابة الشَّفافيّة الجهوية، وتشرك جمعيات المجتمع المدني في تتبعها."
	got := Snippet(text, Analyze("الشفافية"), 200)
	var marked []string
	for _, f := range got {
		if f.Mark {
			marked = append(marked, f.Text)
		}
	}
	if !slices.Equal(marked, []string{"الشَّفافيّة"}) {
		t.Errorf("marked %q, want the word as written", marked)
	}
	var whole strings.Builder
	for _, f := range got {
		whole.WriteString(f.Text)
	}
	if whole.String() != text {
		t.Errorf("a short text comes whole: %q", whole.String())
	}

	long := strings.Repeat("كلمة أخرى هنا ", 40) + "Accès à l'information publique " + strings.Repeat("suite du texte ", 40)
	got = Snippet(long, Analyze("acces"), 80)
	if len(got) < 3 || !got[1].Mark && !got[2].Mark {
		t.Fatalf("snippet %+v", got)
	}
	joined := ""
	for _, f := range got {
		joined += f.Text
		if f.Mark && f.Text != "Accès" {
			t.Errorf("marked %q", f.Text)
		}
	}
	if !strings.HasPrefix(joined, "… ") || !strings.HasSuffix(joined, " …") {
		t.Errorf("a cut snippet shows it is cut: %q", joined)
	}
	if n := len([]rune(joined)); n > 90 {
		t.Errorf("snippet of %d runes", n)
	}

	if got := Snippet("نص بلا تطابق", []string{"xyz"}, 100); len(got) != 1 || got[0].Mark {
		t.Errorf("no match: %+v", got)
	}
	if got := Snippet("", []string{"x"}, 100); len(got) != 0 {
		t.Errorf("empty text: %+v", got)
	}
}

// A long body is cut around its first match as if it were read whole: the
// window the snippet works on must not change the result.
func TestSnippetOfLongText(t *testing.T) {
	joined := func(fs []Fragment) (string, []string) {
		var b strings.Builder
		var marked []string
		for _, f := range fs {
			b.WriteString(f.Text)
			if f.Mark {
				marked = append(marked, f.Text)
			}
		}
		return b.String(), marked
	}
	filler := strings.Repeat("نص   طويل\nعن أشغال الجهة ", 2000)
	long := filler + "تعزيز الشفافية في الصفقات " + filler + "الشفافية مرة أخرى"
	got, marked := joined(Snippet(long, Analyze("الشفافية"), 120))
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") {
		t.Errorf("a snippet from the middle shows both cuts: %q", got)
	}
	if !slices.Equal(marked, []string{"الشفافية"}) {
		t.Errorf("marked %q", marked)
	}
	if n := len([]rune(got)); n > 130 || n < 60 {
		t.Errorf("snippet of %d runes: %q", n, got)
	}
	if strings.Contains(got, "  ") || strings.Contains(got, "\n") {
		t.Errorf("white space is not folded: %q", got)
	}
	for _, w := range strings.Fields(strings.Trim(got, "… ")) {
		if !strings.Contains(" "+strings.Join(strings.Fields(long), " ")+" ", " "+w+" ") {
			t.Errorf("a word was cut in two: %q", w)
		}
	}

	got, marked = joined(Snippet(filler, Analyze("الشفافية"), 120))
	if len(marked) != 0 || strings.HasPrefix(got, "…") || !strings.HasSuffix(got, " …") {
		t.Errorf("without a match, the beginning, cut at its end: %q", got)
	}
	if !strings.HasPrefix(filler, strings.Fields(got)[0]) {
		t.Errorf("without a match, the snippet starts the text: %q", got)
	}

	// The best text is the first with a match, in the order given.
	m := newMatcher(Analyze("budget"))
	frags, lang := bestSnippet([]snippetSource{{"", i18n.AR}, {"texte sans rapport", i18n.FR}, {"the budget of the region", i18n.EN}}, m, 100)
	got, marked = joined(frags)
	if got != "the budget of the region" || !slices.Equal(marked, []string{"budget"}) || lang != i18n.EN {
		t.Errorf("best snippet %q (%s), marked %q", got, lang, marked)
	}
	frags, lang = bestSnippet([]snippetSource{{"", i18n.AR}, {"texte sans rapport", i18n.FR}, {"autre", i18n.EN}}, m, 100)
	if got, _ = joined(frags); got != "texte sans rapport" || lang != i18n.FR {
		t.Errorf("without a match, the first text that has words: %q (%s)", got, lang)
	}
}
