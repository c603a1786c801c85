package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryRunes bounds what a person may ask: longer queries are refused
// with a message rather than cut silently.
const MaxQueryRunes = 500

// Query is a parsed search: every term and phrase must match, no excluded
// term may.
type Query struct {
	Terms    []string   // analyzed single terms, all required
	Phrases  [][]string // analyzed phrases ("…"), each required as a sequence
	Excluded []string   // analyzed terms after a leading minus
}

// Problem says why a query cannot run; it names a message key.
type Problem string

// Query problems, as message keys.
const (
	ProblemEmpty     Problem = "search.error.empty"      // nothing typed
	ProblemTooLong   Problem = "search.error.too_long"   // over MaxQueryRunes
	ProblemStopWords Problem = "search.error.stop_words" // only words too common to search for
	ProblemOnlyMinus Problem = "search.error.only_minus" // only exclusions
)

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Terms) == 0 && len(q.Phrases) == 0 }

// AllTerms lists every required term, from single terms and phrases, once.
func (q Query) AllTerms() []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range q.Terms {
		add(t)
	}
	for _, p := range q.Phrases {
		for _, t := range p {
			add(t)
		}
	}
	return out
}

// ParseQuery reads what a person typed. Quotes group a phrase (an
// unbalanced quote runs to the end); a minus at the start of a word
// excludes it. Control characters count as spaces. The problem is "" when
// the query can run.
func ParseQuery(raw string) (Query, Problem) {
	raw = strings.ToValidUTF8(raw, " ")
	raw = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, raw)
	if strings.TrimSpace(raw) == "" {
		return Query{}, ProblemEmpty
	}
	if utf8.RuneCountInString(raw) > MaxQueryRunes {
		return Query{}, ProblemTooLong
	}
	var q Query
	typed := false // did the person type any word at all?
	rest := raw
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		if isQuote(rest) {
			_, size := utf8.DecodeRuneInString(rest)
			rest = rest[size:]
			end := strings.IndexFunc(rest, func(r rune) bool { return r == '"' || r == '«' || r == '»' || r == '“' || r == '”' })
			phrase := rest
			if end >= 0 {
				phrase = rest[:end]
				_, size := utf8.DecodeRuneInString(rest[end:])
				rest = rest[end+size:]
			} else {
				rest = ""
			}
			if Normalize(phrase) != "" {
				typed = true
			}
			switch terms := Analyze(phrase); len(terms) {
			case 0:
			case 1:
				q.Terms = append(q.Terms, terms[0])
			default:
				q.Phrases = append(q.Phrases, terms)
			}
			continue
		}
		end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		word := rest
		if end >= 0 {
			word, rest = rest[:end], rest[end:]
		} else {
			rest = ""
		}
		exclude := false
		if w, ok := strings.CutPrefix(word, "-"); ok && w != "" {
			word, exclude = w, true
		}
		if Normalize(word) != "" {
			typed = true
		}
		for _, t := range Analyze(word) {
			if exclude {
				q.Excluded = append(q.Excluded, t)
			} else {
				q.Terms = append(q.Terms, t)
			}
		}
	}
	switch {
	case !q.Empty():
		return q, ""
	case len(q.Excluded) > 0:
		return q, ProblemOnlyMinus
	case typed:
		return q, ProblemStopWords
	default:
		return q, ProblemEmpty // only punctuation
	}
}

func isQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '"' || r == '«' || r == '“'
}
