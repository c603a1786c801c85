package petition

import (
	"context"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Settings are a site's petition rules: its level, its population, the
// threshold rule set it chose, how long collection lasts and the CNDP
// authorisation number the signing notice shows.
type Settings struct {
	SiteID         int64
	Level          Level
	Population     int64
	Rule           Rule
	CollectionDays int
	CNDPNumber     string
	// RefusedDomains are email domains (disposable addresses) refused for
	// signatures, with their subdomains.
	RefusedDomains []string
}

// Bounds of the settings.
const (
	MaxPopulation     = 100_000_000
	MaxCollectionDays = 730
	MaxCNDPLen        = 60
)

// DefaultSettings are a site's settings until an administrator saves some:
// a region under the law's population rule, 90 days of collection.
func DefaultSettings(siteID int64) Settings {
	return Settings{SiteID: siteID, Level: Region, Rule: Rule{Kind: RegionPopulation}, CollectionDays: 90}
}

// Requirement is what a petition of the site needs now.
func (s Settings) Requirement() Requirement { return s.Rule.Requirement(s.Population) }

// ErrSettings is returned for settings out of bounds.
var ErrSettings = errors.New("petition: settings out of bounds")

// Check reports whether the settings can be saved.
func (s Settings) Check() error {
	if !s.Level.Valid() || s.Population < 0 || s.Population > MaxPopulation || s.CollectionDays < 1 ||
		s.CollectionDays > MaxCollectionDays || len(s.CNDPNumber) > MaxCNDPLen {
		return ErrSettings
	}
	if _, ok := ParseDomains(joinDomains(s.RefusedDomains)); !ok {
		return ErrSettings
	}
	return s.Rule.Check()
}

// LoadSettings returns the site's settings, DefaultSettings when none were saved.
func LoadSettings(ctx context.Context, q db.Querier, siteID int64) (Settings, error) {
	s := Settings{SiteID: siteID}
	var refused string
	err := q.QueryRowContext(ctx, `SELECT level, population, rule_kind, rule_required, rule_share_percent, rule_electoral_roll,
		collection_days, cndp_number, refused_domains FROM petition_settings WHERE site_id = ?`, siteID).Scan(&s.Level, &s.Population,
		&s.Rule.Kind, &s.Rule.Required, &s.Rule.SharePercent, &s.Rule.ElectoralRoll, &s.CollectionDays, &s.CNDPNumber, &refused)
	s.RefusedDomains, _ = ParseDomains(refused)
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return DefaultSettings(siteID), nil
	}
	if err != nil {
		return s, fmt.Errorf("petition settings: %w", err)
	}
	return s, nil
}

// SaveSettings stores the site's settings; ErrSettings or a rule's error
// when they are out of bounds.
func SaveSettings(ctx context.Context, tx *db.Tx, s Settings) error {
	if err := s.Check(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_settings (site_id, level, population, rule_kind, rule_required,
		rule_share_percent, rule_electoral_roll, collection_days, cndp_number, refused_domains, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET level = excluded.level, population = excluded.population, rule_kind = excluded.rule_kind,
		rule_required = excluded.rule_required, rule_share_percent = excluded.rule_share_percent,
		rule_electoral_roll = excluded.rule_electoral_roll, collection_days = excluded.collection_days,
		cndp_number = excluded.cndp_number, refused_domains = excluded.refused_domains, updated_at = excluded.updated_at`,
		s.SiteID, s.Level, s.Population, s.Rule.Kind, s.Rule.Required, s.Rule.SharePercent, s.Rule.ElectoralRoll,
		s.CollectionDays, s.CNDPNumber, joinDomains(s.RefusedDomains), db.Timestamp{Time: tx.Now()})
	if err != nil {
		return fmt.Errorf("save petition settings: %w", err)
	}
	return nil
}

// Division is a prefecture or province of a region (or a commune of a
// province), where signers live or work.
type Division struct {
	ID         int64     `json:"-"`
	SiteID     int64     `json:"-"`
	ParentID   int64     `json:"-"`
	Code       string    `json:"code"`
	Name       i18n.Text `json:"name"`
	Population int64     `json:"population"`
	Position   int       `json:"-"`
}

// Divisions lists the site's top divisions (those whose share counts), in
// their order.
func Divisions(ctx context.Context, q db.Querier, siteID int64) ([]Division, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, site_id, COALESCE(parent_id, 0), code, name, population, position
		FROM petition_divisions WHERE site_id = ? AND parent_id IS NULL ORDER BY position, id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("petition divisions: %w", err)
	}
	defer rows.Close()
	var out []Division
	for rows.Next() {
		var d Division
		if err := rows.Scan(&d.ID, &d.SiteID, &d.ParentID, &d.Code, &d.Name, &d.Population, &d.Position); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDivision adds the division, or updates the site's division with its
// code; d.ID is set.
func SaveDivision(ctx context.Context, tx *db.Tx, d *Division) error {
	var parent any
	if d.ParentID > 0 {
		parent = d.ParentID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO petition_divisions (site_id, parent_id, code, name, population, position)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, code) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
		population = excluded.population, position = excluded.position RETURNING id`,
		d.SiteID, parent, d.Code, d.Name, d.Population, d.Position).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("save petition division: %w", err)
	}
	return nil
}
