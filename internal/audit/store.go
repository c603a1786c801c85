package audit

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

const entryColumns = `id, site_id, seq, at, actor_id, actor_name, action, entity, entity_id, commitment_id,
	organisation_id, summary, before_data, after_data, prev_hash, hash`

func scanEntry(row interface{ Scan(...any) error }) (*Entry, error) {
	var e Entry
	var at db.Timestamp
	var actor, commitment, org sql.NullInt64
	err := row.Scan(&e.ID, &e.SiteID, &e.Seq, &at, &actor, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
		&commitment, &org, &e.Summary, &e.BeforeData, &e.AfterData, &e.PrevHash, &e.Hash)
	if err != nil {
		return nil, db.NotFound(err)
	}
	e.At = at.Time
	e.ActorID, e.CommitmentID, e.OrganisationID = ptr(actor), ptr(commitment), ptr(org)
	return &e, nil
}

func ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

// Filter narrows the ledger to the entries about one commitment (its
// milestones and updates included, when their callers set CommitmentID) or
// one organisation. Zero means no filter.
type Filter struct {
	Commitment   int64
	Organisation int64
}

// List returns up to limit entries of the site, newest first, with a
// sequence number below beforeSeq (0: from the newest).
func List(ctx context.Context, q db.Querier, siteID int64, f Filter, beforeSeq int64, limit int) ([]Entry, error) {
	query := `SELECT ` + entryColumns + ` FROM audit_entries WHERE site_id = ?`
	args := []any{siteID}
	if f.Commitment != 0 {
		query += ` AND commitment_id = ?`
		args = append(args, f.Commitment)
	}
	if f.Organisation != 0 {
		query += ` AND organisation_id = ?`
		args = append(args, f.Organisation)
	}
	if beforeSeq > 0 {
		query += ` AND seq < ?`
		args = append(args, beforeSeq)
	}
	query += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// ByID returns the site's entry with that id, or db.ErrNotFound.
func ByID(ctx context.Context, q db.Querier, siteID, id int64) (*Entry, error) {
	return scanEntry(q.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM audit_entries WHERE site_id = ? AND id = ?`,
		siteID, id))
}

// Each calls fn with every entry of the site in sequence order, from one
// query (so from one consistent view of the ledger), stopping at fn's first
// error.
func Each(ctx context.Context, q db.Querier, siteID int64, fn func(*Entry) error) error {
	rows, err := q.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_entries WHERE site_id = ? ORDER BY seq`, siteID)
	if err != nil {
		return fmt.Errorf("audit: read the ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
