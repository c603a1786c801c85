package forum

import (
	"slices"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// The OGP minimum requirements of an action plan, computed from what the
// site has published. Each is a plain rule over dates and counts:
//
//   - forum: the forum exists and met at least every six months during the
//     plan's period (1 January of its first year to 31 December of its last,
//     or today if sooner);
//   - progress: progress updates were published at least every four months
//     during implementation, which begins when the co-creation timeline ends
//     (the day after its last stage, else 1 January of the first year);
//   - repository: the document repository received a document at least every
//     six months (twice a year) during the plan's period;
//   - timeline: the co-creation timeline was published at least two weeks
//     before co-creation began. Plans do not keep a separate publication time
//     for their timeline, so the plan's creation on the site (plans.created_at,
//     when the timeline was first entered and shown) is compared with the
//     start of its first stage;
//   - responses: every proposal of the plan's closed consultations (on the
//     plan or one of its commitments) has a reasoned response. Only a
//     consultation the administration has closed is judged: while one is open
//     or in review its proposals may still be answered, so it neither meets
//     nor fails the requirement, and with no closed consultation yet the
//     requirement is pending. A plan without any consultation does not meet
//     it. Proposals hidden by moderation are not counted;
//   - meetings: the forum met civil society (a meeting with civil-society
//     attendance) at least twice in each calendar year of implementation, once
//     in a year that implementation covers for less than half.
//
// A gap is measured from the window's start (or the previous dated item) to
// the next item; the last gap runs to the window's end.

// Requirement codes, in display order.
const (
	ReqForum      = "forum"
	ReqProgress   = "progress"
	ReqRepository = "repository"
	ReqTimeline   = "timeline"
	ReqResponses  = "responses"
	ReqMeetings   = "meetings"
)

// Gap is a stretch longer than allowed without anything dated: from After
// (the window's start or the last item) nothing came by Due.
type Gap struct {
	After time.Time
	Due   time.Time
	Next  time.Time // the next item, zero when none came before the window's end
}

// Gaps returns the stretches of [from, to] longer than months months
// without a date from dates. Dates outside the window are ignored.
func Gaps(dates []time.Time, from, to time.Time, months int) []Gap {
	if to.Before(from) {
		return nil
	}
	in := make([]time.Time, 0, len(dates))
	for _, d := range dates {
		if !d.Before(from) && !d.After(to) {
			in = append(in, d)
		}
	}
	slices.SortFunc(in, func(a, b time.Time) int { return a.Compare(b) })
	var out []Gap
	cur := from
	for _, d := range in {
		if due := cur.AddDate(0, months, 0); d.After(due) {
			out = append(out, Gap{After: cur, Due: due, Next: d})
		}
		cur = d
	}
	if due := cur.AddDate(0, months, 0); to.After(due) {
		out = append(out, Gap{After: cur, Due: due})
	}
	return out
}

// YearTally is how many dated items a calendar year had and needed.
type YearTally struct {
	Year  int
	Count int
	Need  int
}

// PerYear counts dates in each calendar year that [from, to] touches and
// returns every year's tally; a year needs perYear items when the window
// covers at least half of it, else one.
func PerYear(dates []time.Time, from, to time.Time, perYear int) []YearTally {
	if to.Before(from) {
		return nil
	}
	var out []YearTally
	for y := from.Year(); y <= to.Year(); y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, from.Location())
		end := time.Date(y+1, 1, 1, 0, 0, 0, 0, from.Location())
		lo, hi := maxTime(start, from), minTime(end, to.AddDate(0, 0, 1))
		need := perYear
		if hi.Sub(lo)*2 < end.Sub(start) {
			need = 1
		}
		n := 0
		for _, d := range dates {
			if !d.Before(lo) && d.Before(hi) {
				n++
			}
		}
		out = append(out, YearTally{Year: y, Count: n, Need: need})
	}
	return out
}

// TimelineLead is the minimum time between the publication of the
// co-creation timeline and the start of co-creation.
const TimelineLead = 14 * 24 * time.Hour

// TimelineEarly reports whether a timeline published at published came at
// least TimelineLead before co-creation began at begins (a date, midnight
// in the site's zone).
func TimelineEarly(published, begins time.Time) bool {
	return !published.IsZero() && !begins.IsZero() && !begins.Before(published.Add(TimelineLead))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Dated is something with a date that serves as evidence: a meeting, an
// update, a document.
type Dated struct {
	Date  time.Time
	URL   string
	Title i18n.Text
	// CivilSociety marks a forum meeting civil society attended.
	CivilSociety bool
}

// Tally is a consultation's proposals and how many have a reasoned response.
type Tally struct {
	URL       string // the consultation's report
	Title     i18n.Text
	Closed    bool // closed by the administration: only then is it judged
	Proposals int
	Responded int
}

// Facts are what the requirements are computed from, read from the site's
// data (Gather) or written by hand in tests.
type Facts struct {
	Today       time.Time // midnight, site's zone
	PeriodStart int
	PeriodEnd   int
	Location    *time.Location
	Published   time.Time // when the plan and its timeline appeared on the site
	StagesStart time.Time // first stage's start, zero without a timeline
	StagesEnd   time.Time // last stage's end (or start), zero without a timeline
	Forum       bool
	Meetings    []Dated
	Updates     []Dated
	Documents   []Dated
	Tallies     []Tally
}

// Requirement is one line of the page: met or not, with its evidence or
// what is missing.
type Requirement struct {
	Code     string
	Met      bool
	Pending  bool // the period it is about has not begun
	From, To time.Time
	Evidence []Dated
	Gaps     []Gap
	Years    []YearTally // short years for meetings; every year otherwise empty
	Tallies  []Tally     // consultations, for responses
	Missing  int         // proposals without a response, in closed consultations
	Open     int         // consultations not closed yet, not judged
	NoForum  bool
	// Timeline: when it was published and when co-creation began.
	Published, Begins time.Time
}

// Period is the window of the plan's period up to today; ok is false
// before it begins.
func (f *Facts) Period() (from, to time.Time, ok bool) {
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	from = time.Date(f.PeriodStart, 1, 1, 0, 0, 0, 0, loc)
	to = time.Date(f.PeriodEnd, 12, 31, 0, 0, 0, 0, loc)
	if f.Today.Before(to) {
		to = f.Today
	}
	return from, to, !to.Before(from)
}

// Implementation is the window of implementation up to today: from the day
// after the co-creation timeline ends (when that falls within the period),
// else from the period's start.
func (f *Facts) Implementation() (from, to time.Time, ok bool) {
	from, to, ok = f.Period()
	if !f.StagesEnd.IsZero() {
		if next := f.StagesEnd.AddDate(0, 0, 1); next.After(from) {
			from = next
		}
	}
	return from, to, ok && !to.Before(from)
}

func within(ds []Dated, from, to time.Time) []Dated {
	var out []Dated
	for _, d := range ds {
		if !d.Date.Before(from) && !d.Date.After(to) {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b Dated) int { return a.Date.Compare(b.Date) })
	return out
}

func dates(ds []Dated) []time.Time {
	out := make([]time.Time, len(ds))
	for i, d := range ds {
		out[i] = d.Date
	}
	return out
}

// Evaluate computes every requirement from the facts.
func Evaluate(f Facts) []Requirement {
	pFrom, pTo, pOK := f.Period()
	iFrom, iTo, iOK := f.Implementation()
	var out []Requirement

	// (a) The forum met at least every six months.
	r := Requirement{Code: ReqForum, From: pFrom, To: pTo, NoForum: !f.Forum, Pending: !pOK}
	if pOK {
		r.Evidence = within(f.Meetings, pFrom, pTo)
		r.Gaps = Gaps(dates(r.Evidence), pFrom, pTo, 6)
		r.Met = f.Forum && len(r.Gaps) == 0
	}
	out = append(out, r)

	// (b) Progress updates at least every four months during implementation.
	r = Requirement{Code: ReqProgress, From: iFrom, To: iTo, Pending: !iOK}
	if iOK {
		r.Evidence = within(f.Updates, iFrom, iTo)
		r.Gaps = Gaps(dates(r.Evidence), iFrom, iTo, 4)
		r.Met = len(r.Gaps) == 0
	}
	out = append(out, r)

	// (c) The document repository updated at least twice a year.
	r = Requirement{Code: ReqRepository, From: pFrom, To: pTo, Pending: !pOK}
	if pOK {
		r.Evidence = within(f.Documents, pFrom, pTo)
		r.Gaps = Gaps(dates(r.Evidence), pFrom, pTo, 6)
		r.Met = len(r.Gaps) == 0
	}
	out = append(out, r)

	// (d) The timeline published two weeks before co-creation began.
	r = Requirement{Code: ReqTimeline, Published: f.Published, Begins: f.StagesStart}
	r.Met = TimelineEarly(f.Published, f.StagesStart)
	out = append(out, r)

	// (e) A reasoned response to every proposal.
	r = Requirement{Code: ReqResponses, Tallies: f.Tallies}
	closed := 0
	for _, t := range f.Tallies {
		if !t.Closed {
			r.Open++
			continue
		}
		closed++
		r.Missing += max(0, t.Proposals-t.Responded)
	}
	// Without any consultation there was nothing to respond to: not met.
	// With consultations none of which is closed yet, it cannot be judged.
	r.Met = closed > 0 && r.Missing == 0
	r.Pending = closed == 0 && len(f.Tallies) > 0
	out = append(out, r)

	// (f) Two meetings a year with civil society during implementation.
	r = Requirement{Code: ReqMeetings, From: iFrom, To: iTo, Pending: !iOK}
	if iOK {
		var cs []Dated
		for _, m := range within(f.Meetings, iFrom, iTo) {
			if m.CivilSociety {
				cs = append(cs, m)
			}
		}
		r.Evidence = cs
		r.Met = true
		for _, y := range PerYear(dates(cs), iFrom, iTo, 2) {
			if y.Count < y.Need {
				r.Met = false
				r.Years = append(r.Years, y)
			}
		}
	}
	out = append(out, r)
	return out
}
