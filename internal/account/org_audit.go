package account

import (
	"context"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// record writes one change made by actor to the site's public audit ledger,
// in tx. before and after are diffed (audit.Diff), so an entry shows only
// the fields that changed. They must never hold an email, a password hash or a token:
// the ledger is public.
func record(ctx context.Context, tx *db.Tx, siteID int64, actor *auth.User, action, entity string, entityID int64,
	orgID *int64, summary string, before, after map[string]any) error {
	c := audit.Change{Action: action, Entity: entity, EntityID: entityID, OrganisationID: orgID, Summary: summary}
	if actor != nil {
		c.ActorID, c.ActorName = actor.ID, actor.Name
	}
	b, a := audit.Diff(before, after)
	if b != nil {
		c.Before = b
	}
	if a != nil {
		c.After = a
	}
	return audit.Record(ctx, tx, siteID, c)
}

// auditView is what the ledger keeps of an organisation: its public
// profile, its registration and whether it is verified.
func (o *Organisation) auditView() map[string]any {
	return map[string]any{
		"slug": o.Slug, "kind": o.Kind, "name": o.Name, "acronym": o.Acronym, "description": o.Description,
		"website": o.Website, "verified": o.Verified, "registration_number": o.RegistrationNumber,
		"registration_date": o.RegistrationDate.String(), "seat": o.Seat,
	}
}
