// Package consult is co-creation: consultations on a draft action plan or on
// a commitment, the proposals people and organisations send in them, the
// supports proposals gather, and the government's reasoned response to each
// proposal, published with a report of what was heard and what was done.
//
// The rules (rules.go) are plain functions; the SQL is in store.go; the
// public pages in handler.go, the report and its exports in report.go, the
// administration in admin.go and the JSON API in api.go; comments on
// proposals, follows and notifications in cocreation.go.
package consult

import (
	"encoding/json"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Kind is what a proposal is: a consultation says which kinds it takes.
type Kind string

// Kinds of proposals.
const (
	NewCommitment Kind = "new_commitment" // a proposal for a new commitment
	Amendment     Kind = "amendment"      // an amendment to a commitment
	General       Kind = "general"        // general input
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{NewCommitment, Amendment, General}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Phase is where a consultation stands, computed from its dates and the
// administration's two explicit steps: publishing it and closing it.
type Phase string

// Phases of a consultation.
const (
	Draft    Phase = "draft"    // not published: only the administration sees it
	Upcoming Phase = "upcoming" // published, its opening is still ahead
	Open     Phase = "open"     // taking proposals and supports
	Review   Phase = "review"   // its closing date has passed; responses are being written
	Closed   Phase = "closed"   // closed by the administration: every proposal has its response
)

// Phases lists every phase, in order.
var Phases = []Phase{Draft, Upcoming, Open, Review, Closed}

// Consultation is an open period on a draft plan or a commitment.
type Consultation struct {
	ID           int64        `json:"id"`
	SiteID       int64        `json:"-"`
	PlanID       *int64       `json:"plan_id"`       // the subject: a plan (typically a draft plan)…
	CommitmentID *int64       `json:"commitment_id"` // …or a commitment
	Title        i18n.Text    `json:"title"`
	Description  i18n.Text    `json:"description"`
	Kinds        []Kind       `json:"accepts"` // what may be submitted
	OpensAt      db.Timestamp `json:"opens_at"`
	ClosesAt     db.Timestamp `json:"closes_at"`
	PublishedAt  db.Timestamp `json:"-"`
	ClosedAt     db.Timestamp `json:"-"`
	Closed       *time.Time   `json:"closed_at"` // when the administration closed it; null before
	Documents    []Document   `json:"documents"`
	UpdatedAt    db.Timestamp `json:"updated_at"`
	Version      int          `json:"-"`

	// Filled by the store for pages and the API.
	Phase          Phase     `json:"status"`
	SubjectTitle   i18n.Text `json:"subject_title"`
	SubjectURL     string    `json:"subject_url"`
	SubjectLeadID  *int64    `json:"-"` // the lead agency of a commitment subject
	ProposalCount  int       `json:"proposals"`
	UnansweredLeft int       `json:"-"`
}

// Document is a document of a consultation: a file stored by the site (its
// SHA-256) or a link.
type Document struct {
	Title    i18n.Text `json:"title"`
	URL      string    `json:"url"`
	FileHash string    `json:"-"`
}

// MarshalJSON writes the document with the address it is read at.
func (d Document) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Title i18n.Text `json:"title"`
		URL   string    `json:"url"`
	}{d.Title, d.Href()})
}

// Href is where the document is read.
func (d Document) Href() string {
	if d.FileHash != "" {
		return "/files/" + d.FileHash
	}
	return d.URL
}

// Accepts reports whether the consultation takes proposals of kind k.
func (c *Consultation) Accepts(k Kind) bool {
	for _, x := range c.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Outcome is the government's answer to a proposal.
type Outcome string

// Outcomes of a response.
const (
	Accepted        Outcome = "accepted"
	PartlyAccepted  Outcome = "partly_accepted"
	Merged          Outcome = "merged" // merged into an existing commitment
	NotAccepted     Outcome = "not_accepted"
	WithdrawnByUser Outcome = "withdrawn" // withdrawn by its author
)

// Outcomes lists the outcomes, in display order.
var Outcomes = []Outcome{Accepted, PartlyAccepted, Merged, NotAccepted, WithdrawnByUser}

// OfficialOutcomes are the outcomes the administration may give.
var OfficialOutcomes = []Outcome{Accepted, PartlyAccepted, Merged, NotAccepted}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	for _, x := range Outcomes {
		if x == o {
			return true
		}
	}
	return false
}

// Submitted is the status of a proposal still awaiting its response; a
// proposal with a response has its outcome as its status.
const Submitted = "submitted"

// Author is who a proposal is shown as coming from: the person's public
// name, or the organisation they sent it on behalf of. Never an email.
type Author struct {
	Kind           string    `json:"type"` // "person" or "organisation"
	Name           string    `json:"name,omitempty"`
	Organisation   i18n.Text `json:"organisation,omitempty"`
	OrganisationID *int64    `json:"organisation_id,omitempty"`
	Deleted        bool      `json:"-"` // the person deleted their account
}

// Proposal is a contribution to a consultation.
type Proposal struct {
	ID             int64        `json:"id"`
	SiteID         int64        `json:"-"`
	ConsultationID int64        `json:"consultation_id"`
	AuthorID       int64        `json:"-"`
	OrganisationID *int64       `json:"-"`
	Author         Author       `json:"author"`
	Kind           Kind         `json:"kind"`
	Title          string       `json:"title"`
	Body           string       `json:"body"`
	Status         string       `json:"status"` // Submitted, or the response's outcome
	CreatedAt      db.Timestamp `json:"created_at"`
	Supports       int          `json:"supports"`
	Response       *Response    `json:"response"`
	Hidden         bool         `json:"-"` // hidden by moderation: only moderators and the administration see it
}

// Response is the reasoned response to a proposal.
type Response struct {
	Outcome       Outcome        `json:"outcome"`
	CommitmentID  *int64         `json:"commitment_id,omitempty"`
	Commitment    *CommitmentRef `json:"commitment,omitempty"` // the commitment it was merged into
	Reason        i18n.Text      `json:"reason"`
	ResponderID   *int64         `json:"-"`
	ResponderName string         `json:"responder"`
	RespondedAt   db.Timestamp   `json:"responded_at"`
}

// CommitmentRef names a commitment a proposal was merged into.
type CommitmentRef struct {
	ID    int64     `json:"id"`
	Ref   string    `json:"ref"`
	Title i18n.Text `json:"title"`
}
