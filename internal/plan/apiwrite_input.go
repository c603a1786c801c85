package plan

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// opt is a JSON member that may be absent, null or a value: a merge patch
// (RFC 7396) means something different by each.
type opt[T any] struct {
	Set, Null bool
	V         T
}

// UnmarshalJSON is called only for members present in the body, null included.
func (o *opt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// UpdateInput is the body of POST /api/v1/commitments/{id}/updates.
type UpdateInput struct {
	MilestoneID *int64            `json:"milestone_id"`
	Date        string            `json:"date"`
	Text        map[string]string `json:"text"`
	Status      string            `json:"status"`
	Progress    *int              `json:"progress"`
	Evidence    []EvidenceInput   `json:"evidence"`
}

// EvidenceInput is one piece of evidence of an update: a link or a document
// somewhere on the web.
type EvidenceInput struct {
	Title map[string]string `json:"title"`
	URL   string            `json:"url"`
	Kind  string            `json:"kind"`
}

// update checks the input and returns the update it describes for commitment
// c (its milestones loaded).
func (in *UpdateInput) update(c *Commitment) (*Update, fieldErrors) {
	var fe fieldErrors
	u := &Update{CommitmentID: c.ID, MilestoneID: in.MilestoneID}
	if in.MilestoneID != nil && !slices.ContainsFunc(c.Milestones, func(m Milestone) bool { return m.ID == *in.MilestoneID }) {
		fe.add("milestone_id", "unknown_milestone")
	}
	u.OccurredOn = parseDateField(&fe, "date", in.Date, true)
	u.Body = textField(&fe, "text", in.Text, MaxTextLen)
	if u.Body.In(i18n.Default) == "" && !slices.ContainsFunc(fe, func(e FieldError) bool { return strings.HasPrefix(e.Field, "text") }) {
		fe.add("text", "required")
	}
	u.Status = statusField(&fe, "status", in.Status)
	switch {
	case in.Progress == nil:
		fe.add("progress", "required")
	case *in.Progress < 0 || *in.Progress > 100:
		fe.add("progress", "bad_progress")
	default:
		u.Progress = *in.Progress
	}
	if len(in.Evidence) > MaxEvidence {
		fe.addMax("evidence", "too_many", MaxEvidence)
		in.Evidence = in.Evidence[:MaxEvidence]
	}
	for i, e := range in.Evidence {
		at := "evidence." + strconv.Itoa(i)
		ev := Evidence{Title: textField(&fe, at+".title", e.Title, MaxTitleLen), URL: strings.TrimSpace(e.URL), Kind: e.Kind}
		switch {
		case len(ev.URL) > MaxURLLen:
			fe.addMax(at+".url", "too_long", MaxURLLen)
		case !webURL(ev.URL):
			fe.add(at+".url", "bad_url")
		}
		switch ev.Kind {
		case "":
			ev.Kind = "link"
		case "link", "document":
		default:
			fe.add(at+".kind", "unknown_kind")
		}
		u.Evidence = append(u.Evidence, ev)
	}
	return u, fe
}

// webURL reports whether s is an absolute http or https address: anything
// else (javascript:, data:, a relative path) has no place on a public page.
func webURL(s string) bool {
	if s == "" || len(s) > MaxURLLen {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// CommitmentInput is the body of POST /api/v1/plans/{id}/commitments and of
// PATCH /api/v1/commitments/{id}: the commitment's template fields. In a
// patch, an absent member keeps its value, null clears it, and a text object
// is merged language by language (null removes one language).
type CommitmentInput struct {
	Ref             opt[string]             `json:"ref"`
	Position        opt[int]                `json:"position"`
	Title           opt[map[string]*string] `json:"title"`
	Problem         opt[map[string]*string] `json:"problem"`
	Cause           opt[map[string]*string] `json:"cause"`
	StatusQuo       opt[map[string]*string] `json:"status_quo"`
	Objective       opt[map[string]*string] `json:"objective"`
	ExpectedResults opt[map[string]*string] `json:"expected_results"`
	Solution        opt[map[string]*string] `json:"solution"`
	ContactName     opt[map[string]*string] `json:"contact_name"`
	ContactRole     opt[map[string]*string] `json:"contact_role"`
	Values          opt[[]string]           `json:"ogp_values"`
	Themes          opt[[]string]           `json:"themes"`
	LeadAgencyID    opt[int64]              `json:"lead_agency_id"`
	Partners        opt[[]PartnerInput]     `json:"partners"`
	StartDate       opt[string]             `json:"start_date"`
	EndDate         opt[string]             `json:"end_date"`
	Status          opt[string]             `json:"status"`
	Progress        opt[int]                `json:"progress"`
}

// PartnerInput names a partner organisation of the site and its sector.
type PartnerInput struct {
	OrganisationID int64  `json:"organisation_id"`
	Sector         string `json:"sector"`
}

// orgLookup finds an organisation of the request's site by id.
type orgLookup func(id int64) (*OrgRef, Sector, bool)

// apply merges the input into c (a copy of the stored commitment, or a new
// one) and reports every bad field. hasMilestones forbids setting progress,
// which is then rolled up.
func (in *CommitmentInput) apply(c *Commitment, creating, hasMilestones bool, org orgLookup) fieldErrors {
	var fe fieldErrors
	switch {
	case creating && (!in.Ref.Set || in.Ref.Null || strings.TrimSpace(in.Ref.V) == ""):
		fe.add("ref", "required")
	case creating && utf8.RuneCountInString(strings.TrimSpace(in.Ref.V)) > MaxRefLen:
		fe.addMax("ref", "too_long", MaxRefLen)
	case creating:
		c.Ref = strings.TrimSpace(in.Ref.V)
	case in.Ref.Set && (in.Ref.Null || strings.TrimSpace(in.Ref.V) != c.Ref):
		fe.add("ref", "immutable")
	}
	if in.Position.Set {
		if in.Position.Null || in.Position.V < 1 {
			fe.add("position", "bad_number")
		} else {
			c.Position = in.Position.V
		}
	}
	texts := []struct {
		field string
		in    opt[map[string]*string]
	}{{"title", in.Title}, {"problem", in.Problem}, {"cause", in.Cause}, {"status_quo", in.StatusQuo},
		{"objective", in.Objective}, {"expected_results", in.ExpectedResults}, {"solution", in.Solution},
		{"contact_name", in.ContactName}, {"contact_role", in.ContactRole}}
	for _, t := range texts {
		mergeTextField(&fe, t.field, commitmentText(c, t.field), t.in, CommitmentTextMax[t.field])
	}
	if c.Title.In(i18n.Default) == "" && !slices.ContainsFunc(fe, func(e FieldError) bool { return strings.HasPrefix(e.Field, "title") }) {
		fe.add("title", "required")
	}
	if len(in.Values.V) > MaxValues {
		fe.addMax("ogp_values", "too_many", MaxValues)
		in.Values.V = nil
	}
	if len(in.Themes.V) > MaxThemes {
		fe.addMax("themes", "too_many", MaxThemes)
		in.Themes.V = nil
	}
	if len(in.Partners.V) > MaxPartners {
		fe.addMax("partners", "too_many", MaxPartners)
		in.Partners.V = nil
	}
	if in.Values.Set {
		c.Values = nil
		for i, v := range in.Values.V {
			if !Value(v).Valid() {
				fe.add("ogp_values."+strconv.Itoa(i), "unknown_value")
			} else if !slices.Contains(c.Values, Value(v)) {
				c.Values = append(c.Values, Value(v))
			}
		}
	}
	if in.Themes.Set {
		c.Themes = nil
		for i, th := range in.Themes.V {
			if !slices.Contains(Themes, th) {
				fe.add("themes."+strconv.Itoa(i), "unknown_theme")
			} else if !slices.Contains(c.Themes, th) {
				c.Themes = append(c.Themes, th)
			}
		}
	}
	if in.LeadAgencyID.Set {
		c.Lead = nil
		if !in.LeadAgencyID.Null {
			if ref, _, ok := org(in.LeadAgencyID.V); ok {
				c.Lead = ref
			} else {
				fe.add("lead_agency_id", "unknown_organisation")
			}
		}
	}
	if in.Partners.Set {
		c.Partners = nil
		for i, p := range in.Partners.V {
			at := "partners." + strconv.Itoa(i)
			ref, kindSector, ok := org(p.OrganisationID)
			if !ok {
				fe.add(at+".organisation_id", "unknown_organisation")
				continue
			}
			if slices.ContainsFunc(c.Partners, func(x Partner) bool { return x.ID == ref.ID }) {
				fe.add(at+".organisation_id", "duplicate")
				continue
			}
			sector := Sector(p.Sector)
			if p.Sector == "" {
				sector = kindSector
			} else if !slices.Contains(Sectors, sector) {
				fe.add(at+".sector", "unknown_sector")
			}
			c.Partners = append(c.Partners, Partner{OrgRef: *ref, Sector: sector})
		}
		slices.SortFunc(c.Partners, func(a, b Partner) int { return int(a.ID - b.ID) })
	}
	if in.StartDate.Set {
		c.StartDate = parseDateField(&fe, "start_date", in.StartDate.V, false)
	}
	if in.EndDate.Set {
		c.EndDate = parseDateField(&fe, "end_date", in.EndDate.V, false)
	}
	if !c.StartDate.IsZero() && !c.EndDate.IsZero() && c.EndDate.Before(c.StartDate.Time) {
		fe.add("end_date", "end_before_start")
	}
	if in.Status.Set {
		if in.Status.Null {
			fe.add("status", "unknown_status")
		} else {
			c.Status = statusField(&fe, "status", in.Status.V)
		}
	}
	if in.Progress.Set {
		switch {
		case in.Progress.Null || in.Progress.V < 0 || in.Progress.V > 100:
			fe.add("progress", "bad_progress")
		case hasMilestones:
			fe.add("progress", "rolled_up")
		default:
			c.Progress = in.Progress.V
		}
	}
	return fe
}

// textField reads a translatable text given whole: known languages only,
// each at most max characters.
func textField(fe *fieldErrors, field string, in map[string]string, max int) i18n.Text {
	var t i18n.Text
	for k, v := range in {
		l, ok := i18n.Parse(k)
		if !ok || string(l) != k {
			fe.add(field+"."+k, "unknown_language")
			continue
		}
		if v = strings.TrimSpace(v); utf8.RuneCountInString(v) > max {
			fe.addMax(field+"."+k, "too_long", max)
		}
		if v != "" {
			if t == nil {
				t = i18n.Text{}
			}
			t[l] = v
		}
	}
	return t
}

// mergeTextField merges a patch of a text into *dst: null clears it, a null
// language removes that language.
func mergeTextField(fe *fieldErrors, field string, dst *i18n.Text, in opt[map[string]*string], max int) {
	if !in.Set {
		return
	}
	if in.Null {
		*dst = nil
		return
	}
	for k, v := range in.V {
		l, ok := i18n.Parse(k)
		if !ok || string(l) != k {
			fe.add(field+"."+k, "unknown_language")
			continue
		}
		s := ""
		if v != nil {
			s = strings.TrimSpace(*v)
		}
		if utf8.RuneCountInString(s) > max {
			fe.addMax(field+"."+k, "too_long", max)
		}
		setTexts(dst, i18n.Text{l: s})
	}
}

func parseDateField(fe *fieldErrors, field, s string, required bool) db.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			fe.add(field, "required")
		}
		return db.Date{}
	}
	d, err := db.ParseDate(s)
	if err != nil {
		fe.add(field, "bad_date")
	}
	return d
}

func statusField(fe *fieldErrors, field, s string) Status {
	switch st := Status(s); {
	case s == "":
		fe.add(field, "required")
	case !st.Valid():
		fe.add(field, "unknown_status")
	default:
		return st
	}
	return ""
}
