package inforeq

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Bounds on a request's fields, in characters.
const (
	MaxNameLen     = 120
	MaxIDNumberLen = 20
	MaxAddressLen  = 300
	MaxEmailLen    = 254
	MaxSubjectLen  = 200
	MaxBodyLen     = 5000
	MaxUrgencyLen  = 2000
)

// Form is how the requester wants the information (article 15).
type Form string

const (
	FormCopy         Form = "copy"         // a paper copy
	FormConsultation Form = "consultation" // consulted on site
	FormElectronic   Form = "electronic"   // by email or a download
)

// Forms lists every form, in the form's order.
var Forms = []Form{FormElectronic, FormCopy, FormConsultation}

// Request is a request as the register shows it. It holds nothing that
// identifies the requester except PublicName, set only when the requester
// chose to be named.
type Request struct {
	ID             int64     `json:"id"`
	SiteID         int64     `json:"-"`
	Number         string    `json:"number"`
	OrganisationID int64     `json:"body_id"`
	BodyName       i18n.Text `json:"body_name"`
	PublicName     string    `json:"requester,omitempty"`
	UserID         int64     `json:"-"`
	Locale         string    `json:"-"`
	Subject        string    `json:"subject"`
	Body           string    `json:"information_sought"`
	Form           Form      `json:"form"`
	Urgent         bool      `json:"urgent"`
	UrgencyReason  string    `json:"-"` // may tell of the requester's life: shown to the person in charge only
	State          State     `json:"state"`
	ReceivedOn     db.Date   `json:"received_on"`
	FirstDeadline  db.Date   `json:"first_deadline"`
	Deadline       db.Date   `json:"deadline"` // zero (null) while the clock is stopped
	Extended       bool      `json:"extended"`
	ClosedOn       db.Date   `json:"closed_on"`
	Ground         Ground    `json:"ground,omitempty"`
	Exception      Exception `json:"exception,omitempty"`
	TransferredTo  int64     `json:"transferred_to,omitempty"`
	// HiddenReason is set when a moderator hid the request: the register
	// then shows only that it was hidden, and why.
	HiddenReason string       `json:"hidden_reason,omitempty"`
	Overdue      bool         `json:"overdue"`
	CreatedAt    db.Timestamp `json:"created_at"`
	UpdatedAt    db.Timestamp `json:"updated_at"`
}

// Identity is the requester's identity: private, never in a public output.
// It is stored apart from the request (info_request_identities).
type Identity struct {
	Name     string
	IDNumber string // CIN, or residence card number
	Address  string
	Email    string
}

// Input is what the request form carries.
type Input struct {
	Identity
	ShowName      bool
	BodyID        int64
	Subject       string
	Body          string
	Form          Form
	Urgent        bool
	UrgencyReason string
}

// idNumber is a CIN (one or two letters, then digits) or a residence card
// number (letters then digits), without spaces.
var idNumber = regexp.MustCompile(`^[A-Za-z]{1,2}[0-9]{3,10}$`)

// Validate returns a message key per failing field; empty when valid.
// bodies reports whether an organisation id accepts requests.
func (in *Input) Validate(accepts func(int64) bool) map[string]string {
	errs := map[string]string{}
	text := func(field, v string, max int, required bool) {
		switch {
		case required && strings.TrimSpace(v) == "":
			errs[field] = "form.required"
		case utf8.RuneCountInString(v) > max:
			errs[field] = "inforeq.error.too_long"
		}
	}
	text("name", in.Name, MaxNameLen, true)
	text("id_number", in.IDNumber, MaxIDNumberLen, true)
	if _, bad := errs["id_number"]; !bad && !idNumber.MatchString(in.IDNumber) {
		errs["id_number"] = "inforeq.error.id_number"
	}
	text("address", in.Address, MaxAddressLen, true)
	text("email", in.Email, MaxEmailLen, true)
	if _, bad := errs["email"]; !bad {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			errs["email"] = "inforeq.error.email"
		}
	}
	if in.BodyID <= 0 {
		errs["body"] = "form.required"
	} else if !accepts(in.BodyID) {
		errs["body"] = "inforeq.error.body"
	}
	text("subject", in.Subject, MaxSubjectLen, true)
	text("information", in.Body, MaxBodyLen, true)
	valid := false
	for _, f := range Forms {
		valid = valid || in.Form == f
	}
	if !valid {
		errs["form"] = "inforeq.error.form"
	}
	text("urgency_reason", in.UrgencyReason, MaxUrgencyLen, in.Urgent)
	return errs
}
