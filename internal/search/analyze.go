// Package search finds content across every feature, in Arabic, French and
// English, the same way on SQLite and PostgreSQL.
//
// Neither database's own text handling will do for Arabic: SQLite's FTS5
// tokenizer splits a vowelled word at each haraka, and PostgreSQL's arabic
// configuration stems differently from anything SQLite could match. So one
// analyzer, written here in plain Go, turns text into index terms; both
// databases index those terms, and queries go through the same analyzer.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTermRunes bounds one term: longer runs of letters are junk (a pasted
// hash, a URL without separators) and would bloat the index.
const maxTermRunes = 48

// Analyze returns the index terms of text in order: words normalized, stop
// words removed, light-stemmed. Analyzing the terms again (joined by spaces)
// gives the same terms, so a term can be searched for as it is.
func Analyze(text string) []string { return appendTerms(nil, text) }

// appendTerms appends the terms of text to terms.
func appendTerms(terms []string, text string) []string {
	eachWord(text, func(w string) {
		if t := term(w); t != "" {
			terms = append(terms, t)
		}
	})
	return terms
}

// Normalize folds text the way the analyzer does before stemming —
// compatibility forms, case, Arabic letter variants and harakat, digits,
// Latin accents — keeping every word and the spaces between words.
func Normalize(text string) string {
	var b strings.Builder
	eachWord(text, func(w string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	})
	return b.String()
}

// eachWord calls fn with each normalized word of text.
func eachWord(text string, fn func(string)) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	// strings.ToLower rather than full case folding, which is not
	// idempotent for every script (Cherokee folds to upper case and back).
	// The common text (see nfkcStable) is lowered rune by rune below; any
	// other goes through NFKC and full lower-casing first.
	if !nfkcStable(text) {
		text = norm.NFKC.String(text)
		if lower := strings.ToLower(text); lower != text {
			text = norm.NFKC.String(lower)
		}
	}
	var word []rune
	flush := func() {
		if len(word) > 0 {
			fn(finishWord(word))
			word = word[:0]
		}
	}
	for _, r := range text {
		if r < 0x100 {
			r = unicode.ToLower(r)
		}
		r, keep := foldRune(r)
		switch {
		case !keep:
			// dropped inside a word: harakat, tatweel, joiners
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// Other combining marks belong to the letter before them
			// (Tifinagh, Indic scripts); a mark alone starts nothing.
			if len(word) > 0 {
				word = append(word, r)
			}
		default:
			flush()
		}
	}
	flush()
}

// nfkcStable reports whether NFKC leaves text as it is, for the common
// case (ASCII, Latin-1 letters, the basic Arabic letters, harakat and
// digits) checked without the cost of normalizing. Harakat are dropped
// later, so their order, which NFKC would fix, does not matter.
func nfkcStable(text string) bool {
	for _, r := range text {
		switch {
		case r < 0xA0:
		case r >= 0xC0 && r <= 0xFF && r != 0xD7 && r != 0xF7:
		case r >= 0x0621 && r <= 0x0652, r >= 0x0660 && r <= 0x066D, r >= 0x06F0 && r <= 0x06F9:
		case r == 0x060C, r == 0x061B, r == 0x061F, r == 0x0640:
		default:
			return false
		}
	}
	return true
}

// foldRune maps one rune; keep is false when the rune disappears.
func foldRune(r rune) (rune, bool) {
	switch {
	case r >= 0x064B && r <= 0x0655, r == 0x0670: // harakat, shadda, sukun, small marks, superscript alef
		return 0, false
	case r == 0x0640: // tatweel
		return 0, false
	case r == 0x200C, r == 0x200D, r == 0x00AD, r == 0x200E, r == 0x200F: // joiners, soft hyphen, direction marks
		return 0, false
	case r == 'آ', r == 'أ', r == 'إ', r == 'ٱ':
		return 'ا', true
	case r == 'ى':
		return 'ي', true
	case r == 'ة':
		return 'ه', true
	case r >= 0x0660 && r <= 0x0669: // Arabic-Indic digits
		return '0' + r - 0x0660, true
	case r >= 0x06F0 && r <= 0x06F9: // Extended Arabic-Indic digits
		return '0' + r - 0x06F0, true
	}
	return r, true
}

// finishWord strips Latin accents (é → e, ç → c) and writes out letters
// that have no decomposition (œ, æ, ß). The common accented letters are
// folded through a table; anything else goes through NFD.
func finishWord(word []rune) string {
	latin := false
	for _, r := range word {
		if r >= 0xC0 && r < 0x0590 {
			latin = true
			break
		}
	}
	if !latin {
		return string(word)
	}
	var b strings.Builder
	for _, r := range word {
		switch {
		case r >= 0xC0 && r < 0x250 && latinFold[r-0xC0] != "":
			b.WriteString(latinFold[r-0xC0])
		case r >= 0x0300 && r <= 0x036F: // a combining accent left alone
		case r < 0xC0 || r >= 0x0590:
			b.WriteRune(r)
		default:
			return foldByNFD(word)
		}
	}
	return b.String()
}

// latinFold maps U+00C0–U+024F to their letters without accents, "" where
// the table does not know (the letter is then folded through NFD).
var latinFold = func() (t [0x250 - 0xC0]string) {
	for r := rune(0xC0); r < 0x250; r++ {
		switch r {
		case 'œ':
			t[r-0xC0] = "oe"
			continue
		case 'æ':
			t[r-0xC0] = "ae"
			continue
		case 'ß':
			t[r-0xC0] = "ss"
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		if len(d) < 2 || d[0] >= 0x80 {
			continue
		}
		ok := true
		for _, m := range d[1:] {
			ok = ok && m >= 0x0300 && m <= 0x036F
		}
		if ok {
			t[r-0xC0] = string(d[0])
		}
	}
	return t
}()

func foldByNFD(word []rune) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(string(word)) {
		switch {
		case r >= 0x0300 && r <= 0x036F: // combining accents
		case r == 'œ':
			b.WriteString("oe")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// term turns a normalized word into its index term, or "" for a stop word.
func term(w string) string {
	if n := utf8.RuneCountInString(w); n > maxTermRunes {
		w = string([]rune(w)[:maxTermRunes])
	}
	if stopWords[w] {
		return ""
	}
	stem := w
	switch {
	case isArabicWord(w):
		stem = stemArabic(w)
	case isLatinWord(w):
		stem = stemLatin(w)
	}
	// A word whose stem is a stop word is more likely a word of its own
	// (والي, the governor, is not و + الي): keep it whole. Either way the
	// result analyzes to itself.
	if stopWords[stem] {
		return w
	}
	return stem
}

func isArabicWord(w string) bool {
	for _, r := range w {
		if r < 0x0621 || r > 0x064A {
			return false
		}
	}
	return true
}

func isLatinWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
