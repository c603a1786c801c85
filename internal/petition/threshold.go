package petition

import "errors"

// RuleKind names a threshold rule set a site chooses.
type RuleKind string

// The rule sets.
const (
	// RegionPopulation is Organic Law 111.14's rule for regions: 300
	// signatures under one million inhabitants, 400 from one to three
	// million, 500 above, at least 5% of them from each prefecture or
	// province, by residence.
	RegionPopulation RuleKind = "region_population"
	// RegionElectoral600 is the variant some regions publish: not fewer
	// than 600 signatories registered on the electoral lists, with the same
	// 5% from each prefecture or province.
	RegionElectoral600 RuleKind = "region_electoral_600"
	// Custom is a number, a share per division and an electoral-roll
	// declaration set by the site, for provinces and communes whose decrees
	// set their own figures.
	Custom RuleKind = "custom"
)

// RuleKinds lists every rule set, in the order forms show them.
var RuleKinds = []RuleKind{RegionPopulation, RegionElectoral600, Custom}

// Valid reports whether k is a known rule set.
func (k RuleKind) Valid() bool {
	return k == RegionPopulation || k == RegionElectoral600 || k == Custom
}

// RegionSharePercent is the share of the required number that each
// prefecture or province must bring under the regions' rules.
const RegionSharePercent = 5

// Bounds of a custom rule.
const (
	MaxRequired     = 1_000_000
	MaxSharePercent = 100
)

// Rule is a site's threshold rule set with its figures.
type Rule struct {
	Kind RuleKind
	// Required, SharePercent and ElectoralRoll are read for Custom only;
	// the other kinds have the law's figures.
	Required      int
	SharePercent  int
	ElectoralRoll bool
}

// Errors of Rule.Check.
var (
	ErrRuleKind     = errors.New("petition: unknown rule set")
	ErrRuleRequired = errors.New("petition: the number of signatures must be between 1 and 1,000,000")
	ErrRuleShare    = errors.New("petition: the share per division must be between 0 and 100%")
)

// Check reports whether the rule can be used.
func (r Rule) Check() error {
	switch {
	case !r.Kind.Valid():
		return ErrRuleKind
	case r.Kind != Custom:
		return nil
	case r.Required < 1 || r.Required > MaxRequired:
		return ErrRuleRequired
	case r.SharePercent < 0 || r.SharePercent > MaxSharePercent:
		return ErrRuleShare
	}
	return nil
}

// RegionRequired is the number of signatures a region of population
// inhabitants requires (Organic Law 111.14, art. 120): 300 under one
// million, 400 from one million to three million inclusive, 500 above.
func RegionRequired(population int64) int {
	switch {
	case population < 1_000_000:
		return 300
	case population <= 3_000_000:
		return 400
	default:
		return 500
	}
}

// Requirement is what a petition must gather under a rule.
type Requirement struct {
	Required       int  // signatures in all
	SharePercent   int  // share of Required each division must bring (0: none)
	MinPerDivision int  // the least each division must bring: SharePercent of Required, rounded up
	ElectoralRoll  bool // signers declare they are on the electoral lists
}

// Requirement returns what a petition needs at a site of population
// inhabitants under r.
func (r Rule) Requirement(population int64) Requirement {
	var q Requirement
	switch r.Kind {
	case RegionPopulation:
		q = Requirement{Required: RegionRequired(population), SharePercent: RegionSharePercent}
	case RegionElectoral600:
		q = Requirement{Required: 600, SharePercent: RegionSharePercent, ElectoralRoll: true}
	default:
		q = Requirement{Required: r.Required, SharePercent: r.SharePercent, ElectoralRoll: r.ElectoralRoll}
	}
	q.MinPerDivision = MinShare(q.Required, q.SharePercent)
	return q
}

// MinShare is the least number of signatures that is at least percent% of
// required: the share rounded up, since "at least 5%" of 310 is 16, not 15.
func MinShare(required, percent int) int {
	if required <= 0 || percent <= 0 {
		return 0
	}
	return (required*percent + 99) / 100
}

// ShareMet reports whether count signatures are at least percent% of
// required, in integer arithmetic (no rounding at the boundary).
func ShareMet(count, required, percent int) bool {
	return count*100 >= required*percent
}
