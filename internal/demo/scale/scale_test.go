package scale

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/search"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestGenerator(t *testing.T) {
	ar, fr := Vocabularies([]string{"الشفافية", "المواطنين"}, []string{"transparence"})
	if len(ar.words) < 10000 || len(fr.words) < 10000 {
		t.Fatalf("vocabularies of %d and %d words", len(ar.words), len(fr.words))
	}
	g := NewGenerator(ar, fr, 1)
	news, head := 0, 0
	for i := range 2000 {
		d := g.Doc(1, int64(i+1))
		for _, s := range []string{d.Title.In("ar"), d.Body.In("ar")} {
			if s == "" || !utf8.ValidString(s) {
				t.Fatalf("doc %d: %q", i, s)
			}
		}
		if d.Kind == "news" {
			news++
		}
		if strings.Contains(d.Body.In("ar"), "الشفافية") {
			head++
		}
	}
	if news < 100 || news > 320 {
		t.Errorf("%d news of 2000", news)
	}
	// Zipf: the most frequent word is in a good share of the documents.
	if head < 200 {
		t.Errorf("the first head word in %d of 2000 documents", head)
	}
	if q := g.Query(); len(search.Analyze(q)) == 0 {
		t.Errorf("query %q analyzes to nothing", q)
	}
}

func TestFill(t *testing.T) {
	d := dbtest.SQLite(t)
	ar, fr := Vocabularies(nil, nil)
	if _, err := Fill(t.Context(), d, ar, fr, 500, 200, 1, nil); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.R().QueryRowContext(t.Context(), `SELECT count(*) FROM search_docs`).Scan(&n); err != nil || n != 500 {
		t.Fatalf("%d documents, %v", n, err)
	}
	// A second fill numbers after the first.
	if _, err := Fill(t.Context(), d, ar, fr, 100, 200, 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := d.R().QueryRowContext(t.Context(), `SELECT count(*) FROM search_docs`).Scan(&n); err != nil || n != 600 {
		t.Fatalf("%d documents after a second fill, %v", n, err)
	}
}

func BenchmarkPrepare(b *testing.B) {
	ar, fr := Vocabularies(nil, nil)
	g := NewGenerator(ar, fr, 1)
	docs := make([]search.Doc, 1000)
	for i := range docs {
		docs[i] = g.Doc(1, int64(i+1))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		search.Prepare(db.SQLite, docs[i%len(docs)])
	}
}

func BenchmarkFillSQLite(b *testing.B) {
	d := dbtest.SQLite(b)
	ar, fr := Vocabularies(nil, nil)
	b.ResetTimer()
	if _, err := Fill(b.Context(), d, ar, fr, b.N, 2000, 1, nil); err != nil {
		b.Fatal(err)
	}
}

// A capital letter is part of its word.
func TestHeadWordsKeepCapitals(t *testing.T) {
	got := HeadWords([]string{"Le Conseil régional et la Région", "المجلس الجهوي"})
	for _, w := range []string{"conseil", "région", "régional", "المجلس"} {
		if !slices.Contains(got, w) {
			t.Errorf("%q missing from %v", w, got)
		}
	}
	if slices.Contains(got, "onseil") || slices.Contains(got, "égion") {
		t.Errorf("a word cut at its capital: %v", got)
	}
}
