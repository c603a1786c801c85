// Package plan is the public action-plan tracker: action plans, their
// commitments in the OGP Local template, milestones, the append-only progress
// timeline with its evidence, and assessments.
package plan

import (
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// PlanStatus is where an action plan is in its cycle.
type PlanStatus string

const (
	PlanDrafting     PlanStatus = "drafting"
	PlanCoCreation   PlanStatus = "co_creation"
	PlanAdopted      PlanStatus = "adopted"
	PlanImplementing PlanStatus = "implementing"
	PlanClosed       PlanStatus = "closed"
)

// PlanStatuses lists every plan status in cycle order.
var PlanStatuses = []PlanStatus{PlanDrafting, PlanCoCreation, PlanAdopted, PlanImplementing, PlanClosed}

// Status is the state of a commitment or a milestone.
type Status string

const (
	NotStarted Status = "not_started"
	InProgress Status = "in_progress"
	Completed  Status = "completed"
	Delayed    Status = "delayed"
	Withdrawn  Status = "withdrawn"
)

// Statuses lists every commitment and milestone status, in display order.
var Statuses = []Status{NotStarted, InProgress, Delayed, Completed, Withdrawn}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Value is one of the four OGP values a commitment is relevant to.
type Value string

const (
	AccessToInformation  Value = "access_to_information"
	CivicParticipation   Value = "civic_participation"
	PublicAccountability Value = "public_accountability"
	TechnologyInnovation Value = "technology_innovation"
)

// Values lists the OGP values in the order OGP gives them.
var Values = []Value{AccessToInformation, CivicParticipation, PublicAccountability, TechnologyInnovation}

// Valid reports whether v is a known OGP value.
func (v Value) Valid() bool {
	for _, x := range Values {
		if x == v {
			return true
		}
	}
	return false
}

// Sector is the side a partner organisation speaks for in a commitment.
type Sector string

const (
	SectorGovernment    Sector = "government"
	SectorCivilSociety  Sector = "civil_society"
	SectorPrivate       Sector = "private_sector"
	SectorAcademia      Sector = "academia"
	SectorInternational Sector = "international"
)

// Plan is an action plan, e.g. the regional plan 2021–2023.
type Plan struct {
	ID          int64        `json:"id"`
	SiteID      int64        `json:"-"`
	Slug        string       `json:"slug"`
	Title       i18n.Text    `json:"title"`
	Summary     i18n.Text    `json:"summary"`
	PeriodStart int          `json:"period_start"`
	PeriodEnd   int          `json:"period_end"`
	Status      PlanStatus   `json:"status"`
	Stages      []Stage      `json:"co_creation_timeline"`
	UpdatedAt   db.Timestamp `json:"updated_at"`
	Version     int          `json:"-"` // the row version, for optimistic locking of the admin form
}

// Stage is one step of a plan's published co-creation timeline.
type Stage struct {
	Title    i18n.Text `json:"title"`
	StartsOn db.Date   `json:"starts_on"`
	EndsOn   db.Date   `json:"ends_on"`
}

// OrgRef is the short form of an organisation shown beside commitments.
type OrgRef struct {
	ID      int64     `json:"id"`
	Slug    string    `json:"slug"`
	Name    i18n.Text `json:"name"`
	Acronym string    `json:"acronym,omitempty"`
}

// Partner is an organisation supporting a commitment, with its sector.
type Partner struct {
	OrgRef
	Sector Sector `json:"sector"`
}

// Commitment is one commitment of a plan, in the OGP Local template.
type Commitment struct {
	ID              int64        `json:"id"`
	PlanID          int64        `json:"plan_id"`
	Ref             string       `json:"ref"`
	Position        int          `json:"position"`
	Title           i18n.Text    `json:"title"`
	Problem         i18n.Text    `json:"problem"`
	Cause           i18n.Text    `json:"cause"`
	StatusQuo       i18n.Text    `json:"status_quo"`
	Objective       i18n.Text    `json:"objective"`
	ExpectedResults i18n.Text    `json:"expected_results"`
	Solution        i18n.Text    `json:"solution"`
	Values          []Value      `json:"ogp_values"`
	Themes          []string     `json:"themes"`
	Lead            *OrgRef      `json:"lead_agency"`
	Partners        []Partner    `json:"partners"`
	ContactName     i18n.Text    `json:"contact_name"`
	ContactRole     i18n.Text    `json:"contact_role"`
	StartDate       db.Date      `json:"start_date"`
	EndDate         db.Date      `json:"end_date"`
	Status          Status       `json:"status"`
	Progress        int          `json:"progress"`
	UpdatedAt       db.Timestamp `json:"updated_at"`
	Version         int          `json:"-"` // the row version, for optimistic locking of the admin form

	// Filled by the detail query only.
	Milestones  []Milestone  `json:"milestones,omitempty"`
	Updates     []Update     `json:"updates,omitempty"`
	Assessments []Assessment `json:"assessments,omitempty"`
}

// HasValue reports whether the commitment is relevant to v.
func (c *Commitment) HasValue(v Value) bool {
	for _, x := range c.Values {
		if x == v {
			return true
		}
	}
	return false
}

// Milestone is a dated step of a commitment with a deliverable.
type Milestone struct {
	ID           int64     `json:"id"`
	CommitmentID int64     `json:"commitment_id"`
	Position     int       `json:"position"`
	Title        i18n.Text `json:"title"`
	Deliverable  i18n.Text `json:"deliverable"`
	StartDate    db.Date   `json:"start_date"`
	EndDate      db.Date   `json:"end_date"`
	Responsible  *OrgRef   `json:"responsible"`
	Status       Status    `json:"status"`
	Progress     int       `json:"progress"`
	Weight       int       `json:"weight"`
	Version      int       `json:"-"` // the row version, for optimistic locking of the admin form
}

// Update is an entry of the append-only progress timeline. A correction is a
// new entry, never an edit.
type Update struct {
	ID           int64      `json:"id"`
	CommitmentID int64      `json:"commitment_id"`
	MilestoneID  *int64     `json:"milestone_id"`
	OccurredOn   db.Date    `json:"date"`
	Body         i18n.Text  `json:"text"`
	Status       Status     `json:"status"`
	Progress     int        `json:"progress"`
	Author       string     `json:"author"`
	Evidence     []Evidence `json:"evidence"`
}

// Evidence backs a progress update: a document or a link.
type Evidence struct {
	Title i18n.Text `json:"title"`
	URL   string    `json:"url"`
	Kind  string    `json:"kind"`
}

// Themes lists the theme keys commitments may carry; each has a label in
// the catalogues ("theme.<key>").
var Themes = []string{"gender", "inclusion", "budget", "fiscal_transparency", "access_to_information",
	"participation", "digital", "communication", "open_data"}
