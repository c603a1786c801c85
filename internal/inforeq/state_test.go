package inforeq

import (
	"errors"
	"testing"
)

func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		from State
		d    Decision
		want State
		err  error
	}{
		{Received, Decision{Action: ActAsk, Reason: "which year?"}, Clarification, nil},
		{Clarification, Decision{Action: ActClarify}, Received, nil},
		{Received, Decision{Action: ActExtend, Reason: "many archives to search"}, Received, nil},
		{Received, Decision{Action: ActAnswer, Answer: "the figures"}, AnsweredFull, nil},
		{Received, Decision{Action: ActAnswer, Links: []string{"/documents"}}, AnsweredFull, nil},
		{Received, Decision{Action: ActPartial, Answer: "part", Reason: "the rest is not held"}, AnsweredPart, nil},
		{Received, Decision{Action: ActNotHeld}, NotHeld, nil},
		{Received, Decision{Action: ActPublished, Links: []string{"https://example.org/budget.pdf"}}, Published, nil},
		{Received, Decision{Action: ActTransfer, Transfer: 7}, Transferred, nil},
		{Clarification, Decision{Action: ActRefuse, Ground: GroundUnclear, Reason: "no clarification came"}, Refused, nil},
		{Received, Decision{Action: ActRefuse, Ground: GroundException, Exception: "private_life", Reason: "names of patients"}, Refused, nil},

		{Clarification, Decision{Action: ActAsk, Reason: "again"}, Clarification, ErrNotAllowed},
		{Received, Decision{Action: ActClarify}, Received, ErrNotAllowed},
		{Clarification, Decision{Action: ActExtend, Reason: "x"}, Clarification, ErrNotAllowed},
		{AnsweredFull, Decision{Action: ActRefuse, Ground: GroundUnclear, Reason: "x"}, AnsweredFull, ErrNotAllowed},
		{Refused, Decision{Action: ActAnswer, Answer: "x"}, Refused, ErrNotAllowed},
		{Received, Decision{Action: "delete"}, Received, ErrNotAllowed},

		{Received, Decision{Action: ActAsk}, Received, ErrReasonRequired},
		{Received, Decision{Action: ActExtend, Reason: "  "}, Received, ErrReasonRequired},
		{Received, Decision{Action: ActAnswer}, Received, ErrAnswerRequired},
		{Received, Decision{Action: ActPartial, Answer: "x"}, Received, ErrReasonRequired},
		{Received, Decision{Action: ActPublished}, Received, ErrLinkRequired},
		{Received, Decision{Action: ActPublished, Links: []string{"javascript:alert(1)"}}, Received, ErrBadLink},
		{Received, Decision{Action: ActPublished, Links: []string{"//evil.example"}}, Received, ErrBadLink},
		{Received, Decision{Action: ActTransfer}, Received, ErrTransferTarget},
	} {
		got, err := Next(tc.from, tc.d)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("Next(%s, %s) = %s, %v; want %s, %v", tc.from, tc.d.Action, got, err, tc.want, tc.err)
		}
	}
}

// A refusal without a ground from the law's list and a reason is impossible.
func TestRefusalNeedsGroundAndReason(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Decision
		err  error
	}{
		{"no ground", Decision{Action: ActRefuse, Reason: "we do not want to"}, ErrGroundRequired},
		{"ground not in the law", Decision{Action: ActRefuse, Ground: "inconvenient", Reason: "x"}, ErrGroundRequired},
		{"no reason", Decision{Action: ActRefuse, Ground: GroundRepeated}, ErrReasonRequired},
		{"blank reason", Decision{Action: ActRefuse, Ground: GroundArchives, Reason: " \n "}, ErrReasonRequired},
		{"article 7 unnamed", Decision{Action: ActRefuse, Ground: GroundException, Reason: "secret"}, ErrExceptionMissing},
		{"article 7 unknown", Decision{Action: ActRefuse, Ground: GroundException, Exception: "embarrassing", Reason: "x"}, ErrExceptionMissing},
	} {
		for _, s := range []State{Received, Clarification} {
			if got, err := Next(s, tc.d); got == Refused || !errors.Is(err, tc.err) {
				t.Errorf("%s from %s: %s, %v; want %v", tc.name, s, got, err, tc.err)
			}
		}
	}
	for _, g := range Grounds {
		d := Decision{Action: ActRefuse, Ground: g, Reason: "the reason", Exception: "defence"}
		if got, err := Next(Received, d); got != Refused || err != nil {
			t.Errorf("ground %s: %s, %v", g, got, err)
		}
	}
}

func TestFieldOfEveryError(t *testing.T) {
	for _, err := range []error{ErrGroundRequired, ErrExceptionMissing, ErrReasonRequired, ErrAnswerRequired, ErrLinkRequired,
		ErrBadLink, ErrTooMany, ErrTooLong, ErrTransferTarget, ErrAlreadyExtended, ErrExtensionLate, ErrClockStopped} {
		if _, key := FieldOf(err); key == "inforeq.error.not_allowed" {
			t.Errorf("%v has no field", err)
		}
	}
}
