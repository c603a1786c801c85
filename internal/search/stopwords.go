package search

import "strings"

// stopWords are words too common to find anything with, in the form the
// analyzer writes them (normalized: أ → ا, ى → ي, ة → ه, no accents).
var stopWords = func() map[string]bool {
	lists := []string{
		// Arabic: prepositions, conjunctions, pronouns, demonstratives.
		`في من الى إلى على عن مع ما لا لم لن ان أن إن او أو ثم قد كل بين عند حتى اذا إذا لكن بعد قبل
		حول ضمن خلال منذ نحو لدى غير هذا هذه ذلك تلك هؤلاء التي الذي الذين اللذين اللتين اللواتي هو هي هم
		هن انت أنت نحن انا أنا كان كانت يكون تكون ليس ليست اي أي كما مما عما فيما بما لما إلا الا أما اما
		و ف ب ل ك يا ها مثل عبر لقد هناك هنا فيه فيها منه منها عليه عليها له لها به بها عنه عنها اليه اليها`,
		// French.
		`le la les l un une des du de d et ou a à au aux en dans par pour sur avec sans sous chez entre vers
		que qu qui quoi dont où ce cet cette ces c se s sa son ses leur leurs il elle ils elles nous vous on je j
		me m te t ne n pas plus est sont été être avoir ont y mais donc or ni car`,
		// English.
		`the an and or of to in on at for by with from into is are was were be been being this that these
		those it its as not no but if than then so such we you he she they them their our your his her i`,
	}
	set := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			eachWord(w, func(n string) { set[n] = true })
		}
	}
	return set
}()
