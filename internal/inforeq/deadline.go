package inforeq

import (
	"errors"
	"time"
)

// The law's periods (Law 31.13, articles 16, 17, 19 and 20).
const (
	// AnswerDays: a body answers within 20 working days of receiving a request.
	AnswerDays = 20
	// ExtensionDays: once, by 20 more, if the requester was told why before
	// the first deadline.
	ExtensionDays = 20
	// UrgentDays: 3 working days when the information is needed to protect a
	// person's life, safety or freedom, extendable once by 3.
	UrgentDays          = 3
	UrgentExtensionDays = 3
	// HeadComplaintDays: a requester may complain to the head of the body
	// within 20 working days of the refusal or of the missed deadline.
	HeadComplaintDays = 20
	// HeadAnswerDays: the head answers a complaint within 15 working days.
	HeadAnswerDays = 15
	// CDAIComplaintDays: then to the national commission (CDAI) within 30
	// (calendar) days of the head's answer or of the end of its period.
	CDAIComplaintDays = 30
)

// How the days are counted.
//
// The day a request is received is day 0 and is never counted; the first
// day counted is the next working day. This is the rule of Moroccan
// procedure (the day of the act that starts a period is not counted,
// dies a quo non computatur) and the only one that treats every requester
// alike: a request received on a Friday evening, on a Saturday, a Sunday or
// a holiday starts counting on the next working day, exactly as one received
// on a Friday morning does, so the hour of receipt never matters and a body
// never loses a day to a request that arrived while it was closed.
//
// A deadline is the last day on which the body may act: an answer, or an
// extension notice, given on that day is on time.

// Clock is what a request's deadline depends on.
type Clock struct {
	Received time.Time // the day of receipt (day 0)
	Urgent   bool
	// Pauses are the clarifications asked, in order: the clock stops on the
	// day one is asked and starts again, from 0, on the day it is answered.
	Pauses []Pause
	// Extended is set once the extension was given (on a day not after the
	// first deadline: CanExtend).
	Extended bool
}

// Pause is one clarification: asked on From, answered on To (zero while
// the body still waits for it).
type Pause struct {
	From, To time.Time
}

// Budget is the number of working days the body has: 20, or 3 when urgent,
// plus the extension when given.
func (c Clock) Budget() int {
	n := AnswerDays
	if c.Urgent {
		n = UrgentDays
	}
	if c.Extended {
		n += c.ExtensionDays()
	}
	return n
}

// ExtensionDays is the length of the extension this request may get.
func (c Clock) ExtensionDays() int {
	if c.Urgent {
		return UrgentExtensionDays
	}
	return ExtensionDays
}

// Deadline returns the last day for an answer, and stopped = true (with a
// zero deadline) while a clarification is awaited.
//
// A clarification asked on day A stops the clock: the working days after
// the last start up to and including A are used; when it is answered on day
// B, the days left are counted from B as day 0, as for a new receipt. A
// clarification asked after the deadline passed does not revive it.
func (cal Calendar) Deadline(c Clock) (deadline time.Time, stopped bool) {
	return cal.deadline(c, c.Budget())
}

// FirstDeadline is the deadline without the extension: the day by which an
// extension notice must have been sent.
func (cal Calendar) FirstDeadline(c Clock) (deadline time.Time, stopped bool) {
	c.Extended = false
	return cal.deadline(c, c.Budget())
}

func (cal Calendar) deadline(c Clock, budget int) (time.Time, bool) {
	start := c.Received
	for _, p := range c.Pauses {
		used := cal.WorkingDaysBetween(start, p.From)
		if used >= budget {
			break // the deadline had passed when the clarification was asked
		}
		if p.To.IsZero() {
			return time.Time{}, true
		}
		budget -= used
		start = p.To
	}
	return cal.AddWorkingDays(start, budget), false
}

// Errors of the deadline rules.
var (
	ErrAlreadyExtended = errors.New("inforeq: already extended")
	ErrExtensionLate   = errors.New("inforeq: the extension notice comes after the first deadline")
	ErrClockStopped    = errors.New("inforeq: the clock is stopped by a clarification")
)

// CanExtend reports whether an extension notice sent on day may extend the
// request: once only, on or before the first deadline, and not while a
// clarification is awaited.
func (cal Calendar) CanExtend(c Clock, day time.Time) error {
	if c.Extended {
		return ErrAlreadyExtended
	}
	first, stopped := cal.FirstDeadline(c)
	if stopped {
		return ErrClockStopped
	}
	if Day(day).After(first) {
		return ErrExtensionLate
	}
	return nil
}

// Overdue reports whether the request, still unanswered on day, is past its
// deadline. A stopped clock is never overdue.
func (cal Calendar) Overdue(c Clock, day time.Time) bool {
	d, stopped := cal.Deadline(c)
	return !stopped && Day(day).After(d)
}

// HeadComplaintWindow is the last day to complain to the head of the body
// after a refusal received on, or a deadline missed on, from: 20 working
// days, counted as for a request.
func (cal Calendar) HeadComplaintWindow(from time.Time) time.Time {
	return cal.AddWorkingDays(from, HeadComplaintDays)
}

// HeadAnswerDeadline is the last day for the head of the body to answer a
// complaint received on day.
func (cal Calendar) HeadAnswerDeadline(day time.Time) time.Time {
	return cal.AddWorkingDays(day, HeadAnswerDays)
}

// CDAIComplaintWindow is the last day to complain to the CDAI, 30 calendar
// days after from: the day the head answered, or the last day of the head's
// period when no answer came.
func CDAIComplaintWindow(from time.Time) time.Time {
	return Day(from).AddDate(0, 0, CDAIComplaintDays)
}
