// Package event is the site's events: forums (the multi-stakeholder forum
// among them), workshops, trainings, council sessions and others, with
// their organisers and partners, speakers, agenda, place or online link,
// registration with a capacity and a waiting list, and, once held, their
// minutes, photos and documents. It serves /events, /events/{id}, the
// iCalendar files /events/{id}.ics and /feeds/events.ics, the API, the
// registration pages and the administration at /admin/events.
//
// Times are instants, stored in UTC; they are entered and shown in the
// event's time zone (the site's by default, Africa/Casablanca).
//
// Registrations are private: pages, the API and exports show only counts.
// A guest's email address serves only to send the confirmation link, the
// cancellation link and the waiting-list messages.
package event

import (
	"encoding/json"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Bounds on what an event's form may write, in characters (per language for
// a translatable text) or items; a longer value fails its field with the
// bound.
const (
	MaxTitleLen       = 300
	MaxTextLen        = 10000 // description, agenda
	MaxMinutesLen     = 30000 // minutes, in markdown
	MaxPlaceLen       = 300
	MaxTimezoneLen    = 64
	MaxOrganisations  = 30 // organisers, and partners
	MaxSpeakers       = 50
	MaxSpeakerNameLen = 200
	MaxSpeakerRoleLen = 200
	// MaxSpeakersLen bounds the field speakers are typed in, one a line.
	MaxSpeakersLen = MaxSpeakers * (MaxSpeakerNameLen + 3*MaxSpeakerRoleLen + 8)

	MaxGuestNameLen  = 120 // a guest's name on a registration
	MaxGuestEmailLen = 254 // a guest's address (RFC 5321)
)

// Kind is what sort of event it is.
type Kind string

const (
	Forum          Kind = "forum"
	Workshop       Kind = "workshop"
	Training       Kind = "training"
	CouncilSession Kind = "council_session"
	Other          Kind = "other"
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{Forum, Workshop, Training, CouncilSession, Other}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Event is a public event.
type Event struct {
	ID           int64        `json:"id"`
	SiteID       int64        `json:"-"`
	Slug         string       `json:"slug"`
	Kind         Kind         `json:"kind"`
	Title        i18n.Text    `json:"title"`
	Description  i18n.Text    `json:"description"` // markdown
	StartsAt     db.Timestamp `json:"starts_at"`
	EndsAt       db.Timestamp `json:"ends_at"`
	Timezone     string       `json:"timezone"`
	OnlineURL    string       `json:"online_url"`
	Place        i18n.Text    `json:"place"`
	Agenda       i18n.Text    `json:"agenda"`  // markdown
	Minutes      i18n.Text    `json:"minutes"` // markdown, once held
	Registration bool         `json:"registration"`
	Capacity     int          `json:"capacity"` // 0: no limit
	Deadline     db.Timestamp `json:"registration_deadline"`
	Organisers   []OrgRef     `json:"organisers"`
	Partners     []OrgRef     `json:"partners"`
	Speakers     []Speaker    `json:"speakers"`
	Photos       []File       `json:"photos"`
	Documents    []File       `json:"documents"`
	Registered   int          `json:"registered"` // confirmed registrations
	Waiting      int          `json:"waiting"`    // on the waiting list
	UpdatedAt    db.Timestamp `json:"updated_at"`
	Version      int          `json:"-"`
}

// OrgRef is an organisation organising or supporting an event.
type OrgRef struct {
	ID      int64     `json:"id"`
	Name    i18n.Text `json:"name"`
	Acronym string    `json:"acronym,omitempty"`
}

// Speaker is a person speaking at an event: a name and a role, never any
// contact data.
type Speaker struct {
	Name string    `json:"name"`
	Role i18n.Text `json:"role"`
}

// File is a photo or a document of an event.
type File struct {
	Hash        string    `json:"-"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Title       i18n.Text `json:"title"`
	URL         string    `json:"url"`
}

// Location returns the event's time zone, loc when it has none or an
// unknown one.
func (e *Event) Location(loc *time.Location) *time.Location {
	if e.Timezone != "" {
		if l, err := time.LoadLocation(e.Timezone); err == nil {
			return l
		}
	}
	return loc
}

// Past reports whether the event is over at now.
func (e *Event) Past(now time.Time) bool { return !e.EndsAt.After(now) }

// Closes is when registration closes: the deadline, else the start.
func (e *Event) Closes() time.Time {
	if !e.Deadline.IsZero() {
		return e.Deadline.Time
	}
	return e.StartsAt.Time
}

// RegistrationOpen reports whether people may register at now: the event
// takes registrations and registration has not closed.
func (e *Event) RegistrationOpen(now time.Time) bool {
	return e.Registration && now.Before(e.Closes())
}

// Full reports whether every place is taken (never, without a capacity).
func (e *Event) Full() bool { return e.Capacity > 0 && e.Registered >= e.Capacity }

// PlacesLeft is how many places remain; -1 without a capacity.
func (e *Event) PlacesLeft() int {
	if e.Capacity <= 0 {
		return -1
	}
	return max(0, e.Capacity-e.Registered)
}

// Problem is a rule an event breaks: the form field it concerns and the
// message key.
type Problem struct{ Field, Key string }

// Check returns the rules e breaks: an end before (or at) the start, a
// registration deadline after the start, a negative capacity, an unknown
// time zone, and neither a place nor an online link.
func Check(e *Event) []Problem {
	var out []Problem
	if e.Timezone != "" {
		if _, err := time.LoadLocation(e.Timezone); err != nil || e.Timezone == "Local" {
			out = append(out, Problem{"timezone", "eventadmin.error.timezone"})
		}
	}
	if !e.StartsAt.IsZero() && !e.EndsAt.IsZero() && !e.EndsAt.After(e.StartsAt.Time) {
		out = append(out, Problem{"ends_at", "eventadmin.error.end_before_start"})
	}
	if !e.Deadline.IsZero() && !e.StartsAt.IsZero() && e.Deadline.After(e.StartsAt.Time) {
		out = append(out, Problem{"deadline", "eventadmin.error.deadline_after_start"})
	}
	if e.Capacity < 0 {
		out = append(out, Problem{"capacity", "eventadmin.error.capacity"})
	}
	if e.OnlineURL == "" && len(nonEmpty(e.Place)) == 0 {
		out = append(out, Problem{"place_ar", "eventadmin.error.place_or_link"})
	}
	return out
}

func nonEmpty(t i18n.Text) i18n.Text {
	out := i18n.Text{}
	for k, v := range t {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// Status is the state of a registration.
type Status string

const (
	Pending   Status = "pending"   // a guest who has not confirmed their address
	Confirmed Status = "confirmed" // holds a place
	Waiting   Status = "waiting"   // on the waiting list
	Cancelled Status = "cancelled"
)

// Holds reports whether a registration in this state holds or waits for a
// place: the address or person is registered.
func (s Status) Holds() bool { return s == Confirmed || s == Waiting }

// Place decides where a new (or newly confirmed) registration goes: a place
// while one is left (always, without a capacity), else the waiting list.
func Place(capacity, confirmed int) Status {
	if capacity <= 0 || confirmed < capacity {
		return Confirmed
	}
	return Waiting
}

// Promotions returns how many people of the waiting list get a place when
// confirmed registrations hold the places of an event with that capacity
// and waiting people wait: as many as there are free places.
func Promotions(capacity, confirmed, waiting int) int {
	if capacity <= 0 {
		return waiting
	}
	return max(0, min(waiting, capacity-confirmed))
}

// MarshalJSON writes the event for the API, with a registration deadline of
// null when there is none.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	var deadline *time.Time
	if !e.Deadline.IsZero() {
		t := e.Deadline.UTC()
		deadline = &t
	}
	return json.Marshal(struct {
		plain
		Deadline *time.Time `json:"registration_deadline"`
	}{plain(e), deadline})
}
