package petition

import "time"

// Level is the kind of council a site is: each has its own organic law.
type Level string

// The levels of council.
const (
	Region   Level = "region"   // Organic Law 111.14, arts. 119–122
	Province Level = "province" // prefecture or province: Organic Law 112.14, arts. 113–116
	Commune  Level = "commune"  // Organic Law 113.14, arts. 121–125
)

// Levels lists every level, in the order forms show them.
var Levels = []Level{Region, Province, Commune}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == Region || l == Province || l == Commune }

// LegalRef is the law a petition is made under, shown on every petition.
type LegalRef struct {
	Law      string // "111.14"
	Articles string // "119–122"
}

// Reference returns the organic law and articles governing petitions at l.
func (l Level) Reference() LegalRef {
	switch l {
	case Province:
		return LegalRef{Law: "112.14", Articles: "113–116"}
	case Commune:
		return LegalRef{Law: "113.14", Articles: "121–125"}
	default:
		return LegalRef{Law: "111.14", Articles: "119–122"}
	}
}

// DecisionMonths is how long the bureau has, from the filing, to give its
// reasoned decision on admissibility: two months for a region or a
// province, three for a commune.
func (l Level) DecisionMonths() int {
	if l == Commune {
		return 3
	}
	return 2
}

// DecisionDue is the last day of the bureau's decision for a petition filed
// at filed: the same day of the month DecisionMonths later, or the month's
// last day when that day does not exist (filed 31 December, due 28 or 29
// February), in filed's location.
func (l Level) DecisionDue(filed time.Time) time.Time {
	y, m, d := filed.Date()
	months := int(m) - 1 + l.DecisionMonths()
	first := time.Date(y+months/12, time.Month(months%12+1), 1, 0, 0, 0, 0, filed.Location())
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 23, 59, 59, 0, filed.Location())
}

// DecisionLate reports whether, at now, the bureau's decision on a petition
// filed at filed is overdue: no decision (decided is zero) after the due
// day, or a decision given after it.
func (l Level) DecisionLate(filed, decided, now time.Time) bool {
	if filed.IsZero() {
		return false
	}
	due := l.DecisionDue(filed)
	if !decided.IsZero() {
		return decided.After(due)
	}
	return now.After(due)
}
