package site

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Limits on the settings form, in characters.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 2000
	// MaxReportThreshold bounds the number of reports that hides a comment.
	MaxReportThreshold = 100
	// MaxAddressLen bounds the council's postal address, per language.
	MaxAddressLen = 300
	// MaxPhoneLen bounds the council's phone number.
	MaxPhoneLen = 30
	// MaxEmailLen bounds an email address (RFC 5321's path limit).
	MaxEmailLen = 254
	// MaxCNDPNumberLen bounds the CNDP declaration or authorisation number.
	MaxCNDPNumberLen = 64
	// MaxMailFromNameLen bounds the name emails are sent under.
	MaxMailFromNameLen = 100
	// MaxMetaDescriptionLen bounds the description for search engines, per
	// language: they show about 160 characters.
	MaxMetaDescriptionLen = 300
	// MaxLogoBytes bounds the logo image, under the upload limit.
	MaxLogoBytes = 1 << 20
)

// SettingsLocales are the languages the site's name and description are
// written in, Arabic (the reference) first.
var SettingsLocales = i18n.Locales

// Settings are what an administrator may change about their site.
type Settings struct {
	Name        i18n.Text
	Description i18n.Text
	Timezone    string
	// ReportThreshold is how many people's reports hide a comment until a
	// moderator reviews it (1–MaxReportThreshold); 0 leaves it unchanged.
	ReportThreshold int
	// PublicURL is the origin of the site's absolute links, "" for the
	// installation's default (see Resolver.PublicURL); Check normalizes it.
	PublicURL string
	// Logo is the content hash of the logo image (stored and recorded for
	// the site by the caller), "" for none.
	Logo string
	// The council's public contact details: the institution's, public by
	// design, shown in the footer and on /privacy.
	ContactAddress i18n.Text
	ContactPhone   string
	ContactEmail   string
	// CNDPNumber is the number of the site's declaration to, or
	// authorisation by, the CNDP (Law 09-08), shown on /privacy.
	CNDPNumber string
	// MailFromName and MailFromAddress are the sender of the site's
	// emails; "" keeps the installation's (--smtp-url).
	MailFromName, MailFromAddress string
	// MetaDescription is the description search engines show, per language.
	MetaDescription i18n.Text
}

// Check returns the message key of each field that fails, by form field:
// the Arabic name is required, texts have length limits, and the time zone
// must be one the tz database knows (time.LoadLocation), named explicitly.
func (s *Settings) Check() map[string]string {
	e := map[string]string{}
	fail := func(field, key string) {
		if _, ok := e[field]; !ok {
			e[field] = key
		}
	}
	for _, l := range SettingsLocales {
		if utf8.RuneCountInString(s.Name[l]) > MaxNameLen {
			fail("name_"+string(l), "siteadmin.error.too_long")
		}
		if utf8.RuneCountInString(s.Description[l]) > MaxDescriptionLen {
			fail("description_"+string(l), "siteadmin.error.too_long")
		}
	}
	if strings.TrimSpace(s.Name[i18n.AR]) == "" {
		fail("name_ar", "form.required")
	}
	if !ValidTimezone(s.Timezone) {
		fail("timezone", "siteadmin.error.timezone")
	}
	if u, err := ParsePublicURL(s.PublicURL); err != nil {
		fail("public_url", "siteadmin.error.public_url")
	} else {
		s.PublicURL = u
	}
	if s.ReportThreshold < 0 || s.ReportThreshold > MaxReportThreshold {
		fail("report_threshold", "siteadmin.error.report_threshold")
	}
	for _, l := range SettingsLocales {
		if utf8.RuneCountInString(s.ContactAddress[l]) > MaxAddressLen {
			fail("contact_address_"+string(l), "siteadmin.error.too_long")
		}
		if utf8.RuneCountInString(s.MetaDescription[l]) > MaxMetaDescriptionLen {
			fail("meta_description_"+string(l), "siteadmin.error.too_long")
		}
	}
	if s.ContactPhone = strings.TrimSpace(s.ContactPhone); !ValidPhone(s.ContactPhone) {
		fail("contact_phone", "siteadmin.error.phone")
	}
	for field, addr := range map[string]*string{"contact_email": &s.ContactEmail, "mail_from_address": &s.MailFromAddress} {
		if *addr = strings.TrimSpace(*addr); !ValidEmail(*addr) {
			fail(field, "siteadmin.error.email")
		}
	}
	if s.CNDPNumber = strings.TrimSpace(s.CNDPNumber); !ValidCNDPNumber(s.CNDPNumber) {
		fail("cndp_number", "siteadmin.error.cndp_number")
	}
	s.MailFromName = strings.TrimSpace(s.MailFromName)
	switch {
	case utf8.RuneCountInString(s.MailFromName) > MaxMailFromNameLen:
		fail("mail_from_name", "siteadmin.error.too_long")
	case strings.ContainsAny(s.MailFromName, "<>\"\\@"):
		fail("mail_from_name", "siteadmin.error.mail_from_name")
	}
	return e
}

// ValidPhone reports whether s may be the council's phone number: "" (none),
// or up to MaxPhoneLen characters of digits, spaces and + - . ( ), with a
// "+" only first, and at least six digits.
func ValidPhone(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > MaxPhoneLen {
		return false
	}
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0, c == ' ', c == '-', c == '.', c == '(', c == ')':
		default:
			return false
		}
	}
	return digits >= 6
}

// ValidEmail reports whether s is "" (none) or one bare email address,
// user@domain, at most MaxEmailLen bytes, with no display name.
func ValidEmail(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > MaxEmailLen || strings.ContainsAny(s, " <>\"(),;:\\[]") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// ValidCNDPNumber reports whether s is "" (none) or a CNDP number as the
// Commission writes them ("D-GC-1234/2024", "A-RC-45/2021"): up to
// MaxCNDPNumberLen letters and digits, with spaces, "-", "/" and "." between.
func ValidCNDPNumber(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > MaxCNDPNumberLen {
		return false
	}
	alnum := false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			alnum = true
		case c == ' ', c == '-', c == '/', c == '.':
		default:
			return false
		}
	}
	return alnum
}

// ValidTimezone reports whether name is an IANA time zone such as
// Africa/Casablanca or UTC. "" and "Local" (the server's own zone, which
// would silently differ between machines) are refused.
func ValidTimezone(name string) bool {
	if name == "" || name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// ByID returns the site with that id, or db.ErrNotFound.
func ByID(ctx context.Context, q db.Querier, id int64) (*Site, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM sites WHERE id = ?`, id))
}

// SaveSettings writes the settings of site siteID on behalf of actor and
// records the change in the audit ledger, in tx. The caller reloads the
// Resolver after the commit, so requests see the change.
func SaveSettings(ctx context.Context, tx *db.Tx, siteID int64, actor *auth.User, s Settings) error {
	old, err := ByID(ctx, tx, siteID)
	if err != nil {
		return err
	}
	oldThreshold, err := ReportThreshold(ctx, tx, siteID)
	if err != nil {
		return err
	}
	if s.ReportThreshold == 0 {
		s.ReportThreshold = oldThreshold
	}
	_, err = tx.ExecContext(ctx, `UPDATE sites SET name = ?, description = ?, timezone = ?, comment_report_threshold = ?,
		public_url = ?, logo_hash = ?, contact_address = ?, contact_phone = ?, contact_email = ?, cndp_number = ?,
		mail_from_name = ?, mail_from_address = ?, meta_description = ? WHERE id = ?`,
		s.Name, s.Description, s.Timezone, s.ReportThreshold, s.PublicURL, s.Logo, textOrEmpty(s.ContactAddress),
		s.ContactPhone, s.ContactEmail, s.CNDPNumber, s.MailFromName, s.MailFromAddress, textOrEmpty(s.MetaDescription), siteID)
	if err != nil {
		return fmt.Errorf("save site settings: %w", err)
	}
	was := Settings{Name: old.Name, Description: old.Description, Timezone: old.Timezone, ReportThreshold: oldThreshold,
		PublicURL: old.PublicURL, Logo: old.Logo, ContactAddress: old.ContactAddress, ContactPhone: old.ContactPhone,
		ContactEmail: old.ContactEmail, CNDPNumber: old.CNDPNumber, MailFromName: old.MailFromName,
		MailFromAddress: old.MailFromAddress, MetaDescription: old.MetaDescription}
	before, after := audit.Diff(settingsView(was), settingsView(s))
	// The ledger leaves out every key that could name an email address or
	// a phone number, even the council's: it says which of them changed.
	var others []string
	for _, f := range []struct {
		name     string
		was, now string
	}{{"contact_phone", was.ContactPhone, s.ContactPhone}, {"contact_email", was.ContactEmail, s.ContactEmail},
		{"mail_from_address", was.MailFromAddress, s.MailFromAddress}} {
		if f.was != f.now {
			others = append(others, f.name)
		}
	}
	if len(others) > 0 {
		if after == nil {
			after = map[string]any{}
		}
		after["other_changes"] = others
	}
	if len(after) == 0 && len(before) == 0 {
		return nil // nothing changed: no entry
	}
	c := audit.Change{Action: audit.ActionUpdate, Entity: "site", EntityID: siteID, Summary: "site settings updated",
		Before: before, After: after}
	if actor != nil {
		c.ActorID, c.ActorName = actor.ID, actor.Name
	}
	return audit.Record(ctx, tx, siteID, c)
}

// textOrEmpty stores an empty text as {}, never NULL.
func textOrEmpty(t i18n.Text) i18n.Text {
	if t == nil {
		return i18n.Text{}
	}
	return t
}

func settingsView(s Settings) map[string]any {
	return map[string]any{"name": s.Name, "description": s.Description, "timezone": s.Timezone,
		"comment_report_threshold": s.ReportThreshold, "public_url": s.PublicURL, "logo": s.Logo,
		"contact_address": textOrEmpty(s.ContactAddress), "cndp_number": s.CNDPNumber, "mail_from_name": s.MailFromName,
		"meta_description": textOrEmpty(s.MetaDescription)}
}

// ReportThreshold is the site's number of reports that hides a comment
// until a moderator reviews it.
func ReportThreshold(ctx context.Context, q db.Querier, siteID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT comment_report_threshold FROM sites WHERE id = ?`, siteID).Scan(&n)
	return n, db.NotFound(err)
}
