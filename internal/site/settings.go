package site

import (
	"context"
	"fmt"
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
	return e
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
	_, err = tx.ExecContext(ctx, `UPDATE sites SET name = ?, description = ?, timezone = ?, comment_report_threshold = ?, public_url = ? WHERE id = ?`,
		s.Name, s.Description, s.Timezone, s.ReportThreshold, s.PublicURL, siteID)
	if err != nil {
		return fmt.Errorf("save site settings: %w", err)
	}
	before, after := audit.Diff(settingsView(Settings{Name: old.Name, Description: old.Description, Timezone: old.Timezone,
		ReportThreshold: oldThreshold, PublicURL: old.PublicURL}), settingsView(s))
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

func settingsView(s Settings) map[string]any {
	return map[string]any{"name": s.Name, "description": s.Description, "timezone": s.Timezone,
		"comment_report_threshold": s.ReportThreshold, "public_url": s.PublicURL}
}

// ReportThreshold is the site's number of reports that hides a comment
// until a moderator reviews it.
func ReportThreshold(ctx context.Context, q db.Querier, siteID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT comment_report_threshold FROM sites WHERE id = ?`, siteID).Scan(&n)
	return n, db.NotFound(err)
}
