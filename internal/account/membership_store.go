package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// membershipStatus returns the status of userID's request to join orgID, or
// "" when there is none.
func membershipStatus(ctx context.Context, q db.Querier, userID, orgID int64) (MembershipStatus, error) {
	var s MembershipStatus
	err := q.QueryRowContext(ctx, `SELECT status FROM memberships WHERE user_id = ? AND organisation_id = ?`, userID, orgID).Scan(&s)
	if err = db.NotFound(err); errors.Is(err, db.ErrNotFound) {
		return "", nil
	}
	return s, err
}

// RequestMembership records userID's request to join orgID, pending an
// administrator's decision. Both must belong to the site (db.ErrNotFound
// otherwise). A person has one request per organisation: asking again
// changes nothing and created is false.
func RequestMembership(ctx context.Context, tx *db.Tx, siteID, userID, orgID int64) (created bool, err error) {
	var n int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations o, users u
		WHERE o.site_id = ? AND o.id = ? AND u.site_id = ? AND u.id = ? AND u.deleted_at IS NULL`,
		siteID, orgID, siteID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("request membership: %w", err)
	}
	if n == 0 {
		return false, db.ErrNotFound
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organisation_id, status, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (user_id, organisation_id) DO NOTHING`,
		userID, orgID, MembershipPending, db.Timestamp{Time: tx.Now()})
	if err != nil {
		return false, fmt.Errorf("request membership: %w", err)
	}
	rows, err := res.RowsAffected()
	return rows == 1, err
}

const membershipSelect = `SELECT m.user_id, u.name, u.email, u.deleted_at IS NOT NULL, m.organisation_id, o.name,
		m.status, m.created_at, m.decided_at
	FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id`

func collectMemberships(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]Membership, error) {
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.UserID, &m.UserName, &m.Email, &m.UserDeleted, &m.OrganisationID, &m.OrgName,
			&m.Status, &m.CreatedAt, &m.DecidedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MembershipsOfOrganisation lists the requests and members of one of the
// site's organisations, oldest request first.
func MembershipsOfOrganisation(ctx context.Context, q db.Querier, siteID, orgID int64) ([]Membership, error) {
	rows, err := q.QueryContext(ctx, membershipSelect+` WHERE o.site_id = ? AND o.id = ? AND u.site_id = ?
		ORDER BY m.created_at, m.user_id`, siteID, orgID, siteID)
	if err != nil {
		return nil, fmt.Errorf("memberships of organisation: %w", err)
	}
	return collectMemberships(rows)
}

// MembershipsOfUser lists the organisations one of the site's users asked
// to join or belongs to.
func MembershipsOfUser(ctx context.Context, q db.Querier, siteID, userID int64) ([]Membership, error) {
	rows, err := q.QueryContext(ctx, membershipSelect+` WHERE u.site_id = ? AND u.id = ? AND o.site_id = ?
		ORDER BY m.created_at, m.organisation_id`, siteID, userID, siteID)
	if err != nil {
		return nil, fmt.Errorf("memberships of user: %w", err)
	}
	return collectMemberships(rows)
}

// membershipOf returns one membership of the site, or db.ErrNotFound.
func membershipOf(ctx context.Context, q db.Querier, siteID, userID, orgID int64) (*Membership, error) {
	rows, err := q.QueryContext(ctx, membershipSelect+` WHERE o.site_id = ? AND u.site_id = ?
		AND m.user_id = ? AND m.organisation_id = ?`, siteID, siteID, userID, orgID)
	if err != nil {
		return nil, fmt.Errorf("membership: %w", err)
	}
	ms, err := collectMemberships(rows)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, db.ErrNotFound
	}
	return &ms[0], nil
}

// activeMemberships counts userID's active memberships.
func activeMemberships(ctx context.Context, q db.Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = ? AND status = ?`,
		userID, MembershipActive).Scan(&n)
	return n, err
}

// DecideMembership applies an administrator's action to userID's
// membership of orgID, both of the site, and records it in the audit ledger
// with any change of role that follows: approving makes a citizen an
// organisation member; removing a plain member from their last organisation
// makes them a citizen again. The ledger names the person by id only. It
// returns db.ErrNotFound for no such membership, ErrNoChange when the action
// changes nothing, and ErrBadAction when it does not apply (rejecting an
// active member: remove them instead).
func DecideMembership(ctx context.Context, tx *db.Tx, siteID int64, actor *auth.User, userID, orgID int64, action MembershipAction) error {
	m, err := membershipOf(ctx, tx, siteID, userID, orgID)
	if err != nil {
		return err
	}
	next, remove, err := NextMembership(m.Status, action)
	if err != nil {
		return err
	}
	now := db.Timestamp{Time: tx.Now()}
	before := map[string]any{"user_id": userID, "organisation_id": orgID, "status": m.Status}
	var after map[string]any
	if remove {
		_, err = tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = ? AND organisation_id = ?`, userID, orgID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET status = ?, decided_at = ? WHERE user_id = ? AND organisation_id = ?`,
			next, now, userID, orgID)
		after = map[string]any{"user_id": userID, "organisation_id": orgID, "status": next}
	}
	if err != nil {
		return fmt.Errorf("decide membership: %w", err)
	}
	verb, summary := "update", "membership "+string(next)
	if remove {
		verb, summary = "delete", "membership removed"
	}
	if err := record(ctx, tx, siteID, actor, verb, "membership", userID, &orgID, summary, before, after); err != nil {
		return err
	}
	if m.UserDeleted {
		return nil
	}
	u, err := UserSummaryByID(ctx, tx, siteID, userID)
	if err != nil {
		return err
	}
	role := u.Role
	switch {
	case next == MembershipActive:
		role = RoleAfterApproval(u.Role)
	case m.Status == MembershipActive:
		others, err := activeMemberships(ctx, tx, userID)
		if err != nil {
			return err
		}
		role = RoleAfterRemoval(u.Role, others)
	}
	if role == u.Role {
		return nil
	}
	return setRole(ctx, tx, siteID, actor, userID, u.Role, role, "role changed with a membership")
}
