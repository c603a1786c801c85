package account

import (
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// orgField is one input of the organisation form as its template draws it:
// label and hint are message keys, Error the key of its failure.
type orgField struct {
	Name     string
	Label    string
	Hint     string
	Type     string // text, url, date or textarea
	Value    string
	Error    string
	Lang     i18n.Locale // the language of a translated text, "" otherwise
	Missing  bool        // a translation left empty: marked for the translators
	Required bool
	Max      int
}

// ID is the element id of the input.
func (f orgField) ID() string { return "org-" + f.Name }

// DescribedBy lists the ids of the hint and the error, for aria-describedby.
func (f orgField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

// orgFields is the organisation form, grouped as the page shows it.
type orgFields struct {
	Names, Descriptions, Registration []orgField
	Acronym, Website                  orgField
	Kind                              string
	KindError                         string
}

func newOrgFields(f *web.Form) orgFields {
	field := func(name, label, typ string, max int) orgField {
		return orgField{Name: name, Label: label, Type: typ, Max: max, Value: f.Values.Get(name), Error: f.Error(name)}
	}
	var out orgFields
	for _, l := range TextLocales {
		n := field("name_"+string(l), "org.form.name_"+string(l), "text", MaxNameLen)
		n.Lang, n.Required, n.Missing = l, l == i18n.AR, optionalMissing(l, n.Value)
		out.Names = append(out.Names, n)
		d := field("description_"+string(l), "org.form.description_"+string(l), "textarea", MaxDescriptionLen)
		d.Lang = l
		d.Missing = optionalMissing(l, d.Value) && strings.TrimSpace(f.Values.Get("description_ar")) != ""
		out.Descriptions = append(out.Descriptions, d)
	}
	out.Acronym = field("acronym", "org.form.acronym", "text", MaxAcronymLen)
	out.Website = field("website", "org.form.website", "url", MaxWebsiteLen)
	out.Website.Hint = "org.form.website_hint"
	num := field("registration_number", "org.form.registration_number", "text", MaxRegNumberLen)
	date := field("registration_date", "org.form.registration_date", "date", 10)
	date.Hint = "org.form.registration_date_hint"
	seat := field("seat", "org.form.seat", "text", MaxSeatLen)
	seat.Hint = "org.form.seat_hint"
	out.Registration = []orgField{num, date, seat}
	out.Kind, out.KindError = f.Values.Get("kind"), f.Error("kind")
	return out
}

// optionalMissing reports whether a translation in l is flagged as missing:
// French and English are, Arabic is required instead, and zgh is optional
// (its pages show Arabic where it has no text).
func optionalMissing(l i18n.Locale, v string) bool {
	return l != i18n.AR && l != i18n.ZGH && strings.TrimSpace(v) == ""
}

// orgValues fills a form from a stored organisation.
func orgValues(o *Organisation) *web.Form {
	f := web.NewForm(nil)
	for _, l := range TextLocales {
		f.Values.Set("name_"+string(l), o.Name[l])
		f.Values.Set("description_"+string(l), o.Description[l])
	}
	f.Values.Set("acronym", o.Acronym)
	f.Values.Set("kind", string(o.Kind))
	f.Values.Set("website", o.Website)
	f.Values.Set("registration_number", o.RegistrationNumber)
	f.Values.Set("registration_date", o.RegistrationDate.String())
	f.Values.Set("seat", o.Seat)
	f.Values.Set("version", strconv.Itoa(o.Version))
	return f
}

// readOrgForm copies the form's values into o, failing the fields that
// cannot be read (a malformed date); the rules are checked by o.Check.
func readOrgForm(f *web.Form, o *Organisation) {
	o.Name, o.Description = i18n.Text{}, i18n.Text{}
	for _, l := range TextLocales {
		if s := f.Get("name_" + string(l)); s != "" {
			o.Name[l] = s
		}
		if s := f.Get("description_" + string(l)); s != "" {
			o.Description[l] = s
		}
	}
	o.Acronym = f.Get("acronym")
	o.Kind = Kind(f.Get("kind"))
	o.Website = f.Get("website")
	o.RegistrationNumber = f.Get("registration_number")
	o.Seat = f.Get("seat")
	o.RegistrationDate = db.Date{}
	if s := f.Get("registration_date"); s != "" {
		d, err := db.ParseDate(s)
		if err != nil {
			f.Fail("registration_date", "org.error.date")
		}
		o.RegistrationDate = d
	}
	o.Version, _ = strconv.Atoi(f.Get("version"))
}

// today is the calendar day at the site, for the rules on dates.
func today(now time.Time, loc *time.Location) db.Date {
	t := now.In(loc)
	return db.NewDate(t.Year(), t.Month(), t.Day())
}
