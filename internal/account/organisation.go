// Package account holds the people and organisations of a site: government
// bodies, associations, companies, universities, international bodies and
// media, with their public profiles.
package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Kind is the kind of an organisation.
type Kind string

const (
	Government    Kind = "government"
	Association   Kind = "association"
	Company       Kind = "company"
	University    Kind = "university"
	International Kind = "international"
	Media         Kind = "media"
)

// Kinds lists every organisation kind.
var Kinds = []Kind{Government, Association, Company, University, International, Media}

// Organisation is an organisation's public profile.
type Organisation struct {
	ID          int64        `json:"id"`
	SiteID      int64        `json:"-"`
	Slug        string       `json:"slug"`
	Kind        Kind         `json:"kind"`
	Name        i18n.Text    `json:"name"`
	Acronym     string       `json:"acronym,omitempty"`
	Description i18n.Text    `json:"description"`
	Website     string       `json:"website,omitempty"`
	Verified    bool         `json:"verified"`
	UpdatedAt   db.Timestamp `json:"updated_at"`
}

// Validate checks what every organisation needs.
func (o *Organisation) Validate() error {
	var missing []string
	if strings.TrimSpace(o.Slug) == "" {
		missing = append(missing, "slug")
	}
	if o.Name.In(i18n.Default) == "" {
		missing = append(missing, "name")
	}
	known := false
	for _, k := range Kinds {
		known = known || k == o.Kind
	}
	if !known {
		missing = append(missing, "kind")
	}
	if len(missing) > 0 {
		return fmt.Errorf("organisation: invalid %s", strings.Join(missing, ", "))
	}
	return nil
}

const orgColumns = `id, site_id, slug, kind, name, acronym, description, website, verified, updated_at`

func scanOrg(row interface{ Scan(...any) error }) (*Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.SiteID, &o.Slug, &o.Kind, &o.Name, &o.Acronym, &o.Description, &o.Website, &o.Verified, &o.UpdatedAt)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &o, nil
}

// OrganisationByID returns one organisation of the site, or db.ErrNotFound.
func OrganisationByID(ctx context.Context, q db.Querier, siteID, id int64) (*Organisation, error) {
	return scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE site_id = ? AND id = ?`, siteID, id))
}

// Organisations lists the site's organisations by id, from after (exclusive),
// at most limit of them.
func Organisations(ctx context.Context, q db.Querier, siteID, after int64, limit int) ([]Organisation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE site_id = ? AND id > ? ORDER BY id LIMIT ?`, siteID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

// UpsertOrganisation creates the organisation or, when one with the same
// slug exists on the site, updates it; it sets o.ID.
func UpsertOrganisation(ctx context.Context, tx *db.Tx, o *Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO organisations (site_id, slug, kind, name, acronym, description, website, verified, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id, slug) DO UPDATE SET kind = excluded.kind, name = excluded.name,
			acronym = excluded.acronym, description = excluded.description, website = excluded.website,
			verified = excluded.verified, updated_at = excluded.updated_at
		RETURNING id`,
		o.SiteID, o.Slug, o.Kind, o.Name, o.Acronym, o.Description, o.Website, o.Verified, now, now).Scan(&o.ID)
	if err != nil {
		return fmt.Errorf("upsert organisation %s: %w", o.Slug, err)
	}
	o.UpdatedAt = now
	return nil
}
