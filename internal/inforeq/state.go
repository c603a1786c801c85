package inforeq

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"
)

// State is where a request stands, in the register.
type State string

const (
	Received      State = "received"      // waiting for the body's answer
	Clarification State = "clarification" // the body asked the requester to clarify; the clock is stopped
	AnsweredFull  State = "answered_full"
	AnsweredPart  State = "answered_part"
	NotHeld       State = "not_held"    // the body does not hold the information
	Published     State = "published"   // already published: the answer is its link
	Transferred   State = "transferred" // sent on to the competent body
	Refused       State = "refused"     // with a ground from the law and a reason
)

// States lists every state, in the register's order.
var States = []State{Received, Clarification, AnsweredFull, AnsweredPart, NotHeld, Published, Transferred, Refused}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Open reports whether the body still owes an answer.
func (s State) Open() bool { return s == Received || s == Clarification }

// Ground is why a request is refused (Law 31.13, articles 7 and 18).
type Ground string

const (
	GroundException  Ground = "exception"   // an article 7 exception, which must be named
	GroundUnclear    Ground = "unclear"     // the request is unclear
	GroundInProgress Ground = "in_progress" // the information is still being prepared
	GroundRepeated   Ground = "repeated"    // the same request by the same person within the year
	GroundArchives   Ground = "archives"    // deposited with the national archives (Archives du Maroc)
)

// Grounds lists every ground.
var Grounds = []Ground{GroundException, GroundUnclear, GroundInProgress, GroundRepeated, GroundArchives}

// Exception is an article 7 exception, named in a refusal on that ground.
type Exception string

// Exceptions are article 7's: national defence, the internal and external
// security of the State, private life, fundamental rights and freedoms,
// the sources of information, the deliberations of the councils of
// ministers and of government, inquiries and investigations, judicial
// proceedings, free competition, the State's monetary, economic or
// financial policy, and intellectual property.
var Exceptions = []Exception{"defence", "security", "private_life", "rights", "sources", "deliberations",
	"inquiries", "judicial", "competition", "economic_policy", "intellectual_property"}

// Action is what the person in charge (or the requester) does to a request.
type Action string

const (
	ActAsk       Action = "ask"      // ask for clarification
	ActClarify   Action = "clarify"  // the clarification is received
	ActExtend    Action = "extend"   // extend once, with a reason
	ActAnswer    Action = "answer"   // in full
	ActPartial   Action = "partial"  // in part
	ActNotHeld   Action = "not_held" // not held
	ActPublished Action = "published"
	ActTransfer  Action = "transfer"
	ActRefuse    Action = "refuse"
)

// Bounds on a decision's texts.
const (
	MaxReasonLen = 5000
	MaxAnswerLen = 20000
	MaxLinks     = 20
	MaxLinkLen   = 500
)

// Decision is one action with what it carries.
type Decision struct {
	Action    Action
	Reason    string    // the extension's reason, the refusal's, the clarification asked
	Answer    string    // the answer's text
	Links     []string  // documents or links (the already published information's link)
	Ground    Ground    // for a refusal
	Exception Exception // for a refusal on an article 7 exception
	Transfer  int64     // the competent body, for a transfer (an organisation id), or 0 with Reason naming it
	Costs     string    // copying and sending costs, when any
}

// Errors of the state machine. Each maps to a field of the person in
// charge's form (FieldOf).
var (
	ErrNotAllowed       = errors.New("inforeq: not allowed in this state")
	ErrReasonRequired   = errors.New("inforeq: a reason is required")
	ErrGroundRequired   = errors.New("inforeq: a ground from the law is required")
	ErrExceptionMissing = errors.New("inforeq: the article 7 exception must be named")
	ErrAnswerRequired   = errors.New("inforeq: an answer or a document is required")
	ErrLinkRequired     = errors.New("inforeq: the link to the published information is required")
	ErrTooLong          = errors.New("inforeq: too long")
	ErrTooMany          = errors.New("inforeq: too many links")
	ErrBadLink          = errors.New("inforeq: a link must be an http(s) URL or a path on the site")
	ErrTransferTarget   = errors.New("inforeq: the competent body is required")
)

// Next returns the state that d leads to from s, or an error when the
// action is not allowed in s or lacks what the law requires: a refusal
// needs a ground from the list (an article 7 exception named) and a reason;
// an extension a reason; an answer a text or a document; an already
// published answer its link. Extensions are further checked against the
// clock (Calendar.CanExtend).
func Next(s State, d Decision) (State, error) {
	if err := d.check(); err != nil {
		return s, err
	}
	switch d.Action {
	case ActAsk:
		if s == Received {
			return Clarification, nil
		}
	case ActClarify:
		if s == Clarification {
			return Received, nil
		}
	case ActExtend:
		if s == Received {
			return Received, nil
		}
	case ActAnswer, ActPartial, ActNotHeld, ActPublished, ActTransfer, ActRefuse:
		if s.Open() {
			return outcome[d.Action], nil
		}
	}
	return s, ErrNotAllowed
}

var outcome = map[Action]State{ActAnswer: AnsweredFull, ActPartial: AnsweredPart, ActNotHeld: NotHeld,
	ActPublished: Published, ActTransfer: Transferred, ActRefuse: Refused}

func (d Decision) check() error {
	if utf8.RuneCountInString(d.Reason) > MaxReasonLen || utf8.RuneCountInString(d.Answer) > MaxAnswerLen || utf8.RuneCountInString(d.Costs) > MaxReasonLen {
		return ErrTooLong
	}
	if len(d.Links) > MaxLinks {
		return ErrTooMany
	}
	for _, l := range d.Links {
		if len(l) > MaxLinkLen || !(strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//")) {
			return ErrBadLink
		}
	}
	reason := strings.TrimSpace(d.Reason) != ""
	switch d.Action {
	case ActAsk, ActExtend:
		if !reason {
			return ErrReasonRequired
		}
	case ActRefuse:
		if !slices.Contains(Grounds, d.Ground) {
			return ErrGroundRequired
		}
		if d.Ground == GroundException && !slices.Contains(Exceptions, d.Exception) {
			return ErrExceptionMissing
		}
		if !reason {
			return ErrReasonRequired
		}
	case ActAnswer, ActPartial:
		if strings.TrimSpace(d.Answer) == "" && len(d.Links) == 0 {
			return ErrAnswerRequired
		}
		if d.Action == ActPartial && !reason {
			return ErrReasonRequired // why only in part
		}
	case ActPublished:
		if len(d.Links) == 0 {
			return ErrLinkRequired
		}
	case ActTransfer:
		if d.Transfer <= 0 && !reason {
			return ErrTransferTarget
		}
	case ActNotHeld, ActClarify:
	default:
		return ErrNotAllowed
	}
	return nil
}

// FieldOf names the form field an error of Next belongs to, and its message
// key.
func FieldOf(err error) (field, key string) {
	switch {
	case errors.Is(err, ErrGroundRequired):
		return "ground", "inforeq.error.ground"
	case errors.Is(err, ErrExceptionMissing):
		return "exception", "inforeq.error.exception"
	case errors.Is(err, ErrReasonRequired):
		return "reason", "inforeq.error.reason"
	case errors.Is(err, ErrAnswerRequired):
		return "answer", "inforeq.error.answer"
	case errors.Is(err, ErrLinkRequired):
		return "links", "inforeq.error.link_required"
	case errors.Is(err, ErrBadLink), errors.Is(err, ErrTooMany):
		return "links", "inforeq.error.links"
	case errors.Is(err, ErrTooLong):
		return "reason", "inforeq.error.too_long"
	case errors.Is(err, ErrTransferTarget):
		return "transfer", "inforeq.error.transfer"
	case errors.Is(err, ErrAlreadyExtended):
		return "reason", "inforeq.error.already_extended"
	case errors.Is(err, ErrExtensionLate):
		return "reason", "inforeq.error.extension_late"
	case errors.Is(err, ErrClockStopped):
		return "reason", "inforeq.error.clock_stopped"
	}
	return "action", "inforeq.error.not_allowed"
}
