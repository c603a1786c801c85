package plan

import (
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// AssessmentKind says who assessed and when, as OGP Local names it.
type AssessmentKind string

const (
	SelfAssessment  AssessmentKind = "self"              // the government's own
	InceptionReview AssessmentKind = "inception"         // Local Monitoring Body, soon after submission
	EndOfCommitment AssessmentKind = "end_of_commitment" // Local Monitoring Body, a month after a commitment ends
)

// The OGP scales. Empty means "not assessed".
const (
	PotentialUnclear     = "unclear"
	PotentialModest      = "modest"
	PotentialSubstantial = "substantial"

	CompletionNoEvidence  = "no_evidence"
	CompletionNotStarted  = "not_started"
	CompletionLimited     = "limited"
	CompletionSubstantial = "substantial"
	CompletionComplete    = "complete"

	OpenedWorsened    = "worsened"
	OpenedNoChange    = "did_not_change"
	OpenedMarginal    = "marginal"
	OpenedMajor       = "major"
	OpenedOutstanding = "outstanding"
)

// Assessment is a self- or independent assessment of a plan or one commitment.
type Assessment struct {
	ID               int64          `json:"id"`
	PlanID           int64          `json:"plan_id"`
	CommitmentID     *int64         `json:"commitment_id"`
	Kind             AssessmentKind `json:"kind"`
	Assessor         i18n.Text      `json:"assessor"`
	AssessedOn       db.Date        `json:"assessed_on"`
	Verifiable       *bool          `json:"verifiable"`
	RelevantValues   []Value        `json:"relevant_values"`
	Potential        string         `json:"potential_for_results,omitempty"`
	Completion       string         `json:"completion,omitempty"`
	OpenedGovernment string         `json:"did_it_open_government,omitempty"`
	EarlyResults     i18n.Text      `json:"early_results"`
	Summary          i18n.Text      `json:"summary"`
	EvidenceURL      string         `json:"evidence_url,omitempty"`
}
