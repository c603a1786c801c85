package comment

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the comment rules.
const (
	MaxBodyLen    = 5000             // characters of markdown
	MaxLinks      = 3                // links in one comment
	MaxDepth      = 3                // a reply to a reply to a reply; no deeper
	EditWindow    = 15 * time.Minute // an author may edit for this long after posting
	PageSize      = 20               // top-level comments on a page of a thread
	MaxNameLen    = 80               // a guest's name
	MaxEmailLen   = 254              // a guest's address
	ReportsToHide = 3                // the default threshold, a site setting
)

// Input is a new comment or an edit as a person typed it.
type Input struct {
	Body   string
	Stance Stance
	// Guests only: a name to show and an address to confirm (never shown).
	GuestName, GuestEmail string
}

// Check returns the message key of each field that fails: body (required,
// at most MaxBodyLen characters, at most MaxLinks links), stance (required
// and known where the kind asks for one, absent otherwise), and for a guest
// the name and email. links is the number of links in the rendered body.
func Check(in Input, links int, stance, guest bool) map[string]string {
	e := map[string]string{}
	body := strings.TrimSpace(in.Body)
	switch {
	case body == "":
		e["body"] = "form.required"
	case utf8.RuneCountInString(body) > MaxBodyLen:
		e["body"] = "comment.error.too_long"
	case links > MaxLinks:
		e["body"] = "comment.error.too_many_links"
	}
	switch {
	case stance && in.Stance == NoStance:
		e["stance"] = "comment.error.stance"
	case stance && !validStance(in.Stance):
		e["stance"] = "comment.error.stance"
	case !stance && in.Stance != NoStance:
		e["stance"] = "comment.error.stance"
	}
	if guest {
		name := strings.TrimSpace(in.GuestName)
		switch {
		case name == "":
			e["name"] = "form.required"
		case utf8.RuneCountInString(name) > MaxNameLen:
			e["name"] = "comment.error.name_too_long"
		}
		switch email := strings.TrimSpace(in.GuestEmail); {
		case email == "":
			e["email"] = "form.required"
		case !ValidEmail(email):
			e["email"] = "comment.error.email"
		}
	}
	return e
}

func validStance(s Stance) bool {
	for _, x := range Stances {
		if s == x {
			return true
		}
	}
	return false
}

// ValidReason reports whether r is a known report reason.
func ValidReason(r Reason) bool {
	for _, x := range Reasons {
		if r == x {
			return true
		}
	}
	return false
}

// ValidEmail is a plain syntactic check: something@domain.tld, no spaces,
// no angle brackets, at most MaxEmailLen characters.
func ValidEmail(s string) bool {
	if len(s) > MaxEmailLen || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}

// CanReply reports whether a comment at depth may be answered: replies nest
// to MaxDepth.
func CanReply(depth int) bool { return depth < MaxDepth }

// CanEdit reports whether a comment posted at created may still be edited
// by its author at now.
func CanEdit(created, now time.Time) bool {
	return !now.Before(created) && now.Sub(created) < EditWindow
}

// HiddenByReports reports whether a comment with reports reports is hidden
// pending review on a site whose threshold is threshold (ReportsToHide when
// not positive).
func HiddenByReports(reports, threshold int) bool {
	if threshold <= 0 {
		threshold = ReportsToHide
	}
	return reports >= threshold
}

// Duplicate reports whether body repeats previous, the author's last
// comment on the same thread (spaces and case aside).
func Duplicate(previous, body string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return previous != "" && norm(previous) == norm(body)
}

// OnDelete says what deleting a comment does: with replies, it stays as a
// placeholder so the conversation keeps its shape; without, it goes.
func OnDelete(replies int) (placeholder bool) { return replies > 0 }

// CanVote reports whether the account userID may vote on a comment written
// by the account authorID: never on their own. A guest's comment (authorID
// 0) belongs to no account.
func CanVote(authorID, userID int64) bool { return authorID == 0 || authorID != userID }

// Decision is a moderator's decision on a comment or another reported
// contribution. Every decision resolves the reports filed so far: they stay
// recorded, so the same people cannot report the thing again, but they no
// longer queue it nor count towards hiding it. New reports by other people
// queue it again, and hide it again once as many as the site's threshold
// have come in since the decision.
type Decision string

// Decisions.
const (
	Hide    Decision = "hide"    // hide a shown, reported or pending thing
	Restore Decision = "restore" // show a hidden thing again
	Approve Decision = "approve" // show a guest's pending comment
	Dismiss Decision = "dismiss" // keep a shown thing shown and clear its reports
)

// Decide returns the state a thing in state from takes on decision d, and
// false when d does not apply to that state (a deleted comment takes none;
// only a pending one is approved; only a hidden one is restored; only a
// shown one has its reports dismissed).
func Decide(from Status, d Decision) (Status, bool) {
	switch {
	case from == Deleted:
		return from, false
	case d == Hide:
		return Hidden, true
	case d == Restore && from == Hidden, d == Approve && from == Pending, d == Dismiss && from == Visible:
		return Visible, true
	}
	return from, false
}
