package inforeq

import "time"

// A Calendar tells working days from the others for one site: Saturdays and
// Sundays are never working days, nor are the fixed national holidays
// (FixedHoliday), nor the movable ones the site's administrators enter for
// each year (the religious holidays, announced late since they follow the
// moon).
//
// Days are calendar days: a time.Time is read for its year, month and day
// only, in whatever location it carries; callers pass dates in the site's
// zone (Africa/Casablanca).
type Calendar struct {
	movable map[civil]bool
}

// civil is a calendar day, comparable and cheap.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil { y, m, d := t.Date(); return civil{y, m, d} }

// Day returns t's calendar day at midnight UTC, the form every date of this
// package is computed and returned in.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// NewCalendar returns the calendar with the given movable holidays.
func NewCalendar(movable ...time.Time) Calendar {
	c := Calendar{movable: make(map[civil]bool, len(movable))}
	for _, t := range movable {
		c.movable[civilOf(t)] = true
	}
	return c
}

// FixedHoliday reports whether t's day is a fixed national holiday of
// Morocco, and which one (a message key suffix): New Year, the Proclamation
// of Independence (11 January), the Amazigh New Year (14 January, a public
// holiday since 2024), Labour Day, the Throne Day (30 July), Oued Eddahab
// Day (14 August), the Revolution of the King and the People (20 August),
// Youth Day (21 August), the Green March (6 November) and Independence Day
// (18 November).
func FixedHoliday(t time.Time) (string, bool) {
	_, m, d := t.Date()
	switch {
	case m == time.January && d == 1:
		return "new_year", true
	case m == time.January && d == 11:
		return "independence_manifesto", true
	case m == time.January && d == 14 && t.Year() >= 2024:
		return "amazigh_new_year", true
	case m == time.May && d == 1:
		return "labour_day", true
	case m == time.July && d == 30:
		return "throne_day", true
	case m == time.August && d == 14:
		return "oued_eddahab", true
	case m == time.August && d == 20:
		return "revolution", true
	case m == time.August && d == 21:
		return "youth_day", true
	case m == time.November && d == 6:
		return "green_march", true
	case m == time.November && d == 18:
		return "independence_day", true
	}
	return "", false
}

// Holiday reports whether t's day is a public holiday, fixed or movable.
func (c Calendar) Holiday(t time.Time) bool {
	if _, ok := FixedHoliday(t); ok {
		return true
	}
	return c.movable[civilOf(t)]
}

// WorkingDay reports whether t's day is a working day: not a Saturday, a
// Sunday or a holiday.
func (c Calendar) WorkingDay(t time.Time) bool {
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !c.Holiday(t)
}

// AddWorkingDays returns the n-th working day after from's day. The day
// from itself is never counted, whatever it is: it is day 0. So with n = 0
// it returns from's day, and with n ≥ 1 always a working day.
func (c Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	d := Day(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.WorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from's day up to and
// including to's day; 0 when to is not after from.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	end := Day(to)
	for d := Day(from).AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		if c.WorkingDay(d) {
			n++
		}
	}
	return n
}
