package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// lockClass is the first key of the PostgreSQL advisory lock that
// serializes appends to one site's ledger ("audt" in ASCII); the site id is
// the second.
const lockClass = 0x61756474

// Record appends c to the ledger of site siteID inside tx, the transaction
// of the change itself, so that the change and its entry are committed or
// rolled back together.
//
// Appends to one site are serialized: on PostgreSQL by a transaction-level
// advisory lock keyed by the site (held until tx ends), on SQLite by its
// single writer. The entry gets the next sequence number, tx.Now() as its
// time, the previous entry's hash as prev_hash (ZeroHash for the first),
// and its own hash (see Entry.Encode). Before and After are stored as
// canonical JSON with sensitive keys removed (see Canonical and Sensitive).
//
// On PostgreSQL the lock makes every other append to the site wait until
// tx ends: record late in the transaction, and never wait, while tx is
// open, for another transaction that records for the same site.
func Record(ctx context.Context, tx *db.Tx, siteID int64, c Change) error {
	if err := c.validate(); err != nil {
		return err
	}
	if siteID <= 0 {
		return fmt.Errorf("audit: site id %d", siteID)
	}
	before, err := Canonical(c.Before)
	if err != nil {
		return err
	}
	after, err := Canonical(c.After)
	if err != nil {
		return err
	}
	if c.Entity == "commitment" && c.CommitmentID == nil {
		c.CommitmentID = &c.EntityID
	}
	if c.Entity == "organisation" && c.OrganisationID == nil {
		c.OrganisationID = &c.EntityID
	}
	if tx.Dialect() == db.Postgres {
		// A lock collision between two sites (ids equal modulo 2^32) would
		// only serialize them more; it never breaks a chain.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(CAST(? AS integer), CAST(? AS integer))`,
			lockClass, int32(siteID)); err != nil {
			return fmt.Errorf("audit: lock the ledger: %w", err)
		}
	}
	e := Entry{
		SiteID: siteID, At: tx.Now().UTC().Truncate(time.Microsecond), ActorName: c.ActorName,
		Action: c.Action, Entity: c.Entity, EntityID: c.EntityID, CommitmentID: c.CommitmentID,
		OrganisationID: c.OrganisationID, Summary: c.Summary, BeforeData: before, AfterData: after,
		PrevHash: ZeroHash,
	}
	if c.ActorID != 0 {
		e.ActorID = &c.ActorID
	}
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_entries WHERE site_id = ? ORDER BY seq DESC LIMIT 1`,
		siteID).Scan(&e.Seq, &e.PrevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit: last entry: %w", err)
	}
	e.Seq++
	e.Hash = e.ComputeHash()
	err = tx.QueryRowContext(ctx, `INSERT INTO audit_entries (site_id, seq, at, actor_id, actor_name, action, entity,
		entity_id, commitment_id, organisation_id, summary, before_data, after_data, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.SiteID, e.Seq, db.Timestamp{Time: e.At}, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID,
		e.CommitmentID, e.OrganisationID, e.Summary, e.BeforeData, e.AfterData, e.PrevHash, e.Hash).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("audit: append %s %s %d: %w", c.Action, c.Entity, c.EntityID, err)
	}
	return nil
}
