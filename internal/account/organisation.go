// Package account holds the people and organisations of a site: government
// bodies, associations, companies, universities, international bodies and
// media, with their public profiles.
package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
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

// Organisation is an organisation's profile. Its JSON form is the public
// one: the registration details are written only through Registration,
// which is set for verified associations alone.
type Organisation struct {
	ID          int64         `json:"id"`
	SiteID      int64         `json:"-"`
	Slug        string        `json:"slug"`
	Kind        Kind          `json:"kind"`
	Name        i18n.Text     `json:"name"`
	Acronym     string        `json:"acronym,omitempty"`
	Description i18n.Text     `json:"description"`
	Website     string        `json:"website,omitempty"`
	Verified    bool          `json:"verified"`
	VerifiedAt  *db.Timestamp `json:"verified_at"` // nil while not verified
	UpdatedAt   db.Timestamp  `json:"updated_at"`

	// The registration of an association with the authorities (the
	// récépissé): its number and date, and its seat or branch in the region.
	RegistrationNumber string  `json:"-"`
	RegistrationDate   db.Date `json:"-"`
	Seat               string  `json:"-"`
	// Registration is the registration as the public sees it, set when the
	// organisation is read and only for a verified association.
	Registration *Registration `json:"registration,omitempty"`

	Version int `json:"-"` // the row version, for optimistic locking of the admin form

	// Viewer is how the signed-in person reading the organisation stands
	// with it (OrganisationByID fills it from the request's context); it is
	// never part of the JSON.
	Viewer Viewer `json:"-"`
}

// Registration is the public part of an association's registration.
type Registration struct {
	Number string  `json:"number"`
	Date   db.Date `json:"date"`
	Seat   string  `json:"seat"`
}

// Viewer is the reader's relation to an organisation, for the public page's
// join button.
type Viewer struct {
	SignedIn   bool
	Membership MembershipStatus // "" when the reader has not asked to join
}

// publicRegistration is what the public may see of the registration.
func (o *Organisation) publicRegistration() *Registration {
	if o.Kind != Association || !o.Verified || o.RegistrationNumber == "" {
		return nil
	}
	return &Registration{Number: o.RegistrationNumber, Date: o.RegistrationDate, Seat: o.Seat}
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
	if !o.Kind.Valid() {
		missing = append(missing, "kind")
	}
	if len(missing) > 0 {
		return fmt.Errorf("organisation: invalid %s", strings.Join(missing, ", "))
	}
	return nil
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

const orgColumns = `id, site_id, slug, kind, name, acronym, description, website, verified, verified_at, updated_at,
	registration_number, registration_date, seat, version`

func scanOrg(row interface{ Scan(...any) error }) (*Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.SiteID, &o.Slug, &o.Kind, &o.Name, &o.Acronym, &o.Description, &o.Website, &o.Verified,
		&o.VerifiedAt, &o.UpdatedAt, &o.RegistrationNumber, &o.RegistrationDate, &o.Seat, &o.Version)
	if err != nil {
		return nil, db.NotFound(err)
	}
	o.Registration = o.publicRegistration()
	return &o, nil
}

// OrganisationByID returns one organisation of the site, or db.ErrNotFound.
// When ctx carries a signed-in user, it also fills Viewer with that person's
// membership request, so that the public page can offer to join or say the
// request is pending.
func OrganisationByID(ctx context.Context, q db.Querier, siteID, id int64) (*Organisation, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE site_id = ? AND id = ?`, siteID, id))
	if err != nil {
		return nil, err
	}
	if u := auth.UserFrom(ctx); u != nil && u.SiteID == siteID {
		o.Viewer.SignedIn = true
		if o.Viewer.Membership, err = membershipStatus(ctx, q, u.ID, id); err != nil {
			return nil, err
		}
	}
	return o, nil
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
// slug exists on the site, updates it; it sets o.ID. It is for loaders (the
// demo, imports), which own the whole record: the administration uses
// CreateOrganisation and UpdateOrganisation, which check the row version.
// A verified organisation keeps the time it was first verified.
func UpsertOrganisation(ctx context.Context, tx *db.Tx, o *Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	now := db.Timestamp{Time: tx.Now()}
	var verifiedAt *db.Timestamp
	if o.Verified {
		verifiedAt = o.VerifiedAt
		if verifiedAt == nil {
			verifiedAt = &now
		}
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO organisations (site_id, slug, kind, name, acronym, description, website, verified, verified_at,
			registration_number, registration_date, seat, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id, slug) DO UPDATE SET kind = excluded.kind, name = excluded.name,
			acronym = excluded.acronym, description = excluded.description, website = excluded.website,
			verified = excluded.verified,
			verified_at = CASE WHEN excluded.verified THEN COALESCE(organisations.verified_at, excluded.verified_at) END,
			registration_number = excluded.registration_number, registration_date = excluded.registration_date,
			seat = excluded.seat, updated_at = excluded.updated_at, version = organisations.version + 1
		RETURNING id, version, verified_at`,
		o.SiteID, o.Slug, o.Kind, o.Name, o.Acronym, o.Description, o.Website, o.Verified, verifiedAt,
		o.RegistrationNumber, o.RegistrationDate, o.Seat, now, now).Scan(&o.ID, &o.Version, &o.VerifiedAt)
	if err != nil {
		return fmt.Errorf("upsert organisation %s: %w", o.Slug, err)
	}
	o.UpdatedAt = now
	o.Registration = o.publicRegistration()
	return indexOrganisation(ctx, tx, o)
}
