package search

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
)

// Ranking is Okapi BM25, computed here in Go from what both databases
// store alike, so that a query ranks the same on SQLite and PostgreSQL:
//
//   - a document's term frequencies, from search_docs.terms: the
//     tsvector on PostgreSQL, its frequencies in the title and the body on
//     SQLite (termVector.frequencies), both from the same termVector;
//   - its length in terms (search_docs.length);
//   - the number of documents and their average length, kept per site in
//     search_stats by the writer;
//   - each query term's document frequency, counted by the full-text index.
//
// The title counts titleWeight times (a single BM25 over the document seen
// as its title repeated and its body, as BM25F does with field weights).
//
// Statistics are those of the whole index (every site), as search engines
// keep them per index rather than per filter.
const (
	bm25K1      = 1.2
	bm25B       = 0.75
	titleWeight = 5
	// dfSample is how many of a term's matches are counted: a term found in
	// more documents has its document frequency estimated from where its
	// dfSample-th oldest match lies among all the ids (documents are
	// numbered in the order they were indexed). Counting every match of a
	// word found in half of a million documents takes longer than the
	// whole search may, and BM25 weighs such a word little either way.
	dfSample = 5_000
)

// corpus is what BM25 needs to know of the whole index for one query.
type corpus struct {
	docs   float64
	avgLen float64
	idf    map[string]float64
}

// loadCorpus reads the index statistics and the query terms' document
// frequencies.
func loadCorpus(ctx context.Context, d *db.DB, terms []string) (corpus, error) {
	c := corpus{idf: make(map[string]float64, len(terms))}
	var docs, total, minID, maxID int64
	if err := d.R().QueryRowContext(ctx, `SELECT COALESCE(SUM(docs), 0), COALESCE(SUM(terms), 0),
		COALESCE((SELECT MIN(id) FROM search_docs), 0), COALESCE((SELECT MAX(id) FROM search_docs), 0) FROM search_stats`).
		Scan(&docs, &total, &minID, &maxID); err != nil {
		return c, fmt.Errorf("statistics: %w", err)
	}
	c.docs = float64(docs)
	if docs > 0 {
		c.avgLen = float64(total) / float64(docs)
	}
	q := `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM
		(SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid LIMIT ?) AS s`
	if d.Dialect == db.Postgres {
		q = `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM
			(SELECT id FROM search_docs WHERE terms @@ ?::tsquery ORDER BY id LIMIT ?) AS s`
	}
	for _, t := range terms {
		arg := quoteLexeme(t)
		if d.Dialect == db.SQLite {
			arg = "{title body} : " + quoteFTS(t)
		}
		var n, kth int64
		if err := d.R().QueryRowContext(ctx, q, arg, dfSample).Scan(&n, &kth); err != nil {
			return c, fmt.Errorf("document frequency of %q: %w", t, err)
		}
		c.idf[t] = idf(estimateDF(n, kth, minID, maxID), c.docs)
	}
	return c, nil
}

// estimateDF returns a term's document frequency from the count of its
// oldest matches (at most dfSample) and the id of the last of them: exact
// below dfSample, else scaled by the share of all ids those matches span.
func estimateDF(n, kth, minID, maxID int64) float64 {
	if n < dfSample || kth < minID || maxID < minID {
		return float64(n)
	}
	return float64(n) * float64(maxID-minID+1) / float64(kth-minID+1)
}

// idf is BM25's inverse document frequency, in the form that stays
// positive for words found in most documents.
func idf(df, docs float64) float64 {
	df = min(df, docs)
	return math.Log(1 + (docs-df+0.5)/(df+0.5))
}

// frequencyReader reads a query term's frequencies in the title and the
// body from search_docs.terms as a dialect stores it.
type frequencyReader func(terms, term string) (title, body int)

func readerFor(dialect db.Dialect) frequencyReader {
	if dialect == db.Postgres {
		return tsvectorFrequency
	}
	return listedFrequency
}

// score is a document's BM25 score for the query terms, from its stored
// terms and length. Every query term is in a matching document: one that
// its terms do not list is counted once in the body (see
// termVector.frequencies; and so a document indexed before frequencies
// were stored ranks as if it said each word once).
func (c corpus) score(read frequencyReader, stored string, length int, terms []string) float64 {
	norm := 1.0
	if c.avgLen > 0 && length > 0 {
		norm = 1 - bm25B + bm25B*float64(length)/c.avgLen
	}
	var s float64
	for _, t := range terms {
		title, body := read(stored, t)
		if title+body == 0 {
			body = 1
		}
		f := float64(titleWeight*title + body)
		s += c.idf[t] * f * (bm25K1 + 1) / (f + bm25K1*norm)
	}
	return s
}

// tsvectorFrequency counts the positions of term in a tsvector literal, in
// the title (weight A) and in the body. It reads both the literal the
// index writes and PostgreSQL's output of it: 'lexeme':1A,4 'other':2. A
// lexeme's quotes delimit it, so "'term':" cannot match inside another.
func tsvectorFrequency(vector, term string) (title, body int) {
	key := quoteLexeme(term) + ":"
	i := strings.Index(vector, key)
	if i < 0 {
		return 0, 0
	}
	rest := vector[i+len(key):]
	if end := strings.IndexByte(rest, ' '); end >= 0 {
		rest = rest[:end]
	}
	for p := range strings.SplitSeq(rest, ",") {
		if strings.HasSuffix(p, "A") {
			title++
		} else if p != "" {
			body++
		}
	}
	return title, body
}

// listedFrequency reads term's frequencies from termVector.frequencies:
// "term:1,0 other:0,3". A term is letters, digits and marks, so ":" ends
// it and a space or the start begins it: "21:" is not found in "2021:".
func listedFrequency(list, term string) (title, body int) {
	key := term + ":"
	for from := 0; ; {
		i := strings.Index(list[from:], key)
		if i < 0 {
			return 0, 0
		}
		i += from
		if i == 0 || list[i-1] == ' ' {
			rest := list[i+len(key):]
			if end := strings.IndexByte(rest, ' '); end >= 0 {
				rest = rest[:end]
			}
			t, b, _ := strings.Cut(rest, ",")
			title, _ = strconv.Atoi(t)
			body, _ = strconv.Atoi(b)
			return title, body
		}
		from = i + len(key)
	}
}

// quoteFTS quotes a term for an FTS5 query. An analyzed term holds only
// letters, digits and marks, so nothing a person types reaches the syntax.
func quoteFTS(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }
