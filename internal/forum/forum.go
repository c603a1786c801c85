// Package forum is the multi-stakeholder forum of a site: the standing body
// that brings government and civil society together around the action plan,
// with its rules, its members and its meetings. It also serves what is
// computed from the data of every feature: the OGP minimum requirements of
// an action plan (/plans/{slug}/requirements) and the document repository
// (/documents), a read-only union over the features' own tables.
//
// Members are named publicly with their organisation and seat; their gender
// is kept only for the balance figures and shown as counts, never beside a
// name. No contact data is kept.
package forum

import (
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Seat is the side a member sits for.
type Seat string

const (
	Government   Seat = "government"
	CivilSociety Seat = "civil_society"
)

// Seats lists the sides, in display order.
var Seats = []Seat{Government, CivilSociety}

// Valid reports whether s is a known seat.
func (s Seat) Valid() bool { return s == Government || s == CivilSociety }

// Gender is kept for the balance figures only.
type Gender string

const (
	Female Gender = "female"
	Male   Gender = "male"
)

// Genders lists the genders the balance figures count.
var Genders = []Gender{Female, Male}

// Valid reports whether g is a known gender.
func (g Gender) Valid() bool { return g == Female || g == Male }

// Forum is a site's standing body.
type Forum struct {
	ID        int64        `json:"-"`
	SiteID    int64        `json:"-"`
	Name      i18n.Text    `json:"name"`
	Rules     i18n.Text    `json:"rules"` // markdown
	UpdatedAt db.Timestamp `json:"updated_at"`
	Version   int          `json:"-"`
}

// Member is a person sitting on the forum. Gender never leaves the package
// beside a name: pages and the API show only Balance.
type Member struct {
	ID             int64     `json:"id"`
	SiteID         int64     `json:"-"`
	Name           string    `json:"name"`
	OrganisationID int64     `json:"organisation_id,omitempty"`
	Organisation   i18n.Text `json:"organisation,omitempty"`
	Seat           Seat      `json:"seat"`
	Gender         Gender    `json:"-"`
	Role           i18n.Text `json:"role"`
	Version        int       `json:"-"`
}

// Meeting is a meeting of the forum.
type Meeting struct {
	ID                     int64        `json:"id"`
	SiteID                 int64        `json:"-"`
	StartsAt               db.Timestamp `json:"starts_at"`
	Timezone               string       `json:"timezone"`
	Title                  i18n.Text    `json:"title"`
	Place                  i18n.Text    `json:"place"`
	Agenda                 i18n.Text    `json:"agenda"`    // markdown
	Minutes                i18n.Text    `json:"minutes"`   // markdown
	Decisions              i18n.Text    `json:"decisions"` // markdown
	AttendanceGovernment   int          `json:"attendance_government"`
	AttendanceCivilSociety int          `json:"attendance_civil_society"`
	Documents              []File       `json:"documents"`
	Version                int          `json:"-"`
}

// File is a stored document of a meeting.
type File struct {
	Hash        string `json:"sha256"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	URL         string `json:"url"`
}

// Location returns the meeting's time zone, loc when it has none or an
// unknown one.
func (m *Meeting) Location(loc *time.Location) *time.Location {
	if m.Timezone != "" && m.Timezone != "Local" {
		if l, err := time.LoadLocation(m.Timezone); err == nil {
			return l
		}
	}
	return loc
}

// WithCivilSociety reports whether civil society attended the meeting.
func (m *Meeting) WithCivilSociety() bool { return m.AttendanceCivilSociety > 0 }

// Share is a count and its percentage of a whole (rounded half up).
type Share struct {
	Count   int `json:"count"`
	Percent int `json:"percent"`
}

// Balance is the make-up of the forum: its seats by side and, in all and
// per side, its members by gender. Only these aggregates are published.
type Balance struct {
	Total        int                     `json:"total"`
	Government   Share                   `json:"government"`
	CivilSociety Share                   `json:"civil_society"`
	Women        Share                   `json:"women"`
	Men          Share                   `json:"men"`
	BySeat       map[Seat]map[Gender]int `json:"-"`
	Parity       bool                    `json:"parity"` // as many seats for each side
}

// percent returns n over total in percent, rounded half up; 0 of nothing.
func percent(n, total int) int {
	if total <= 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}

// Balanced computes the balance figures of members.
func Balanced(members []Member) Balance {
	b := Balance{BySeat: map[Seat]map[Gender]int{Government: {}, CivilSociety: {}}}
	var gov, cs, women, men int
	for _, m := range members {
		b.Total++
		switch m.Seat {
		case Government:
			gov++
		case CivilSociety:
			cs++
		}
		switch m.Gender {
		case Female:
			women++
		case Male:
			men++
		}
		if b.BySeat[m.Seat] != nil {
			b.BySeat[m.Seat][m.Gender]++
		}
	}
	b.Government = Share{gov, percent(gov, b.Total)}
	b.CivilSociety = Share{cs, percent(cs, b.Total)}
	b.Women = Share{women, percent(women, b.Total)}
	b.Men = Share{men, percent(men, b.Total)}
	b.Parity = b.Total > 0 && gov == cs
	return b
}

// Bounds on what the forum's forms may write, in characters (per language
// for a translatable text); a longer value fails its field.
const (
	MaxNameLen     = 200   // the forum's name, a member's name
	MaxRulesLen    = 20000 // the forum's rules, in markdown
	MaxRoleLen     = 200   // a member's role
	MaxTitleLen    = 300   // a meeting's title
	MaxPlaceLen    = 300   // a meeting's place
	MaxTextLen     = 20000 // a meeting's agenda, minutes and decisions
	MaxTimezoneLen = 64
	MaxAttendance  = 10000 // people of one side at a meeting
)

// Problem is a rule a value breaks: the form field and the message key.
type Problem struct{ Field, Key string }

// CheckMember returns the rules m breaks.
func CheckMember(m *Member) []Problem {
	var out []Problem
	if m.Name == "" {
		out = append(out, Problem{"name", "form.required"})
	} else if len([]rune(m.Name)) > MaxNameLen {
		out = append(out, Problem{"name", "forumadmin.error.too_long"})
	}
	if !m.Seat.Valid() {
		out = append(out, Problem{"seat", "forumadmin.error.seat"})
	}
	if !m.Gender.Valid() {
		out = append(out, Problem{"gender", "forumadmin.error.gender"})
	}
	return out
}

// CheckMeeting returns the rules m breaks: a start, a known time zone, no
// negative attendance.
func CheckMeeting(m *Meeting) []Problem {
	var out []Problem
	if m.Timezone != "" {
		if _, err := time.LoadLocation(m.Timezone); err != nil || m.Timezone == "Local" {
			out = append(out, Problem{"timezone", "forumadmin.error.timezone"})
		}
	}
	if m.AttendanceGovernment < 0 || m.AttendanceGovernment > 10000 {
		out = append(out, Problem{"attendance_government", "forumadmin.error.attendance"})
	}
	if m.AttendanceCivilSociety < 0 || m.AttendanceCivilSociety > 10000 {
		out = append(out, Problem{"attendance_civil_society", "forumadmin.error.attendance"})
	}
	return out
}
