package search

import "strings"

// Arabic affixes after normalization (ة has become ه, so ية is يه). The
// longest match is tried first.
var (
	arabicPrefixes = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	arabicSuffixes = []string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}
)

// stemArabic strips the definite article and the conjunctions and
// prepositions glued to it (leaving at least two letters: الحق → حق), then
// plural, feminine and pronoun endings (leaving at least three, the length
// of most roots, so that سكان or لجان keep their ending). It repeats until nothing changes,
// so a stem is stemmed to itself: والمعلومات → معلومات → معلوم.
func stemArabic(w string) string {
	for {
		next := stripArabicOnce(w)
		if next == w {
			return w
		}
		w = next
	}
}

func stripArabicOnce(w string) string {
	n := runeLen(w)
	for _, p := range arabicPrefixes {
		if strings.HasPrefix(w, p) && n-runeLen(p) >= 2 {
			return w[len(p):]
		}
	}
	// و alone is taken for the conjunction only on a word long enough to
	// carry one: وطن (homeland) keeps its و.
	if strings.HasPrefix(w, "و") && n-1 >= 3 {
		return w[len("و"):]
	}
	for _, s := range arabicSuffixes {
		if strings.HasSuffix(w, s) && n-runeLen(s) >= 3 {
			return w[:len(w)-len(s)]
		}
	}
	return w
}

// stemLatin is a light stemmer for French and English: plurals, the French
// feminine -e and -aux → -al. It keeps at least three letters and, like the
// Arabic one, repeats until nothing changes.
func stemLatin(w string) string {
	for {
		next := stripLatinOnce(w)
		if next == w {
			return w
		}
		w = next
	}
}

func stripLatinOnce(w string) string {
	n := len(w) // ASCII only here
	switch {
	case n > 5 && strings.HasSuffix(w, "ies"): // policies → policy
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "aux"): // journaux → journal
		return w[:n-3] + "al"
	case n > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) &&
		!strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	case n > 4 && strings.HasSuffix(w, "e"): // publique → publiqu, justice → justic
		return w[:n-1]
	}
	return w
}

func runeLen(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}
