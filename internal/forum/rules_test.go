package forum

import (
	"testing"
	"time"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func TestGaps(t *testing.T) {
	from, to := d(2021, 1, 1), d(2021, 12, 31)
	cases := []struct {
		name   string
		dates  []time.Time
		months int
		want   int
		first  Gap
	}{
		{"none at all", nil, 6, 1, Gap{After: from, Due: d(2021, 7, 1)}},
		{"every six months exactly", []time.Time{d(2021, 7, 1), d(2021, 12, 31)}, 6, 0, Gap{}},
		{"one day late", []time.Time{d(2021, 7, 2), d(2021, 12, 31)}, 6, 1, Gap{After: from, Due: d(2021, 7, 1), Next: d(2021, 7, 2)}},
		{"last one too early", []time.Time{d(2021, 3, 1), d(2021, 5, 1)}, 6, 1, Gap{After: d(2021, 5, 1), Due: d(2021, 11, 1)}},
		{"four months, met", []time.Time{d(2021, 4, 1), d(2021, 8, 1), d(2021, 12, 1)}, 4, 0, Gap{}},
		{"four months, one missing", []time.Time{d(2021, 4, 1), d(2021, 12, 1)}, 4, 1, Gap{After: d(2021, 4, 1), Due: d(2021, 8, 1), Next: d(2021, 12, 1)}},
		{"dates outside the window ignored", []time.Time{d(2020, 12, 31), d(2022, 1, 1)}, 6, 1, Gap{After: from, Due: d(2021, 7, 1)}},
		{"unsorted dates", []time.Time{d(2021, 12, 1), d(2021, 6, 1)}, 6, 0, Gap{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Gaps(c.dates, from, to, c.months)
			if len(got) != c.want {
				t.Fatalf("gaps = %+v, want %d", got, c.want)
			}
			if c.want > 0 && got[0] != c.first {
				t.Errorf("first gap = %+v, want %+v", got[0], c.first)
			}
		})
	}
	if g := Gaps(nil, to, from, 6); g != nil {
		t.Errorf("reversed window: %v", g)
	}
}

func TestPerYear(t *testing.T) {
	cases := []struct {
		name     string
		from, to time.Time
		dates    []time.Time
		want     []YearTally
	}{
		{"two full years", d(2021, 1, 1), d(2022, 12, 31), []time.Time{d(2021, 3, 1), d(2021, 9, 1), d(2022, 5, 5)},
			[]YearTally{{2021, 2, 2}, {2022, 1, 2}}},
		{"a short first year needs one", d(2021, 10, 1), d(2022, 12, 31), []time.Time{d(2021, 11, 1), d(2022, 2, 1), d(2022, 8, 1)},
			[]YearTally{{2021, 1, 1}, {2022, 2, 2}}},
		{"today early in the year", d(2021, 1, 1), d(2022, 2, 1), []time.Time{d(2021, 2, 1), d(2021, 6, 1)},
			[]YearTally{{2021, 2, 2}, {2022, 0, 1}}},
		{"dates on the window's last day count", d(2021, 1, 1), d(2021, 12, 31), []time.Time{d(2021, 1, 1), d(2021, 12, 31)},
			[]YearTally{{2021, 2, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PerYear(c.dates, c.from, c.to, 2)
			if len(got) != len(c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("year %d: got %+v, want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestTimelineEarly(t *testing.T) {
	cases := []struct {
		name              string
		published, begins time.Time
		want              bool
	}{
		{"four weeks before", d(2020, 11, 1), d(2020, 11, 29), true},
		{"exactly two weeks", d(2020, 11, 1), d(2020, 11, 15), true},
		{"thirteen days", d(2020, 11, 2), d(2020, 11, 15), false},
		{"published after it began", d(2021, 1, 1), d(2020, 11, 15), false},
		{"no timeline", d(2021, 1, 1), time.Time{}, false},
	}
	for _, c := range cases {
		if got := TimelineEarly(c.published, c.begins); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func byCode(rs []Requirement) map[string]Requirement {
	out := map[string]Requirement{}
	for _, r := range rs {
		out[r.Code] = r
	}
	return out
}

func TestEvaluate(t *testing.T) {
	meetings := func(cs bool, ds ...time.Time) []Dated {
		var out []Dated
		for _, x := range ds {
			out = append(out, Dated{Date: x, CivilSociety: cs})
		}
		return out
	}
	good := Facts{Today: d(2026, 5, 1), PeriodStart: 2021, PeriodEnd: 2022, Forum: true,
		Published: d(2020, 10, 1), StagesStart: d(2020, 11, 1), StagesEnd: d(2021, 3, 31),
		Meetings:  meetings(true, d(2021, 3, 1), d(2021, 8, 1), d(2021, 11, 1), d(2022, 1, 20), d(2022, 7, 1), d(2022, 12, 1)),
		Updates:   meetings(false, d(2021, 6, 1), d(2021, 10, 1), d(2022, 1, 15), d(2022, 5, 1), d(2022, 9, 1), d(2022, 12, 20)),
		Documents: meetings(false, d(2021, 5, 1), d(2021, 10, 1), d(2022, 3, 1), d(2022, 8, 1), d(2022, 12, 1)),
		Tallies:   []Tally{{Closed: true, Proposals: 3, Responded: 3}, {Closed: true, Proposals: 0}}}
	for code, r := range byCode(Evaluate(good)) {
		if !r.Met {
			t.Errorf("good plan: %s not met: %+v", code, r)
		}
	}
	if n := len(Evaluate(good)); n != 6 {
		t.Fatalf("%d requirements", n)
	}

	cases := []struct {
		name   string
		change func(f *Facts)
		unmet  []string
	}{
		{"no forum", func(f *Facts) { f.Forum = false }, []string{ReqForum}},
		{"a missing meeting", func(f *Facts) { f.Meetings = append(f.Meetings[:3:3], f.Meetings[4:]...) }, []string{ReqForum}},
		{"meetings without civil society", func(f *Facts) { f.Meetings = meetings(false, dates(f.Meetings)...) }, []string{ReqMeetings}},
		{"updates stop", func(f *Facts) { f.Updates = f.Updates[:3] }, []string{ReqProgress}},
		{"no document in 2022", func(f *Facts) { f.Documents = f.Documents[:2] }, []string{ReqRepository}},
		{"timeline late", func(f *Facts) { f.Published = d(2020, 10, 25) }, []string{ReqTimeline}},
		{"a proposal unanswered", func(f *Facts) { f.Tallies[0].Responded = 2 }, []string{ReqResponses}},
		{"no consultation", func(f *Facts) { f.Tallies = nil }, []string{ReqResponses}},
		// An open consultation is not judged: its unanswered proposals may
		// still get their response, so they neither fail nor pass the plan.
		{"an open consultation with unanswered proposals", func(f *Facts) {
			f.Tallies = append(f.Tallies, Tally{Proposals: 5, Responded: 0})
		}, nil},
		{"an unanswered proposal in a closed consultation beside an open one", func(f *Facts) {
			f.Tallies[0].Responded = 2
			f.Tallies = append(f.Tallies, Tally{Proposals: 5, Responded: 5})
		}, []string{ReqResponses}},
		{"today inside the period: later gaps do not count yet", func(f *Facts) {
			f.Today = d(2021, 9, 1)
			f.Updates, f.Documents = f.Updates[:2], f.Documents[:1]
		}, nil},
	}
	// Only open consultations: the requirement is pending, neither met nor failed.
	open := good
	open.Tallies = []Tally{{Proposals: 4, Responded: 1}, {Proposals: 2, Responded: 2}}
	if r := byCode(Evaluate(open))[ReqResponses]; r.Met || !r.Pending || r.Open != 2 || r.Missing != 0 {
		t.Errorf("only open consultations: %+v", r)
	}
	if r := byCode(Evaluate(good))[ReqResponses]; r.Pending || r.Open != 0 {
		t.Errorf("closed consultations: %+v", r)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := good
			f.Meetings = append([]Dated(nil), good.Meetings...)
			f.Tallies = append([]Tally(nil), good.Tallies...)
			c.change(&f)
			unmet := map[string]bool{}
			for _, code := range c.unmet {
				unmet[code] = true
			}
			for code, r := range byCode(Evaluate(f)) {
				if r.Met == unmet[code] {
					t.Errorf("%s: met = %v", code, r.Met)
				}
			}
		})
	}

	before := good
	before.Today = d(2020, 12, 1)
	for _, r := range Evaluate(before) {
		if (r.Code == ReqForum || r.Code == ReqProgress || r.Code == ReqMeetings) && (!r.Pending || r.Met) {
			t.Errorf("before the period: %s pending %v met %v", r.Code, r.Pending, r.Met)
		}
	}
}

func TestBalanced(t *testing.T) {
	ms := []Member{{Seat: Government, Gender: Female}, {Seat: Government, Gender: Male}, {Seat: Government, Gender: Male},
		{Seat: CivilSociety, Gender: Female}, {Seat: CivilSociety, Gender: Female}, {Seat: CivilSociety, Gender: Male}}
	b := Balanced(ms)
	if b.Total != 6 || b.Government != (Share{3, 50}) || b.CivilSociety != (Share{3, 50}) || !b.Parity {
		t.Errorf("sides: %+v", b)
	}
	if b.Women != (Share{3, 50}) || b.BySeat[Government][Male] != 2 || b.BySeat[CivilSociety][Female] != 2 {
		t.Errorf("genders: %+v", b)
	}
	b = Balanced(ms[:3])
	if b.Parity || b.Women != (Share{1, 33}) || b.Men != (Share{2, 67}) {
		t.Errorf("three: %+v", b)
	}
	if b := Balanced(nil); b.Parity || b.Women.Percent != 0 {
		t.Errorf("empty: %+v", b)
	}
}

func TestCheck(t *testing.T) {
	if p := CheckMember(&Member{Name: "A", Seat: "x", Gender: "y"}); len(p) != 2 {
		t.Errorf("member: %v", p)
	}
	if p := CheckMember(&Member{Name: "A", Seat: Government, Gender: Female}); len(p) != 0 {
		t.Errorf("good member: %v", p)
	}
	if p := CheckMeeting(&Meeting{Timezone: "Mars/Olympus", AttendanceGovernment: -1}); len(p) != 2 {
		t.Errorf("meeting: %v", p)
	}
}
