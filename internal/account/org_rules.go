package account

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"golang.org/x/text/unicode/norm"
)

// Limits on what the administration form accepts, in characters.
const (
	MaxNameLen        = 200
	MaxAcronymLen     = 30
	MaxDescriptionLen = 5000
	MaxWebsiteLen     = 500
	MaxRegNumberLen   = 100
	MaxSeatLen        = 300
)

// TextLocales are the languages an organisation's name and description are
// written in, Arabic (the reference) first.
var TextLocales = i18n.Locales

// FieldErrors maps a form field to the message key of its failure.
type FieldErrors map[string]string

func (e FieldErrors) fail(field, key string) {
	if _, ok := e[field]; !ok {
		e[field] = key
	}
}

// Check returns what is wrong with o as the administration saves it, by
// form field: the Arabic name is required, texts have length limits, the
// kind must be known, the website must be an http(s) address, and the
// registration date cannot be after today (the site's calendar day). A
// verified association must keep its registration (see CheckVerifiable).
func (o *Organisation) Check(today db.Date) FieldErrors {
	e := FieldErrors{}
	for _, l := range TextLocales {
		if utf8.RuneCountInString(o.Name[l]) > MaxNameLen {
			e.fail("name_"+string(l), "org.error.too_long")
		}
		if utf8.RuneCountInString(o.Description[l]) > MaxDescriptionLen {
			e.fail("description_"+string(l), "org.error.too_long")
		}
	}
	if strings.TrimSpace(o.Name[i18n.AR]) == "" {
		e.fail("name_ar", "form.required")
	}
	if !o.Kind.Valid() {
		e.fail("kind", "org.error.kind")
	}
	if utf8.RuneCountInString(o.Acronym) > MaxAcronymLen {
		e.fail("acronym", "org.error.too_long")
	}
	if o.Website != "" && !ValidWebsite(o.Website) {
		e.fail("website", "org.error.website")
	}
	if utf8.RuneCountInString(o.RegistrationNumber) > MaxRegNumberLen {
		e.fail("registration_number", "org.error.too_long")
	}
	if utf8.RuneCountInString(o.Seat) > MaxSeatLen {
		e.fail("seat", "org.error.too_long")
	}
	if !o.RegistrationDate.IsZero() && o.RegistrationDate.After(today.Time) {
		e.fail("registration_date", "org.error.date_future")
	}
	if o.Verified {
		for k, v := range o.CheckVerifiable(today) {
			e.fail(k, v)
		}
	}
	return e
}

// CheckVerifiable returns what stops an administrator from verifying o: an
// association is verified on its registration with the authorities, so its
// registration number and date and its seat or branch in the region are
// required, and the date cannot be in the future. Other kinds need nothing
// more than Check asks.
func (o *Organisation) CheckVerifiable(today db.Date) FieldErrors {
	e := FieldErrors{}
	if o.Kind != Association {
		return e
	}
	if strings.TrimSpace(o.RegistrationNumber) == "" {
		e.fail("registration_number", "org.error.required_to_verify")
	}
	if o.RegistrationDate.IsZero() {
		e.fail("registration_date", "org.error.required_to_verify")
	} else if o.RegistrationDate.After(today.Time) {
		e.fail("registration_date", "org.error.date_future")
	}
	if strings.TrimSpace(o.Seat) == "" {
		e.fail("seat", "org.error.required_to_verify")
	}
	return e
}

// ValidWebsite reports whether s is an absolute http or https address with
// a host: other schemes (javascript:, data:, ftp:) are refused, since the
// public page links to it.
func ValidWebsite(s string) bool {
	if len(s) > MaxWebsiteLen || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// Slugify makes the base of an organisation's slug from its name: Latin
// letters without accents and digits, words joined by hyphens, at most 60
// characters. A name without Latin letters (an Arabic-only name) gives "".
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r): // accents, once decomposed
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	slug := b.String()
	if len(slug) > 60 {
		slug = slug[:60]
	}
	return strings.TrimRight(slug, "-")
}
