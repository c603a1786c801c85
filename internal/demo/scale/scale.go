// Package scale fills a site with a large synthetic corpus in Arabic and
// French, to measure search the way a busy region would use it: news
// articles and many short comments, words drawn from a real vocabulary with
// the skewed (Zipf) frequencies of natural language, sentence lengths like
// those of news and comments.
//
// The corpus goes into the search index of its own site ("scale"); its
// documents exist to be searched and have no pages.
package scale

import (
	"context"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
	"github.com/infitah/infitah/internal/site"
)

// Slug is the slug of the site the corpus fills.
const Slug = "scale"

var (
	//go:embed words/ar.txt
	arWords string
	//go:embed words/fr.txt
	frWords string
)

// Function words, the most frequent of each language, which the analyzer
// drops: real text is full of them.
var (
	arFunction = strings.Fields("في من على إلى عن مع أن التي الذي هذا هذه كان بين كل بعد قبل حول خلال و")
	frFunction = strings.Fields("de la le les des du et à en un une pour dans par sur que qui au aux avec est")
	arPrefixes = []string{"", "", "", "", "ال", "ال", "وال", "بال", "لل", "و", "ب"}
)

// Vocabulary is the words of one language, most frequent first.
type Vocabulary struct {
	words    []string
	function []string
	prefixes []string
}

// Vocabularies builds the Arabic and French vocabularies: head words (the
// most frequent, e.g. the demo site's own) then the word lists' tail.
func Vocabularies(headAR, headFR []string) (ar, fr *Vocabulary) {
	return &Vocabulary{words: merge(headAR, strings.Fields(arWords)), function: arFunction, prefixes: arPrefixes},
		&Vocabulary{words: merge(headFR, strings.Fields(frWords)), function: frFunction, prefixes: []string{""}}
}

func merge(head, tail []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(head)+len(tail))
	for _, w := range append(append([]string{}, head...), tail...) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Generator writes documents and queries from two vocabularies.
type Generator struct {
	ar, fr *Vocabulary
	r      *rand.Rand
	zipfAR *rand.Zipf
	zipfFR *rand.Zipf
}

// NewGenerator returns a generator with its own seed.
func NewGenerator(ar, fr *Vocabulary, seed uint64) *Generator {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &Generator{ar: ar, fr: fr, r: r,
		zipfAR: rand.NewZipf(r, 1.1, 2, uint64(len(ar.words)-1)),
		zipfFR: rand.NewZipf(r, 1.1, 2, uint64(len(fr.words)-1))}
}

// Word draws one content word of the language.
func (g *Generator) Word(arabic bool) string {
	if arabic {
		return g.ar.words[g.zipfAR.Uint64()]
	}
	return g.fr.words[g.zipfFR.Uint64()]
}

// sentence writes n words: content words, some with an attached particle,
// and function words between them.
func (g *Generator) sentence(arabic bool, n int) string {
	v := g.fr
	if arabic {
		v = g.ar
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		if g.r.IntN(4) == 0 {
			b.WriteString(v.function[g.r.IntN(len(v.function))])
			continue
		}
		b.WriteString(v.prefixes[g.r.IntN(len(v.prefixes))])
		b.WriteString(g.Word(arabic))
	}
	b.WriteByte('.')
	return b.String()
}

// text writes paragraphs of sentences of 8 to 25 words, about words long.
func (g *Generator) text(arabic bool, words int) string {
	var b strings.Builder
	written := 0
	for written < words {
		n := 8 + g.r.IntN(18)
		if b.Len() > 0 {
			if g.r.IntN(5) == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.sentence(arabic, n))
		written += n
	}
	return b.String()
}

var epoch = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc writes document number id of the site: a news article (one in ten,
// 150 to 600 words) or a comment (10 to 80 words); seven in ten in Arabic.
func (g *Generator) Doc(siteID, id int64) search.Doc {
	arabic := g.r.IntN(10) < 7
	l := i18n.FR
	if arabic {
		l = i18n.AR
	}
	d := search.Doc{SiteID: siteID, RefID: id, Kind: "comment",
		Date:   epoch.Add(time.Duration(g.r.Int64N(int64(8 * 365 * 24 * time.Hour)))),
		PlanID: int64(1 + g.r.IntN(3)), OrgID: int64(1 + g.r.IntN(40))}
	if g.r.IntN(10) == 0 {
		d.Kind = "news"
		d.Title = i18n.Text{l: strings.TrimSuffix(g.sentence(arabic, 5+g.r.IntN(6)), ".")}
		d.Body = i18n.Text{l: g.text(arabic, 150+g.r.IntN(450))}
	} else {
		d.Title = i18n.Text{l: strings.TrimSuffix(g.sentence(arabic, 3+g.r.IntN(4)), ".")}
		d.Body = i18n.Text{l: g.text(arabic, 10+g.r.IntN(70))}
	}
	d.URL = fmt.Sprintf("/search?q=%d", id) // no page: the corpus is for searching
	return d
}

// Query writes a two-word query as people type them: words of one
// language, drawn with the corpus's frequencies, in any of their forms.
func (g *Generator) Query() string {
	arabic := g.r.IntN(10) < 7
	v := g.fr
	if arabic {
		v = g.ar
	}
	return v.prefixes[g.r.IntN(len(v.prefixes))] + g.Word(arabic) + " " + g.Word(arabic)
}

// VocabulariesOf builds the vocabularies with the words of a site's
// indexed texts (the demo site's, say) as their heads.
func VocabulariesOf(ctx context.Context, q db.Querier, siteID int64) (ar, fr *Vocabulary, err error) {
	rows, err := q.QueryContext(ctx, `SELECT title, body FROM search_docs WHERE site_id = ?`, siteID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var arTexts, frTexts []string
	for rows.Next() {
		var title, body i18n.Text
		if err := rows.Scan(&title, &body); err != nil {
			return nil, nil, err
		}
		arTexts = append(arTexts, title[i18n.AR], body[i18n.AR])
		frTexts = append(frTexts, title[i18n.FR], body[i18n.FR])
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	ar, fr = Vocabularies(HeadWords(arTexts), HeadWords(frTexts))
	return ar, fr, nil
}

// HeadWords returns the words of texts, most frequent first, for the head
// of a vocabulary.
func HeadWords(texts []string) []string {
	count := map[string]int{}
	for _, t := range texts {
		// Lower case first: a capital would otherwise split "Conseil" into "onseil".
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 0xC0 && r < 0x250 || r >= 0x0621 && r <= 0x064A)
		}) {
			if len([]rune(w)) >= 3 && len(search.Analyze(w)) > 0 { // not a stop word
				count[w]++
			}
		}
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	return words
}

// Fill adds n documents to the scale site (created if missing), numbered
// after those already there, in transactions of batch documents. It
// returns how long indexing took: each batch's texts are generated first,
// untimed, on every core; then they are analyzed on every core and written
// on one, timed, as a reindex would.
func Fill(ctx context.Context, d *db.DB, ar, fr *Vocabulary, n, batch int, seed uint64, progress func(done int)) (time.Duration, error) {
	s := &site.Site{Slug: Slug, Host: "scale.invalid", Name: i18n.Text{i18n.AR: "مدونة اختبار البحث", i18n.FR: "Corpus de test de la recherche", i18n.EN: "Search test corpus"}}
	var first int64
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := site.Upsert(ctx, tx, s); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(ref_id), 0) FROM search_docs WHERE site_id = ?`, s.ID).Scan(&first)
	}); err != nil {
		return 0, err
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	gens := make([]*Generator, workers)
	for w := range gens {
		gens[w] = NewGenerator(ar, fr, seed+uint64(w)*7919)
	}
	var took time.Duration
	for done := 0; done < n; {
		docs := make([]search.Doc, min(batch, n-done))
		parallel(workers, len(docs), func(w, i int) { docs[i] = gens[w].Doc(s.ID, first+int64(done+i+1)) })

		start := time.Now()
		out := make(chan search.Prepared, len(docs))
		go func() {
			parallel(workers, len(docs), func(_, i int) { out <- search.Prepare(d.Dialect, docs[i]) })
			close(out)
		}()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			w := search.NewWriter(tx)
			defer w.Close()
			for p := range out {
				if err := w.Index(ctx, p); err != nil {
					return err
				}
			}
			return w.Flush(ctx)
		})
		for range out { // let the analysis end after a failed write
		}
		took += time.Since(start)
		if err != nil {
			return took, err
		}
		if err := ctx.Err(); err != nil {
			return took, err
		}
		done += len(docs)
		if progress != nil {
			progress(done)
		}
	}
	return took, nil
}

// parallel calls fn for 0 ≤ i < n on workers goroutines, worker w taking
// every w-th i, and returns when all are done.
func parallel(workers, n int, fn func(w, i int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(w, i)
			}
		}()
	}
	wg.Wait()
}
