package petition

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Bounds of the divisions an administrator enters.
const (
	MaxDivisions       = 200
	MaxDivisionCodeLen = 60
)

// SettingsPage is the form of the site's petition settings.
type SettingsPage struct {
	Form   *web.Form
	Errors map[string]string
	Levels []Level
	Kinds  []RuleKind
	Saved  bool
}

func settingsValues(s Settings, divs []Division) map[string][]string {
	var lines []string
	for _, d := range divs {
		lines = append(lines, strings.Join([]string{d.Code, d.Name[i18n.AR], d.Name[i18n.FR], d.Name[i18n.EN], strconv.FormatInt(d.Population, 10)}, " | "))
	}
	roll := ""
	if s.Rule.ElectoralRoll {
		roll = "1"
	}
	return map[string][]string{"level": {string(s.Level)}, "population": {strconv.FormatInt(s.Population, 10)},
		"rule_kind": {string(s.Rule.Kind)}, "rule_required": {strconv.Itoa(s.Rule.Required)},
		"rule_share_percent": {strconv.Itoa(s.Rule.SharePercent)}, "rule_electoral_roll": {roll},
		"collection_days": {strconv.Itoa(s.CollectionDays)}, "cndp_number": {s.CNDPNumber}, "divisions": {strings.Join(lines, "\n")},
		"refused_domains": {joinDomains(s.RefusedDomains)}}
}

func (a Admin) settingsForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, saved bool) {
	pr := a.Errors.Catalog.Printer(web.Locale(r.Context()))
	page := SettingsPage{Form: f, Errors: map[string]string{}, Levels: Levels, Kinds: RuleKinds, Saved: saved}
	for field, key := range f.Errors {
		page.Errors[field] = pr.T(key, f.ErrorArgs(field)...)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	if err := a.Pages.Page(w, r, status, "petition_admin_settings", "admin", page); err != nil {
		a.Errors.Error(w, r, err)
	}
}

func (a Admin) settings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	s, err := LoadSettings(ctx, a.DB.R(), siteID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	divs, err := Divisions(ctx, a.DB.R(), siteID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.settingsForm(w, r, http.StatusOK, web.NewForm(settingsValues(s, divs)), r.URL.Query().Get("saved") == "1")
}

// number reads a whole number of field between lo and hi.
func number(f *web.Form, field string, lo, hi int64) int64 {
	n, err := strconv.ParseInt(f.Get(field), 10, 64)
	if err != nil || n < lo || n > hi {
		f.Fail(field, "petition.error.number", "Min", lo, "Max", hi)
	}
	return n
}

// parseDivisions reads "code | name ar | name fr | name en | population",
// one a line.
func parseDivisions(f *web.Form, siteID int64) []Division {
	var out []Division
	codes := map[string]bool{}
	for i, line := range strings.Split(f.Get("divisions"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		bad := len(parts) != 5 || parts[0] == "" || parts[1] == "" || len(parts[0]) > MaxDivisionCodeLen || codes[strings.ToLower(parts[0])]
		var pop int64
		if !bad {
			var err error
			pop, err = strconv.ParseInt(parts[4], 10, 64)
			bad = err != nil || pop < 0 || pop > MaxPopulation
			for _, p := range parts[1:4] {
				bad = bad || utf8.RuneCountInString(p) > MaxTitleLen
			}
		}
		if bad || len(out) >= MaxDivisions {
			f.Fail("divisions", "petition.error.division_line", "Line", i+1)
			return nil
		}
		codes[strings.ToLower(parts[0])] = true
		name := i18n.Text{i18n.AR: parts[1]}
		if parts[2] != "" {
			name[i18n.FR] = parts[2]
		}
		if parts[3] != "" {
			name[i18n.EN] = parts[3]
		}
		out = append(out, Division{SiteID: siteID, Code: strings.ToLower(parts[0]), Name: name, Population: pop, Position: len(out) + 1})
	}
	return out
}

// saveSettings: POST /admin/petitions/settings, administrators. Divisions
// are added or updated by their code; one left out of the list stays, since
// signatures refer to it (removing a division is not offered). A petition
// keeps the rule in force when it was published. One ledger entry.
func (a Admin) saveSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	s := Settings{SiteID: siteID, Level: Level(f.Get("level")), Rule: Rule{Kind: RuleKind(f.Get("rule_kind"))},
		CNDPNumber: f.Get("cndp_number")}
	if !s.Level.Valid() {
		f.Fail("level", "petition.error.choice")
	}
	if !s.Rule.Kind.Valid() {
		f.Fail("rule_kind", "petition.error.choice")
	}
	s.Population = number(f, "population", 0, MaxPopulation)
	s.CollectionDays = int(number(f, "collection_days", 1, MaxCollectionDays))
	if s.Rule.Kind == Custom {
		s.Rule.Required = int(number(f, "rule_required", 1, MaxRequired))
		s.Rule.SharePercent = int(number(f, "rule_share_percent", 0, MaxSharePercent))
		s.Rule.ElectoralRoll = f.Get("rule_electoral_roll") == "1"
	}
	if utf8.RuneCountInString(s.CNDPNumber) > MaxCNDPLen {
		f.Fail("cndp_number", "petition.error.too_long", "Max", MaxCNDPLen)
	}
	var ok bool
	if s.RefusedDomains, ok = ParseDomains(f.Get("refused_domains")); !ok {
		f.Fail("refused_domains", "petition.error.domains", "Max", MaxRefusedDomains)
	}
	divs := parseDivisions(f, siteID)
	if !f.Valid() {
		a.settingsForm(w, r, http.StatusUnprocessableEntity, f, false)
		return
	}
	u := auth.UserFrom(ctx)
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		before, err := LoadSettings(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if err := SaveSettings(ctx, tx, s); err != nil {
			return err
		}
		for i := range divs {
			if err := SaveDivision(ctx, tx, &divs[i]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, siteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate, Entity: "site",
			EntityID: siteID, Summary: "Petition settings", Before: before, After: map[string]any{"settings": s,
				"divisions": fmt.Sprint(len(divs))}})
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/petitions/settings?saved=1", http.StatusSeeOther)
}
