package consult

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// RuleError is a broken rule, with the catalogue key of its message.
type RuleError struct{ Key string }

func (e *RuleError) Error() string { return "consult: " + e.Key }

// The rules' errors; each names its message in the consult catalogue.
var (
	ErrSignIn          = &RuleError{"consult.error.sign_in"}
	ErrNotOpen         = &RuleError{"consult.error.not_open"}
	ErrBlocked         = &RuleError{"consult.error.blocked"}
	ErrNotMember       = &RuleError{"consult.error.not_member"}
	ErrNotVerified     = &RuleError{"consult.error.org_not_verified"}
	ErrKind            = &RuleError{"consult.error.kind"}
	ErrAlreadySupports = &RuleError{"consult.error.already_supports"}
	ErrNoSupport       = &RuleError{"consult.error.no_support"}
	ErrOwnProposal     = &RuleError{"consult.error.own_proposal"}
	ErrNotAuthor       = &RuleError{"consult.error.not_author"}
	ErrAnswered        = &RuleError{"consult.error.answered"}
	ErrUnanswered      = &RuleError{"consult.error.unanswered"}
	ErrNotPublished    = &RuleError{"consult.error.not_published"}
	ErrAlreadyClosed   = &RuleError{"consult.error.already_closed"}
	ErrMergeTarget     = &RuleError{"consult.error.merge_target"}
	ErrReason          = &RuleError{"consult.error.reason"}
	ErrOutcome         = &RuleError{"consult.error.outcome"}
	ErrDates           = &RuleError{"consult.error.dates"}
	ErrDuplicate       = &RuleError{"consult.error.duplicate"}
	ErrTooManyLinks    = &RuleError{"consult.error.too_many_links"}
	ErrTitleLength     = &RuleError{"consult.error.title_length"}
	ErrBodyLength      = &RuleError{"consult.error.body_length"}
)

// Limits on what one proposal may hold.
const (
	MinTitle = 5    // characters
	MaxTitle = 200  // characters
	MinBody  = 20   // characters
	MaxBody  = 6000 // characters
	MaxLinks = 3    // web addresses in the body
)

// Bounds on what the administration writes, in characters per language for
// a translatable text.
const (
	MaxConsultationTitle = 300
	MaxDescription       = 10000
	MaxDocuments         = 20 // documents of a consultation
	MaxDocTitle          = 300
	MaxURLLen            = 2000 // a document's address
	MaxReason            = 5000 // a response's reason
)

// PhaseAt returns the phase of c at now: draft until published; then
// upcoming before its opening, open until its closing, in review after it,
// and closed once the administration closed it.
func PhaseAt(c *Consultation, now time.Time) Phase {
	switch {
	case c.PublishedAt.IsZero():
		return Draft
	case !c.ClosedAt.IsZero():
		return Closed
	case now.Before(c.OpensAt.Time):
		return Upcoming
	case now.Before(c.ClosesAt.Time):
		return Open
	}
	return Review
}

// Participant is who wants to take part: nil for a visitor.
type Participant struct {
	User    *auth.User
	Blocked bool // barred from contributing by the site's moderation
}

// CanParticipate says whether p may submit or support in a consultation in
// phase ph: signed in, not blocked, the consultation open.
func CanParticipate(p Participant, ph Phase) error {
	switch {
	case p.User == nil:
		return ErrSignIn
	case p.Blocked:
		return ErrBlocked
	case ph != Open:
		return ErrNotOpen
	}
	return nil
}

// Membership is how a person stands with an organisation they want to speak for.
type Membership struct {
	Active   bool // an accepted member
	Verified bool // the organisation is verified
}

// CanSpeakFor says whether a person may send a proposal on behalf of an
// organisation: only as its accepted member, and only for a verified one.
func CanSpeakFor(m Membership) error {
	switch {
	case !m.Active:
		return ErrNotMember
	case !m.Verified:
		return ErrNotVerified
	}
	return nil
}

// DraftProposal is what a person typed for a proposal.
type DraftProposal struct {
	Kind  Kind
	Title string
	Body  string
}

// CheckProposal checks what was typed against c and the limits, and
// returns a message key per failing field ("kind", "title", "body"); last
// is the same person's previous proposal (nil for none): sending the same
// text twice in a row is refused.
func CheckProposal(c *Consultation, d DraftProposal, last *Proposal) map[string]error {
	errs := map[string]error{}
	if !d.Kind.Valid() || !c.Accepts(d.Kind) {
		errs["kind"] = ErrKind
	}
	if n := utf8.RuneCountInString(d.Title); n < MinTitle || n > MaxTitle {
		errs["title"] = ErrTitleLength
	}
	switch n := utf8.RuneCountInString(d.Body); {
	case n < MinBody || n > MaxBody:
		errs["body"] = ErrBodyLength
	case CountLinks(d.Body) > MaxLinks:
		errs["body"] = ErrTooManyLinks
	}
	if len(errs) == 0 && last != nil && SameText(last.Title, d.Title) && SameText(last.Body, d.Body) {
		errs["body"] = ErrDuplicate
	}
	return errs
}

// CountLinks counts the web addresses in s.
func CountLinks(s string) int {
	s = strings.ToLower(s)
	return strings.Count(s, "http://") + strings.Count(s, "https://") + strings.Count(s, "www.") -
		strings.Count(s, "://www.")
}

// SameText reports whether a and b are the same text but for case and
// spacing.
func SameText(a, b string) bool { return fold(a) == fold(b) }

func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), unicode.IsSpace), " ")
}

// CanSupport says whether a person may support a proposal: they may take part
// in the consultation, it is not their own, it has no response yet, and they
// do not support it already.
func CanSupport(ph Phase, p Participant, pr *Proposal, supports bool) error {
	if err := CanParticipate(p, ph); err != nil {
		return err
	}
	switch {
	case pr.AuthorID == p.User.ID:
		return ErrOwnProposal
	case pr.Response != nil:
		return ErrAnswered
	case supports:
		return ErrAlreadySupports
	}
	return nil
}

// CanWithdrawSupport says whether a person may take their support back:
// only while the consultation is open, and only a support they gave.
func CanWithdrawSupport(ph Phase, u *auth.User, supports bool) error {
	switch {
	case u == nil:
		return ErrSignIn
	case ph != Open:
		return ErrNotOpen
	case !supports:
		return ErrNoSupport
	}
	return nil
}

// CanWithdraw says whether u may withdraw the proposal: its author, before
// it has a response and before the consultation is closed.
func CanWithdraw(ph Phase, u *auth.User, pr *Proposal) error {
	switch {
	case u == nil:
		return ErrSignIn
	case u.ID != pr.AuthorID:
		return ErrNotAuthor
	case pr.Response != nil:
		return ErrAnswered
	case ph == Closed || ph == Draft:
		return ErrAlreadyClosed
	}
	return nil
}

// CheckResponse checks an official response: a known official outcome, a
// reason in at least one language, and, for a merge, a commitment of the
// site (commitmentOK says whether the commitment id given exists there); an
// acceptance may name a commitment too (TakesCommitment), which must then be
// the site's.
// It may be given while the consultation is not closed.
func CheckResponse(ph Phase, o Outcome, reason i18n.Text, commitmentID *int64, commitmentOK bool) map[string]error {
	errs := map[string]error{}
	if ph == Closed || ph == Draft {
		errs["outcome"] = ErrAlreadyClosed
		return errs
	}
	official := false
	for _, x := range OfficialOutcomes {
		official = official || x == o
	}
	if !official {
		errs["outcome"] = ErrOutcome
	}
	// A merge names the commitment; an acceptance may name the one that
	// takes the proposal in. Any commitment named must be the site's.
	if o == Merged && commitmentID == nil || commitmentID != nil && !commitmentOK {
		errs["commitment"] = ErrMergeTarget
	}
	if strings.TrimSpace(reason[i18n.AR]+reason[i18n.FR]+reason[i18n.EN]) == "" {
		errs["reason"] = ErrReason
	}
	return errs
}

// CanClose says whether a consultation may be closed: published, not closed
// already, and every proposal answered (unanswered is how many are not).
func CanClose(ph Phase, unanswered int) error {
	switch {
	case ph == Draft:
		return ErrNotPublished
	case ph == Closed:
		return ErrAlreadyClosed
	case unanswered > 0:
		return ErrUnanswered
	}
	return nil
}

// CheckDates says whether a consultation's period is sound: closing after
// opening.
func CheckDates(opens, closes time.Time) error {
	if opens.IsZero() || closes.IsZero() || !closes.After(opens) {
		return ErrDates
	}
	return nil
}

// CanManage reports whether u may manage a consultation (edit, open, close,
// respond): administrators all of them; editors those on a commitment that
// one of their organisations leads (leadID).
func CanManage(u *auth.User, c *Consultation) bool {
	if u == nil {
		return false
	}
	switch u.Role {
	case auth.Admin:
		return true
	case auth.Editor:
		return c != nil && c.CommitmentID != nil && c.SubjectLeadID != nil && u.MemberOf(*c.SubjectLeadID)
	}
	return false
}

// Figures are the numbers of a consultation's report.
type Figures struct {
	Proposals         int `json:"proposals"`
	FromCitizens      int `json:"from_citizens"`
	FromOrganisations int `json:"from_organisations"`
	Supports          int `json:"supports"`
	Responded         int `json:"responded"`
	Accepted          int `json:"accepted"`
	PartlyAccepted    int `json:"partly_accepted"`
	Merged            int `json:"merged"`
	// Adopted counts the proposals a commitment took in: merged into one,
	// or accepted (fully or partly) with the commitment that takes them in
	// named (Adopted).
	Adopted     int `json:"adopted"`
	NotAccepted int `json:"not_accepted"`
	Withdrawn   int `json:"withdrawn"`
	Unanswered  int `json:"unanswered"`
	// AcceptedShare is accepted and partly accepted proposals over those
	// the government answered (withdrawn ones excluded), in percent
	// rounded half up; 0 when none was answered.
	AcceptedShare int `json:"accepted_share"`
}

// Count computes the figures of proposals.
func Count(ps []Proposal) Figures {
	var f Figures
	for _, p := range ps {
		f.Proposals++
		if p.OrganisationID != nil {
			f.FromOrganisations++
		} else {
			f.FromCitizens++
		}
		f.Supports += p.Supports
		if Adopted(p.Response) {
			f.Adopted++
		}
		if p.Response == nil {
			f.Unanswered++
			continue
		}
		switch p.Response.Outcome {
		case Accepted:
			f.Accepted++
		case PartlyAccepted:
			f.PartlyAccepted++
		case Merged:
			f.Merged++
		case NotAccepted:
			f.NotAccepted++
		case WithdrawnByUser:
			f.Withdrawn++
			continue
		}
		f.Responded++
	}
	if f.Responded > 0 {
		f.AcceptedShare = (200*(f.Accepted+f.PartlyAccepted) + f.Responded) / (2 * f.Responded)
	}
	return f
}

// TakesCommitment reports whether a response with outcome o names the
// commitment that takes the proposal in: required for a merge, optional for
// an acceptance, meaningless otherwise.
func TakesCommitment(o Outcome) bool { return o == Merged || o == Accepted || o == PartlyAccepted }

// Adopted reports whether the response r took its proposal into a
// commitment: a merge, or an acceptance, full or partial, that names the
// commitment. An acceptance naming none is counted as accepted only.
func Adopted(r *Response) bool {
	return r != nil && r.CommitmentID != nil && TakesCommitment(r.Outcome)
}
