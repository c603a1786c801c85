package participation

import (
	"time"
)

// Bounds of the page.
const (
	Months           = 36  // the monthly table covers this many calendar months, this one included
	MaxConsultations = 100 // the latest published consultations in the table per consultation
)

// Counts are the figures of a month, a consultation or the whole window.
type Counts struct {
	Proposals     int `json:"proposals"`
	Comments      int `json:"comments"`
	Supports      int `json:"supports"`
	Participants  int `json:"participants"`  // distinct accounts that contributed
	Organisations int `json:"organisations"` // distinct organisations proposals were sent on behalf of
}

// Contributions adds proposals, comments and supports up.
func (c Counts) Contributions() int { return c.Proposals + c.Comments + c.Supports }

// Month is one calendar month's figures.
type Month struct {
	Month time.Time `json:"month"` // the first day of the month, UTC
	Counts
}

// WindowStart is the first instant counted at now: the first day, in UTC,
// of the month Months-1 months before now's.
func WindowStart(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month()-time.Month(Months-1), 1, 0, 0, 0, 0, time.UTC)
}

// FillMonths returns one row per month from the window's start to now's
// month, newest first, with the figures of the months that had some and
// zeros for the others, so the table has no holes.
func FillMonths(now time.Time, got map[string]Counts) []Month {
	start := WindowStart(now)
	out := make([]Month, 0, Months)
	for i := Months - 1; i >= 0; i-- {
		m := start.AddDate(0, i, 0)
		out = append(out, Month{Month: m, Counts: got[m.Format("2006-01")]})
	}
	return out
}
