package petition

import (
	"testing"
	"time"
)

func TestLevelReference(t *testing.T) {
	for _, c := range []struct {
		l             Level
		law, articles string
		months        int
	}{
		{Region, "111.14", "119–122", 2},
		{Province, "112.14", "113–116", 2},
		{Commune, "113.14", "121–125", 3},
	} {
		ref := c.l.Reference()
		if ref.Law != c.law || ref.Articles != c.articles || c.l.DecisionMonths() != c.months || !c.l.Valid() {
			t.Errorf("%s: %+v, %d months", c.l, ref, c.l.DecisionMonths())
		}
	}
	if Level("county").Valid() {
		t.Error("an unknown level is valid")
	}
}

func TestRegionRequired(t *testing.T) {
	for _, c := range []struct {
		population int64
		want       int
	}{
		{0, 300}, {999_999, 300}, {1_000_000, 400}, {2_000_000, 400}, {3_000_000, 400}, {3_000_001, 500}, {3_556_729, 500},
	} {
		if got := RegionRequired(c.population); got != c.want {
			t.Errorf("RegionRequired(%d) = %d, want %d", c.population, got, c.want)
		}
	}
}

func TestRequirement(t *testing.T) {
	for _, c := range []struct {
		name       string
		rule       Rule
		population int64
		want       Requirement
	}{
		{"region under 1M", Rule{Kind: RegionPopulation}, 999_999, Requirement{Required: 300, SharePercent: 5, MinPerDivision: 15}},
		{"region at 1M", Rule{Kind: RegionPopulation}, 1_000_000, Requirement{Required: 400, SharePercent: 5, MinPerDivision: 20}},
		{"region above 3M", Rule{Kind: RegionPopulation}, 3_556_729, Requirement{Required: 500, SharePercent: 5, MinPerDivision: 25}},
		{"600 on the lists", Rule{Kind: RegionElectoral600}, 100, Requirement{Required: 600, SharePercent: 5, MinPerDivision: 30, ElectoralRoll: true}},
		{"custom ignores population", Rule{Kind: Custom, Required: 310, SharePercent: 5, ElectoralRoll: true}, 5_000_000,
			Requirement{Required: 310, SharePercent: 5, MinPerDivision: 16, ElectoralRoll: true}},
		{"custom without share", Rule{Kind: Custom, Required: 100}, 0, Requirement{Required: 100}},
		{"region figures ignore custom fields", Rule{Kind: RegionPopulation, Required: 7, SharePercent: 50, ElectoralRoll: true}, 10,
			Requirement{Required: 300, SharePercent: 5, MinPerDivision: 15}},
	} {
		if got := c.rule.Requirement(c.population); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestMinShareRounding(t *testing.T) {
	for _, c := range []struct{ required, percent, want int }{
		{300, 5, 15}, {400, 5, 20}, {500, 5, 25}, {600, 5, 30},
		{310, 5, 16}, // 15.5 rounds up: 15 is under 5%
		{301, 5, 16}, {320, 5, 16}, {321, 5, 17},
		{100, 0, 0}, {0, 5, 0}, {7, 100, 7},
	} {
		if got := MinShare(c.required, c.percent); got != c.want {
			t.Errorf("MinShare(%d, %d%%) = %d, want %d", c.required, c.percent, got, c.want)
		}
		// The rounded share is exactly the least count that meets it.
		if c.percent > 0 && c.required > 0 && (!ShareMet(c.want, c.required, c.percent) || ShareMet(c.want-1, c.required, c.percent)) {
			t.Errorf("MinShare(%d, %d%%) = %d is not the boundary of ShareMet", c.required, c.percent, c.want)
		}
	}
}

func TestShareMetBoundary(t *testing.T) {
	for _, c := range []struct {
		count, required, percent int
		want                     bool
	}{
		{49, 1000, 5, false}, // 4.9%
		{50, 1000, 5, true},  // 5.0%
		{14, 300, 5, false},  // 4.67%
		{15, 300, 5, true},
		{19, 400, 5, false}, {20, 400, 5, true},
		{24, 500, 5, false}, {25, 500, 5, true},
		{0, 300, 0, true},
	} {
		if got := ShareMet(c.count, c.required, c.percent); got != c.want {
			t.Errorf("ShareMet(%d of %d at %d%%) = %v", c.count, c.required, c.percent, got)
		}
	}
}

func TestRuleCheck(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		want error
	}{
		{Rule{Kind: RegionPopulation}, nil},
		{Rule{Kind: RegionElectoral600}, nil},
		{Rule{Kind: Custom, Required: 1}, nil},
		{Rule{Kind: Custom, Required: MaxRequired, SharePercent: 100}, nil},
		{Rule{Kind: Custom}, ErrRuleRequired},
		{Rule{Kind: Custom, Required: MaxRequired + 1}, ErrRuleRequired},
		{Rule{Kind: Custom, Required: 10, SharePercent: 101}, ErrRuleShare},
		{Rule{Kind: Custom, Required: 10, SharePercent: -1}, ErrRuleShare},
		{Rule{Kind: "x"}, ErrRuleKind},
	} {
		if got := c.rule.Check(); got != c.want {
			t.Errorf("%+v: %v, want %v", c.rule, got, c.want)
		}
	}
}

func TestMeasure(t *testing.T) {
	q := Rule{Kind: RegionPopulation}.Requirement(999_999) // 300, 15 each
	divs := []int64{1, 2, 3}
	p := Measure(q, divs, []DivisionCount{{1, 200, 10}, {2, 60, 0}, {3, 14, 0}})
	if p.Online != 274 || p.Paper != 10 || p.Total != 284 || p.Missing != 16 || p.Met {
		t.Fatalf("totals: %+v", p)
	}
	if d := p.Divisions[2]; d.Count != 14 || d.Missing != 1 || d.Met || d.Share != 15 {
		t.Errorf("division 3 at 4.67%%: %+v", d)
	}
	p = Measure(q, divs, []DivisionCount{{1, 200, 10}, {2, 60, 0}, {3, 15, 15}})
	if p.Total != 300 || p.Missing != 0 || !p.Met || !p.Divisions[2].Met || p.Divisions[2].Missing != 0 {
		t.Errorf("300 with 5%% everywhere: %+v", p)
	}
	// 299 signatures: not met, one missing, though every share is.
	p = Measure(q, divs, []DivisionCount{{1, 200, 0}, {2, 84, 0}, {3, 15, 0}})
	if p.Total != 299 || p.Missing != 1 || p.Met {
		t.Errorf("299: %+v", p)
	}
	// A division without signatures still shows, with its whole share missing.
	p = Measure(q, divs, []DivisionCount{{1, 400, 0}})
	if len(p.Divisions) != 3 || p.Divisions[1].Missing != 15 || p.Met {
		t.Errorf("empty division: %+v", p)
	}
}

func TestNormalizeCIN(t *testing.T) {
	for _, c := range []struct {
		raw, want string
		ok        bool
	}{
		{"K123456", "K123456", true},
		{"ab 12-34", "AB1234", true},
		{"L1", "L1", true},
		{"Ab12345678", "AB12345678", true},
		{"ABC123", "ABC123", false}, // three letters
		{"123456", "123456", false}, // no letter
		{"AB", "AB", false},         // no digit
		{"A12B3", "A12B3", false},   // a letter among the digits
		{"A123456789", "A123456789", false},
		{"ك123456", "ك123456", false}, // not a Latin letter
		{"", "", false},
		{"A١٢٣", "A١٢٣", false}, // Arabic-Indic digits are not the card's
	} {
		got, ok := NormalizeCIN(c.raw)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeCIN(%q) = %q, %v; want %q, %v", c.raw, got, ok, c.want, c.ok)
		}
	}
}

func TestBasis(t *testing.T) {
	if !Resident.Valid() || !Activity.Valid() || Basis("visitor").Valid() {
		t.Error("bases")
	}
}

func TestAssociationEligible(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	ok := Association{Verified: true, Constituted: now.AddDate(-3, 0, -1), GoodStanding: true, InTerritory: true, PurposeRelated: true}
	if why := AssociationEligible(ok, now); len(why) != 0 {
		t.Errorf("eligible association: %v", why)
	}
	young := ok
	young.Constituted = now.AddDate(-3, 0, 0) // exactly three years: not more than three
	if why := AssociationEligible(young, now); len(why) != 1 || why[0] != AssocTooYoung {
		t.Errorf("three years exactly: %v", why)
	}
	if why := AssociationEligible(Association{}, now); len(why) != 5 {
		t.Errorf("nothing: %v", why)
	}
}

func TestDecisionDeadline(t *testing.T) {
	casa := time.FixedZone("Casablanca", 3600)
	filed := time.Date(2026, 3, 10, 9, 0, 0, 0, casa)
	for _, c := range []struct {
		l    Level
		want time.Time
	}{
		{Region, time.Date(2026, 5, 10, 23, 59, 59, 0, casa)},
		{Province, time.Date(2026, 5, 10, 23, 59, 59, 0, casa)},
		{Commune, time.Date(2026, 6, 10, 23, 59, 59, 0, casa)},
	} {
		if got := c.l.DecisionDue(filed); !got.Equal(c.want) {
			t.Errorf("%s: due %v, want %v", c.l, got, c.want)
		}
	}
	// The end of a month without that day: 31 December + 2 months = 28 February.
	if got := Region.DecisionDue(time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)); got.Day() != 28 || got.Month() != time.February || got.Year() != 2026 {
		t.Errorf("31 December: %v", got)
	}
	due := Region.DecisionDue(filed)
	if Region.DecisionLate(filed, time.Time{}, due) {
		t.Error("late on the last day")
	}
	if !Region.DecisionLate(filed, time.Time{}, due.Add(time.Second)) {
		t.Error("not late the day after")
	}
	if Region.DecisionLate(filed, due.Add(-time.Hour), due.AddDate(1, 0, 0)) {
		t.Error("a decision in time is late later")
	}
	if !Region.DecisionLate(filed, due.Add(time.Hour), due.Add(time.Hour)) {
		t.Error("a late decision is not late")
	}
	if Commune.DecisionLate(filed, time.Time{}, due.Add(time.Hour)) {
		t.Error("a commune has three months")
	}
	if Region.DecisionLate(time.Time{}, time.Time{}, filed) {
		t.Error("an unfiled petition is late")
	}
}

func TestStates(t *testing.T) {
	allowed := map[[2]State]bool{
		{Draft, Collecting}: true, {Collecting, Filed}: true, {Filed, Admissible}: true, {Filed, Inadmissible}: true,
		{Admissible, OnAgenda}: true, {OnAgenda, Decided}: true,
	}
	for _, from := range States {
		for _, to := range States {
			if got := CanMove(from, to); got != allowed[[2]State{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
	if Draft.Public() || !Collecting.Public() || !Decided.Public() || State("x").Public() {
		t.Error("Public")
	}
	if !Collecting.Signable() || Filed.Signable() || Draft.Signable() {
		t.Error("Signable")
	}
	if Collecting.Frozen() || !Filed.Frozen() || !Decided.Frozen() {
		t.Error("Frozen")
	}
}
