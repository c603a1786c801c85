package search

import (
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
	text = strings.Join(strings.Fields(strings.ToValidUTF8(text, " ")), " ")
	want := map[string]bool{}
	for _, t := range terms {
		want[t] = true
	}
	words := rawWords(text)
	first := -1
	for i := range words {
		if words[i].matches(text, want) {
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
	if start > 0 {
		add("… ", false)
	}
	pos := start
	for _, w := range words {
		if w.start < start || w.end > end {
			continue
		}
		if w.matches(text, want) {
			add(text[pos:w.start], false)
			add(text[w.start:w.end], true)
			pos = w.end
		}
	}
	add(text[pos:end], false)
	if end < len(text) {
		add(" …", false)
	}
	return out
}

type rawWord struct{ start, end int }

func (w rawWord) matches(text string, want map[string]bool) bool {
	for _, t := range Analyze(text[w.start:w.end]) {
		if want[t] {
			return true
		}
	}
	return false
}

// rawWords finds the words of text as written: letters, digits and the
// marks, tatweel and joiners inside them.
func rawWords(text string) []rawWord {
	var out []rawWord
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == 0x200C || r == 0x200D
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
