package inforeq

import (
	"errors"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var casablanca = time.FixedZone("Africa/Casablanca", 3600)

func TestFixedHolidays(t *testing.T) {
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{
		{day(2026, 1, 1), true}, {day(2026, 1, 11), true}, {day(2026, 1, 14), true}, {day(2024, 1, 14), true},
		{day(2023, 1, 14), false}, // the Amazigh New Year is a public holiday from 2024
		{day(2026, 5, 1), true}, {day(2026, 7, 30), true}, {day(2026, 8, 14), true}, {day(2026, 8, 20), true},
		{day(2026, 8, 21), true}, {day(2026, 11, 6), true}, {day(2026, 11, 18), true},
		{day(2026, 1, 2), false}, {day(2026, 12, 31), false}, {day(2026, 7, 31), false},
	} {
		if _, got := FixedHoliday(tc.day); got != tc.want {
			t.Errorf("FixedHoliday(%s) = %v, want %v", tc.day.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestAnswerDeadline(t *testing.T) {
	plain := NewCalendar()
	// Eid al-Fitr and Eid al-Adha 2026 as an administrator would enter them.
	withEids := NewCalendar(day(2026, 3, 20), day(2026, 3, 21), day(2026, 5, 27), day(2026, 5, 28))
	for _, tc := range []struct {
		name     string
		cal      Calendar
		received time.Time
		urgent   bool
		extended bool
		want     time.Time
	}{
		{"monday, no holiday", plain, day(2026, 3, 2), false, false, day(2026, 3, 30)},
		{"movable holiday skipped", withEids, day(2026, 3, 2), false, false, day(2026, 3, 31)},
		{"friday morning", plain, time.Date(2026, 3, 6, 9, 0, 0, 0, casablanca), false, false, day(2026, 4, 3)},
		{"friday evening", plain, time.Date(2026, 3, 6, 21, 30, 0, 0, casablanca), false, false, day(2026, 4, 3)},
		{"saturday", plain, day(2026, 3, 7), false, false, day(2026, 4, 3)},
		{"sunday", plain, day(2026, 3, 8), false, false, day(2026, 4, 3)},
		{"year end, New Year and Amazigh New Year", plain, day(2025, 12, 17), false, false, day(2026, 1, 16)},
		{"month end, received the day before Labour Day", plain, day(2026, 4, 30), false, false, day(2026, 5, 29)},
		{"received on a holiday", plain, day(2026, 5, 1), false, false, day(2026, 5, 29)},
		{"a run of movable holidays across a month end", withEids, day(2026, 4, 30), false, false, day(2026, 6, 2)},
		{"August's run of holidays", plain, day(2026, 8, 12), false, false, day(2026, 9, 14)},
		{"extension starting on a holiday", plain, day(2026, 7, 15), false, true, day(2026, 9, 15)},
		{"urgent, received on the Throne Day", plain, day(2026, 7, 30), true, false, day(2026, 8, 4)},
		{"urgent, extended", plain, day(2026, 7, 30), true, true, day(2026, 8, 7)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, stopped := tc.cal.Deadline(Clock{Received: tc.received, Urgent: tc.urgent, Extended: tc.extended})
			if stopped || !got.Equal(tc.want) {
				t.Errorf("deadline = %s (stopped %v), want %s", got.Format(time.DateOnly), stopped, tc.want.Format(time.DateOnly))
			}
		})
	}
}

func TestFirstDeadlineBeforeExtension(t *testing.T) {
	cal := NewCalendar()
	c := Clock{Received: day(2026, 7, 15)}
	if first, _ := cal.FirstDeadline(Clock{Received: c.Received, Extended: true}); !first.Equal(day(2026, 8, 13)) {
		t.Fatalf("first deadline = %s, want 2026-08-13 (the day before Oued Eddahab Day)", first.Format(time.DateOnly))
	}
	if err := cal.CanExtend(c, day(2026, 8, 13)); err != nil {
		t.Errorf("notice on the first deadline: %v", err)
	}
	if err := cal.CanExtend(c, time.Date(2026, 8, 14, 8, 0, 0, 0, casablanca)); !errors.Is(err, ErrExtensionLate) {
		t.Errorf("notice after the first deadline: %v, want ErrExtensionLate", err)
	}
	c.Extended = true
	if err := cal.CanExtend(c, day(2026, 7, 20)); !errors.Is(err, ErrAlreadyExtended) {
		t.Errorf("second extension: %v, want ErrAlreadyExtended", err)
	}
	paused := Clock{Received: day(2026, 7, 15), Pauses: []Pause{{From: day(2026, 7, 20)}}}
	if err := cal.CanExtend(paused, day(2026, 7, 21)); !errors.Is(err, ErrClockStopped) {
		t.Errorf("extension while waiting for a clarification: %v, want ErrClockStopped", err)
	}
}

func TestClarificationStopsTheClock(t *testing.T) {
	cal := NewCalendar()
	received := day(2026, 3, 2)
	// Asked on Friday 6 March: 4 working days used (3 to 6 March).
	waiting := Clock{Received: received, Pauses: []Pause{{From: day(2026, 3, 6)}}}
	if d, stopped := cal.Deadline(waiting); !stopped || !d.IsZero() {
		t.Fatalf("while waiting: %s, stopped %v; want a stopped clock", d, stopped)
	}
	if cal.Overdue(waiting, day(2026, 12, 31)) {
		t.Error("a stopped clock is overdue")
	}
	// Answered on Wednesday 11 March: 16 days left, counted from the 12th.
	answered := Clock{Received: received, Pauses: []Pause{{From: day(2026, 3, 6), To: day(2026, 3, 11)}}}
	if d, _ := cal.Deadline(answered); !d.Equal(day(2026, 4, 2)) {
		t.Errorf("after the clarification: %s, want 2026-04-02", d.Format(time.DateOnly))
	}
	// Two clarifications: 4 days used, then 2 (12 and 13 March), 14 left from the 18th.
	twice := Clock{Received: received, Pauses: []Pause{{From: day(2026, 3, 6), To: day(2026, 3, 11)}, {From: day(2026, 3, 13), To: day(2026, 3, 18)}}}
	if d, _ := cal.Deadline(twice); !d.Equal(day(2026, 4, 7)) {
		t.Errorf("after two clarifications: %s, want 2026-04-07", d.Format(time.DateOnly))
	}
	// A clarification asked once the deadline passed does not revive it.
	late := Clock{Received: received, Pauses: []Pause{{From: day(2026, 4, 6)}}}
	if d, stopped := cal.Deadline(late); stopped || !d.Equal(day(2026, 3, 30)) {
		t.Errorf("late clarification: %s, stopped %v; want 2026-03-30", d.Format(time.DateOnly), stopped)
	}
}

func TestOverdue(t *testing.T) {
	cal := NewCalendar()
	c := Clock{Received: day(2026, 3, 2)}
	if cal.Overdue(c, time.Date(2026, 3, 30, 23, 0, 0, 0, casablanca)) {
		t.Error("overdue on the deadline itself")
	}
	if !cal.Overdue(c, day(2026, 3, 31)) {
		t.Error("not overdue the day after the deadline")
	}
}

func TestComplaintWindows(t *testing.T) {
	cal := NewCalendar()
	if got := cal.HeadComplaintWindow(day(2026, 3, 2)); !got.Equal(day(2026, 3, 30)) {
		t.Errorf("head: %s, want 2026-03-30", got.Format(time.DateOnly))
	}
	// Refused on 12 August: the August holidays are skipped.
	if got := cal.HeadComplaintWindow(day(2026, 8, 12)); !got.Equal(day(2026, 9, 14)) {
		t.Errorf("head over August: %s, want 2026-09-14", got.Format(time.DateOnly))
	}
	if got := cal.HeadAnswerDeadline(day(2025, 12, 24)); !got.Equal(day(2026, 1, 16)) {
		t.Errorf("head's answer over the year end: %s, want 2026-01-16", got.Format(time.DateOnly))
	}
	// The CDAI's 30 days are calendar days, across a month end.
	if got := CDAIComplaintWindow(day(2026, 1, 20)); !got.Equal(day(2026, 2, 19)) {
		t.Errorf("CDAI: %s, want 2026-02-19", got.Format(time.DateOnly))
	}
}

func TestWorkingDays(t *testing.T) {
	cal := NewCalendar(day(2026, 3, 20))
	for _, tc := range []struct {
		from, to time.Time
		want     int
	}{
		{day(2026, 3, 2), day(2026, 3, 2), 0},
		{day(2026, 3, 6), day(2026, 3, 9), 1},   // over a weekend
		{day(2026, 3, 16), day(2026, 3, 23), 4}, // 17, 18, 19, 23 (20 movable)
		{day(2025, 12, 31), day(2026, 1, 2), 1}, // New Year skipped
		{day(2026, 3, 9), day(2026, 3, 2), 0},
	} {
		if got := cal.WorkingDaysBetween(tc.from, tc.to); got != tc.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from.Format(time.DateOnly), tc.to.Format(time.DateOnly), got, tc.want)
		}
	}
	if cal.WorkingDay(day(2026, 3, 20)) || cal.WorkingDay(day(2026, 3, 21)) || !cal.WorkingDay(day(2026, 3, 19)) {
		t.Error("WorkingDay disagrees with the calendar")
	}
}
