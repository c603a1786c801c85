package plan

import "time"

// RollUp returns a commitment's progress (0–100) from its milestones: the
// average of their progress weighted by their weight. Withdrawn milestones do
// not count; a weight below 1 counts as 1. No milestones means 0.
func RollUp(ms []Milestone) int {
	total, weights := 0, 0
	for _, m := range ms {
		if m.Status == Withdrawn {
			continue
		}
		w := max(m.Weight, 1)
		total += clampProgress(m.Progress) * w
		weights += w
	}
	if weights == 0 {
		return 0
	}
	// Round half up without floats: (2*total + weights) / (2*weights).
	return (2*total + weights) / (2 * weights)
}

// DeriveStatus returns a commitment's status from its milestones on the day
// today: withdrawn stays withdrawn; all remaining milestones completed is
// completed; any milestone delayed, or one past its end date unfinished, is
// delayed; nothing started and no progress is not started; otherwise in
// progress.
func DeriveStatus(current Status, ms []Milestone, today time.Time) Status {
	if current == Withdrawn {
		return Withdrawn
	}
	active, completed, started := 0, 0, 0
	delayed := false
	for _, m := range ms {
		if m.Status == Withdrawn {
			continue
		}
		active++
		switch MilestoneStatus(m, today) {
		case Completed:
			completed++
			started++
		case Delayed:
			delayed = true
			started++
		case InProgress:
			started++
		}
	}
	switch {
	case active == 0:
		if current == "" {
			return NotStarted
		}
		return current
	case completed == active:
		return Completed
	case delayed:
		return Delayed
	case started == 0:
		return NotStarted
	default:
		return InProgress
	}
}

// MilestoneStatus is a milestone's status on the day today: one whose end
// date has passed unfinished is delayed, whatever was last recorded;
// completed and withdrawn stand as recorded. A zero today leaves dates out
// and reads only what officials recorded.
func MilestoneStatus(m Milestone, today time.Time) Status {
	switch m.Status {
	case Completed, Withdrawn:
		return m.Status
	}
	if m.Progress >= 100 {
		return Completed
	}
	if Overdue(m, today) {
		return Delayed
	}
	if m.Status == NotStarted && m.Progress > 0 {
		return InProgress
	}
	if m.Status == "" {
		return NotStarted
	}
	return m.Status
}

// Overdue reports whether m's end date has passed on the day today while it
// is neither completed nor withdrawn. A zero today is never overdue.
func Overdue(m Milestone, today time.Time) bool {
	if today.IsZero() || m.EndDate.IsZero() || m.Status == Completed || m.Status == Withdrawn || m.Progress >= 100 {
		return false
	}
	return today.After(m.EndDate.AddDate(0, 0, 1))
}

// CountByStatus counts commitments per status, every status present (zero
// included) so pages can show a stable legend.
func CountByStatus(cs []Commitment) map[Status]int {
	out := make(map[Status]int, len(Statuses))
	for _, s := range Statuses {
		out[s] = 0
	}
	for _, c := range cs {
		out[c.Status]++
	}
	return out
}

// OverallProgress is a plan's progress: the plain average of its commitments'
// progress, withdrawn commitments excluded.
func OverallProgress(cs []Commitment) int {
	total, n := 0, 0
	for _, c := range cs {
		if c.Status == Withdrawn {
			continue
		}
		total += clampProgress(c.Progress)
		n++
	}
	if n == 0 {
		return 0
	}
	return (2*total + n) / (2 * n)
}

func clampProgress(p int) int {
	return min(max(p, 0), 100)
}
