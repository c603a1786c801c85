package account

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// ErrVersionConflict is returned when a record changed since the form that
// edits it was opened: the change is refused rather than written over
// someone else's.
var ErrVersionConflict = errors.New("account: the record changed since the form was opened")

// orgByID reads an organisation without the viewer's membership.
func orgByID(ctx context.Context, q db.Querier, siteID, id int64) (*Organisation, error) {
	return scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE site_id = ? AND id = ?`, siteID, id))
}

// CreateOrganisation adds o to its site on behalf of actor and records it
// in the audit ledger. It gives o a slug of its own, made from its French or
// English name or acronym, and sets ID, Slug and Version. A new
// organisation is not verified: verifying is a decision of its own.
func CreateOrganisation(ctx context.Context, tx *db.Tx, actor *auth.User, o *Organisation) error {
	slug, err := uniqueSlug(ctx, tx, o.SiteID, slugBase(o))
	if err != nil {
		return err
	}
	o.Slug, o.Verified, o.VerifiedAt = slug, false, nil
	if err := o.Validate(); err != nil {
		return err
	}
	now := db.Timestamp{Time: tx.Now()}
	err = tx.QueryRowContext(ctx, `INSERT INTO organisations (site_id, slug, kind, name, acronym, description, website,
			verified, registration_number, registration_date, seat, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`,
		o.SiteID, o.Slug, o.Kind, o.Name, o.Acronym, o.Description, o.Website, false,
		o.RegistrationNumber, o.RegistrationDate, o.Seat, now, now).Scan(&o.ID, &o.Version)
	if err != nil {
		return fmt.Errorf("create organisation: %w", err)
	}
	o.UpdatedAt = now
	if err := indexOrganisation(ctx, tx, o); err != nil {
		return err
	}
	return record(ctx, tx, o.SiteID, actor, "create", "organisation", o.ID, &o.ID, "organisation created", nil, o.auditView())
}

// UpdateOrganisation saves o's profile, registration and verification on
// behalf of actor, provided o.Version is still the stored version
// (ErrVersionConflict otherwise), and records the change in the audit
// ledger. The slug never changes, so links keep working. Verifying stamps
// VerifiedAt; withdrawing the verification clears it. On success o holds
// the new version.
func UpdateOrganisation(ctx context.Context, tx *db.Tx, actor *auth.User, o *Organisation) error {
	before, err := orgByID(ctx, tx, o.SiteID, o.ID)
	if err != nil {
		return err
	}
	if before.Version != o.Version {
		return ErrVersionConflict
	}
	now := db.Timestamp{Time: tx.Now()}
	o.Slug = before.Slug
	switch {
	case !o.Verified:
		o.VerifiedAt = nil
	case before.Verified && before.VerifiedAt != nil:
		o.VerifiedAt = before.VerifiedAt
	default:
		o.VerifiedAt = &now
	}
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE organisations SET kind = ?, name = ?, acronym = ?, description = ?,
			website = ?, registration_number = ?, registration_date = ?, seat = ?, verified = ?, verified_at = ?,
			updated_at = ?, version = version + 1
		WHERE site_id = ? AND id = ? AND version = ?`,
		o.Kind, o.Name, o.Acronym, o.Description, o.Website, o.RegistrationNumber, o.RegistrationDate, o.Seat,
		o.Verified, o.VerifiedAt, now, o.SiteID, o.ID, o.Version)
	if err != nil {
		return fmt.Errorf("update organisation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(ErrVersionConflict, err)
	}
	o.Version++
	o.UpdatedAt = now
	o.Registration = o.publicRegistration()
	summary := "organisation updated"
	switch {
	case o.Verified && !before.Verified:
		summary = "organisation verified"
	case !o.Verified && before.Verified:
		summary = "organisation verification withdrawn"
	}
	if err := indexOrganisation(ctx, tx, o); err != nil {
		return err
	}
	return record(ctx, tx, o.SiteID, actor, "update", "organisation", o.ID, &o.ID, summary, before.auditView(), o.auditView())
}

// slugBase is the Latin name a slug is made from.
func slugBase(o *Organisation) string {
	for _, s := range []string{o.Name[i18n.FR], o.Name[i18n.EN], o.Acronym} {
		if b := Slugify(s); b != "" {
			return b
		}
	}
	return "organisation"
}

// uniqueSlug returns base, or base-2, base-3… when the site already has it.
func uniqueSlug(ctx context.Context, q db.Querier, siteID int64, base string) (string, error) {
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			slug += "-" + strconv.Itoa(n)
		}
		var taken int
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE site_id = ? AND slug = ?`, siteID, slug).Scan(&taken)
		if err != nil {
			return "", fmt.Errorf("organisation slug: %w", err)
		}
		if taken == 0 {
			return slug, nil
		}
	}
}

// OrgFilter narrows the administration's list of organisations.
type OrgFilter string

const (
	OrgsAll        OrgFilter = ""
	OrgsUnverified OrgFilter = "unverified" // waiting for verification
	OrgsPending    OrgFilter = "pending"    // with membership requests to decide
)

// OrgFilters lists the filters in the order the list page offers them.
var OrgFilters = []OrgFilter{OrgsAll, OrgsUnverified, OrgsPending}

// OrgRow is an organisation in the administration's list, with its count
// of pending requests and of active members.
type OrgRow struct {
	Organisation
	Pending, Active int
}

// AdminOrganisations lists the site's organisations that pass filter, by
// id, skipping offset and returning at most limit, with the number that
// pass in all.
func AdminOrganisations(ctx context.Context, q db.Querier, siteID int64, filter OrgFilter, offset, limit int) ([]OrgRow, int, error) {
	where := `site_id = ?`
	switch filter {
	case OrgsUnverified:
		where += ` AND verified = ?`
	case OrgsPending:
		where += ` AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = organisations.id AND m.status = ?)`
	}
	args := []any{siteID}
	switch filter {
	case OrgsUnverified:
		args = append(args, false)
	case OrgsPending:
		args = append(args, MembershipPending)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count organisations: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+orgColumns+`,
			(SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = organisations.id AND m.status = ?),
			(SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = organisations.id AND m.status = ?)
		FROM organisations WHERE `+where+` ORDER BY id LIMIT ? OFFSET ?`,
		append(append([]any{MembershipPending, MembershipActive}, args...), limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []OrgRow
	for rows.Next() {
		var r OrgRow
		o := &r.Organisation
		if err := rows.Scan(&o.ID, &o.SiteID, &o.Slug, &o.Kind, &o.Name, &o.Acronym, &o.Description, &o.Website,
			&o.Verified, &o.VerifiedAt, &o.UpdatedAt, &o.RegistrationNumber, &o.RegistrationDate, &o.Seat, &o.Version,
			&r.Pending, &r.Active); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}
