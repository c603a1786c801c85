package search

import (
	"github.com/infitah/infitah/internal/platform/i18n"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fragment is a piece of a snippet; Mark is true for a word that matched.
type Fragment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// Snippet cuts about maxRunes of the original text around the first word
// that matches one of terms, marking every matching word. It works on the
// text as written — vowelled, accented, in its own digits — not on the
// normalized form. Without a match it gives the beginning of the text.
func Snippet(text string, terms []string, maxRunes int) []Fragment {
	frags, _ := snippetOf(text, newMatcher(terms), maxRunes)
	return frags
}

// snippetSource is a text a snippet may be cut from, and its language.
type snippetSource struct {
	text string
	lang i18n.Locale
}

// bestSnippet is the snippet of the first text, of texts, in which a word
// matches; of the first non-empty one when none does; and its language.
// Each text is read once, and only until its first match. m may serve
// every hit of a search.
func bestSnippet(texts []snippetSource, m *matcher, maxRunes int) ([]Fragment, i18n.Locale) {
	var fallback snippetSource
	for _, t := range texts {
		if t.text == "" {
			continue
		}
		if fallback.text == "" {
			fallback = t
		}
		if frags, ok := snippetOf(t.text, m, maxRunes); ok {
			return frags, t.lang
		}
	}
	frags, _ := snippetOf(fallback.text, m, maxRunes)
	return frags, fallback.lang
}

// matcher tells whether a word as written matches one of a search's terms.
// Analyzing a word (folding, stemming) is most of a snippet's cost, and the
// hits of one search repeat most of their words, so it remembers each
// word's answer, up to maxMatcherWords words.
type matcher struct {
	want map[string]bool
	seen map[string]bool
}

const maxMatcherWords = 20_000

func newMatcher(terms []string) *matcher {
	m := &matcher{want: make(map[string]bool, len(terms)), seen: map[string]bool{}}
	for _, t := range terms {
		m.want[t] = true
	}
	return m
}

func (m *matcher) matches(word string) bool {
	if ok, seen := m.seen[word]; seen {
		return ok
	}
	ok := false
	for _, t := range Analyze(word) {
		if m.want[t] {
			ok = true
			break
		}
	}
	if len(m.seen) < maxMatcherWords {
		m.seen[word] = ok
	}
	return ok
}

// snippetOf is Snippet with the matcher m; ok reports a match. It reads
// text up to its first match, then works on a window around it only: a
// body may be long, and a snippet is maxRunes.
func snippetOf(text string, m *matcher, maxRunes int) (_ []Fragment, ok bool) {
	text = strings.ToValidUTF8(text, " ")
	at := -1
	eachRawWord(text, func(start, end int) bool {
		if m.matches(text[start:end]) {
			at = start
			return false
		}
		return true
	})
	lo := 0
	if at >= 0 {
		lo = wordStartAfter(text, runesBefore(text, at, maxRunes))
	}
	hi := wordStartBefore(text, runesAfter(text, lo, 3*maxRunes))
	if hi <= lo {
		hi = len(text) // a single word longer than the window
	}
	window := strings.Join(strings.Fields(text[lo:hi]), " ")
	return cutSnippet(window, m, maxRunes, lo > 0, hi < len(text))
}

// cutSnippet cuts the snippet from text, a window of the whole text whose
// beginning or end was cut when before or after is set.
func cutSnippet(text string, m *matcher, maxRunes int, before, after bool) (_ []Fragment, ok bool) {
	words := rawWords(text)
	first := -1
	for i := range words {
		if m.matches(text[words[i].start:words[i].end]) {
			first = i
			break
		}
	}
	// Start a little before the first match, at a word boundary, so the
	// match is read in context.
	start := 0
	if first >= 0 && utf8.RuneCountInString(text) > maxRunes {
		lead := maxRunes / 4
		start = words[first].start
		for i := first; i >= 0; i-- {
			if utf8.RuneCountInString(text[words[i].start:words[first].start]) > lead {
				break
			}
			start = words[i].start
		}
	}
	end, n := len(text), 0
	for i := start; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if n++; n >= maxRunes {
			end = i
			break
		}
	}
	// Do not cut a word in two at the end.
	for _, w := range words {
		if w.start < end && w.end > end {
			end = w.start
			break
		}
	}
	var out []Fragment
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, Fragment{Text: s, Mark: mark})
	}
	if start > 0 || before {
		add("… ", false)
	}
	pos := start
	for _, w := range words {
		if w.start < start || w.end > end {
			continue
		}
		if m.matches(text[w.start:w.end]) {
			add(text[pos:w.start], false)
			add(text[w.start:w.end], true)
			pos = w.end
		}
	}
	add(text[pos:end], false)
	if end < len(text) || after {
		add(" …", false)
	}
	return out, first >= 0
}

type rawWord struct{ start, end int }

// inRawWord reports whether r belongs to a word as written.
func inRawWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == 0x200C || r == 0x200D
}

// eachRawWord calls fn with the byte offsets of each word of text as
// written, until fn returns false.
func eachRawWord(text string, fn func(start, end int) bool) {
	start := -1
	for i, r := range text {
		in := inRawWord(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			if !fn(start, i) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(text))
	}
}

// runesBefore is the offset n runes before offset i of text (0 at most).
func runesBefore(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

// runesAfter is the offset n runes after offset i of text (its end at most).
func runesAfter(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// wordStartAfter moves offset i of text forward out of the word it cuts.
func wordStartAfter(text string, i int) int {
	if i == 0 {
		return 0
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	for i < len(text) && inRawWord(prev) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !inRawWord(r) {
			break
		}
		prev, i = r, i+size
	}
	return i
}

// wordStartBefore moves offset i of text back to the start of the word it
// cuts.
func wordStartBefore(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		prev, size := utf8.DecodeLastRuneInString(text[:i])
		if !inRawWord(r) || !inRawWord(prev) {
			break
		}
		i -= size
	}
	return i
}

// rawWords finds the words of text as written: letters, digits and the
// marks, tatweel and joiners inside them.
func rawWords(text string) []rawWord {
	var out []rawWord
	start := -1
	for i, r := range text {
		inWord := inRawWord(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, rawWord{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, rawWord{start, len(text)})
	}
	return out
}
