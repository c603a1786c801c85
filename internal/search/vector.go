package search

import (
	"strconv"
	"strings"
)

// termVector is a document's distinct terms in order of first appearance,
// each with its positions: the title's from 1, the body's from two after
// the title's last, so that no phrase spans the two (as on SQLite, where
// they are separate columns). PostgreSQL's limits apply to both databases
// alike, so that term frequencies, and so rankings, are the same on both:
// positions run up to 16383, and a lexeme keeps at most 256 of them.
type termVector struct {
	titleLen int
	order    []string
	lexemes  map[string]*lexeme
}

type lexeme struct{ positions []int }

const (
	maxPosition       = 16383
	maxPositionsPerTm = 256
)

func termsOf(title, body []string) termVector {
	v := termVector{titleLen: len(title), lexemes: make(map[string]*lexeme, len(title)+len(body))}
	add := func(t string, p int) {
		p = min(p, maxPosition)
		x := v.lexemes[t]
		if x == nil {
			x = &lexeme{}
			v.lexemes[t] = x
			v.order = append(v.order, t)
		}
		if n := len(x.positions); n < maxPositionsPerTm && (n == 0 || x.positions[n-1] != p) {
			x.positions = append(x.positions, p)
		}
	}
	for i, t := range title {
		add(t, i+1)
	}
	for i, t := range body {
		add(t, len(title)+2+i)
	}
	return v
}

// counts returns how many of a lexeme's positions are in the title and
// how many in the body.
func (v termVector) counts(x *lexeme) (title, body int) {
	for _, p := range x.positions {
		if p <= v.titleLen {
			title++
		} else {
			body++
		}
	}
	return title, body
}

// tsvector writes the vector as a PostgreSQL tsvector literal, title
// positions weighted A, so PostgreSQL indexes the analyzer's terms
// untouched: 'lexeme':1A,4 'other':2.
func (v termVector) tsvector() string {
	var b strings.Builder
	for i, t := range v.order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(t))
		b.WriteByte(':')
		for j, p := range v.lexemes[t].positions {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
			if p <= v.titleLen {
				b.WriteByte('A')
			}
		}
	}
	return b.String()
}

// frequencies writes what ranking needs of a document's terms on SQLite,
// where the full-text index holds the terms themselves: "term:title,body"
// for the title's terms and for body terms found more than once. A query
// term of a matching document that is not listed is in its body once,
// which is most of them: leaving those out keeps the column a fraction of
// the size of the terms. The counts are those of termsOf (the same limits),
// so that rankings are the same on both databases; they are counted
// directly, without positions, as this runs for every document of a bulk
// load.
func frequencies(title, body []string) string {
	type count struct {
		title, body int
		clamped     bool // has a position at maxPosition, where later ones merge
	}
	counts := make(map[string]*count, len(title)+len(body))
	var order []string
	add := func(t string, p int, inTitle bool) {
		c := counts[t]
		if c == nil {
			c = &count{}
			counts[t] = c
			order = append(order, t)
		}
		if c.title+c.body >= maxPositionsPerTm {
			return
		}
		if p >= maxPosition {
			if c.clamped {
				return
			}
			c.clamped = true
			// A position clamped to maxPosition is in the title only
			// when the title reaches it.
			inTitle = maxPosition <= len(title)
		}
		if inTitle {
			c.title++
		} else {
			c.body++
		}
	}
	for i, t := range title {
		add(t, i+1, true)
	}
	for i, t := range body {
		add(t, len(title)+2+i, false)
	}
	var b strings.Builder
	for _, t := range order {
		c := counts[t]
		if c.title == 0 && c.body < 2 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c.title))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(c.body))
	}
	return b.String()
}
