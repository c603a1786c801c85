package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTermFrequency(t *testing.T) {
	title, body := []string{"شفاف", "بواب", "2021"}, []string{"شفاف", "ميز", "شفاف", "21", "21", "اف"}
	v := termsOf(title, body)
	readers := map[string]struct {
		stored string
		read   frequencyReader
	}{
		"tsvector":    {v.tsvector(), tsvectorFrequency},
		"PostgreSQL":  {`'2021':3A '21':9,10 'اف':11 'بواب':2A 'شفاف':1A,5,7 'ميز':6`, tsvectorFrequency},
		"frequencies": {frequencies(title, body), listedFrequency},
	}
	if got, want := frequencies(title, body), "شفاف:1,2 بواب:1,0 2021:1,0 21:0,2"; got != want {
		t.Errorf("frequencies %q, want %q", got, want)
	}
	for name, r := range readers {
		for _, c := range []struct {
			term        string
			title, body int
		}{{"شفاف", 1, 2}, {"بواب", 1, 0}, {"2021", 1, 0}, {"21", 0, 2}, {"شف", 0, 0}, {"missing", 0, 0}} {
			if title, body := r.read(r.stored, c.term); title != c.title || body != c.body {
				t.Errorf("%s: %s in %s: title %d body %d, want %d %d", name, c.term, r.stored, title, body, c.title, c.body)
			}
		}
		// Once in the body: listed by the tsvector only; either way it
		// scores as once in the body.
		c := corpus{docs: 10, avgLen: 5, idf: map[string]float64{"ميز": 1}}
		if s, want := c.score(r.read, r.stored, 9, []string{"ميز"}), c.score(tsvectorFrequency, v.tsvector(), 9, []string{"ميز"}); s != want {
			t.Errorf("%s: once in the body scores %v, want %v", name, s, want)
		}
	}
	if title, body := listedFrequency("", "x"); title+body != 0 {
		t.Error("an empty list has terms")
	}
}

// SQLite's frequencies and PostgreSQL's tsvector give every term the same
// counts, PostgreSQL's limits included (positions up to 16383, at most 256
// per term), so that rankings agree.
func TestFrequenciesAgreeWithTheTSVector(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vocab := []string{"شفاف", "ميز", "مواطن", "جمع", "2021", "21", "transparenc", "budget"}
	doc := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = vocab[r.IntN(len(vocab))]
		}
		return out
	}
	effective := func(title, body int) [2]int {
		if title+body == 0 {
			body = 1
		}
		return [2]int{title, body}
	}
	cases := [][2][]string{{nil, nil}, {doc(3), nil}, {nil, doc(1)}, {doc(2), doc(20_000)}, {doc(5), append(doc(600), slices.Repeat(make100("ميز"), 3)...)}}
	for range 200 {
		cases = append(cases, [2][]string{doc(r.IntN(8)), doc(r.IntN(300))})
	}
	for i, c := range cases {
		listed, vector := frequencies(c[0], c[1]), termsOf(c[0], c[1]).tsvector()
		for _, term := range vocab {
			l, p := effective(listedFrequency(listed, term)), effective(tsvectorFrequency(vector, term))
			if !slices.Contains(c[0], term) && !slices.Contains(c[1], term) {
				continue // not a match: never scored
			}
			if l != p {
				t.Errorf("case %d (%d + %d terms), %s: frequencies %v, tsvector %v", i, len(c[0]), len(c[1]), term, l, p)
			}
		}
	}
}

func TestEstimateDF(t *testing.T) {
	// Below the sample the count is exact.
	if got := estimateDF(42, 900, 1, 1000); got != 42 {
		t.Errorf("exact count: %v", got)
	}
	// The 5,000th oldest match at a tenth of the ids: ten times as many.
	if got := estimateDF(dfSample, 100_000, 1, 1_000_000); math.Abs(got-50_000) > 1 {
		t.Errorf("estimate: %v", got)
	}
	// A word in every document.
	if got := estimateDF(dfSample, dfSample, 1, 1_000_000); math.Abs(got-1_000_000) > 1 {
		t.Errorf("everywhere: %v", got)
	}
}

func TestBM25(t *testing.T) {
	c := corpus{docs: 1000, avgLen: 20, idf: map[string]float64{"rare": idf(5, 1000), "common": idf(600, 1000)}}
	if !(c.idf["rare"] > c.idf["common"] && c.idf["common"] > 0) {
		t.Fatalf("idf: %v", c.idf)
	}
	score := func(title, body []string, terms ...string) float64 {
		v := termsOf(title, body)
		lite := c.score(listedFrequency, frequencies(title, body), len(title)+len(body), terms)
		if pg := c.score(tsvectorFrequency, v.tsvector(), len(title)+len(body), terms); pg != lite {
			t.Errorf("%v %v: %v from the frequencies, %v from the tsvector", title, body, lite, pg)
		}
		return lite
	}
	filler := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "filler"
		}
		return out
	}
	cases := []struct {
		name          string
		better, worse float64
	}{
		{"in the title beats in the body",
			score([]string{"common", "x"}, filler(18), "common"), score([]string{"x", "y"}, append(filler(17), "common"), "common")},
		{"a rare word weighs more than a common one",
			score(nil, append(filler(17), "rare", "rare", "common"), "rare", "common"), score(nil, append(filler(17), "rare", "common", "common"), "rare", "common")},
		{"twice beats once",
			score(nil, append(filler(18), "common", "common"), "common"), score(nil, append(filler(19), "common"), "common")},
		{"a short text beats a long one",
			score(nil, append(filler(9), "common"), "common"), score(nil, append(filler(99), "common"), "common")},
	}
	for _, c := range cases {
		if !(c.better > c.worse) {
			t.Errorf("%s: %v ≤ %v", c.name, c.better, c.worse)
		}
	}
	// Frequency saturates: a word a hundred times in a text never scores
	// more than idf × (k1 + 1).
	if often := score(nil, make100("common"), "common"); often >= c.idf["common"]*(bm25K1+1) {
		t.Errorf("no saturation: %v", often)
	}
	// A document indexed before lengths were kept ranks by frequency alone.
	if s := c.score(listedFrequency, "", 0, []string{"common"}); s <= 0 || math.IsNaN(s) {
		t.Errorf("without a length: %v", s)
	}
}

func make100(w string) []string {
	out := make([]string, 100)
	for i := range out {
		out[i] = w
	}
	return out
}
