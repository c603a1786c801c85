package petition

import (
	"strings"
	"time"
	"unicode"
)

// Basis is why a signer may sign a citizens' petition.
type Basis string

// The bases of eligibility.
const (
	// Resident: the signer lives in the territory (in the division given).
	Resident Basis = "resident"
	// Activity: the signer has an economic, commercial or professional
	// activity in the territory (in the division given).
	Activity Basis = "activity"
)

// Bases lists the bases, in the order forms show them.
var Bases = []Basis{Resident, Activity}

// Valid reports whether b is a known basis.
func (b Basis) Valid() bool { return b == Resident || b == Activity }

// Association is what the law asks of an association filing a petition,
// read from its verified organisation profile.
type Association struct {
	Verified       bool      // the organisation's profile is verified
	Constituted    time.Time // when it was constituted in Morocco
	GoodStanding   bool      // its situation is regular with respect to the law and its statutes
	InTerritory    bool      // its seat or a branch is in the territory
	PurposeRelated bool      // its purpose relates to the petition's subject
}

// Association failures, as message keys' last parts.
const (
	AssocNotVerified = "not_verified"
	AssocTooYoung    = "too_young"
	AssocStanding    = "standing"
	AssocNotLocal    = "not_local"
	AssocPurpose     = "purpose"
)

// AssociationEligible returns why an association may not file a petition at
// now, none when it may: verified, constituted in Morocco for more than
// three years, in good standing, with its seat or a branch in the
// territory, and a purpose related to the subject.
func AssociationEligible(a Association, now time.Time) []string {
	var why []string
	if !a.Verified {
		why = append(why, AssocNotVerified)
	}
	if a.Constituted.IsZero() || !now.After(a.Constituted.AddDate(3, 0, 0)) {
		why = append(why, AssocTooYoung)
	}
	if !a.GoodStanding {
		why = append(why, AssocStanding)
	}
	if !a.InTerritory {
		why = append(why, AssocNotLocal)
	}
	if !a.PurposeRelated {
		why = append(why, AssocPurpose)
	}
	return why
}

// MaxCINDigits bounds the digits of a CIN: cards carry up to six, a margin
// is left for older and future series while keeping the input bounded.
const MaxCINDigits = 8

// NormalizeCIN returns the CIN as it is hashed and stored: spaces and
// dashes removed, letters in upper case, and whether it has the card's
// format, one or two Latin letters then digits.
func NormalizeCIN(raw string) (string, bool) {
	var b strings.Builder
	for _, r := range raw {
		if r == ' ' || r == '-' || r == '\u00a0' {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	cin := b.String()
	letters := 0
	for letters < len(cin) && cin[letters] >= 'A' && cin[letters] <= 'Z' {
		letters++
	}
	digits := len(cin) - letters
	if letters < 1 || letters > 2 || digits < 1 || digits > MaxCINDigits {
		return cin, false
	}
	for i := letters; i < len(cin); i++ {
		if cin[i] < '0' || cin[i] > '9' {
			return cin, false
		}
	}
	return cin, true
}
