// Package audit is the public, hash-chained ledger of the changes officials
// make: every create, update or delete of the plan, the organisations, the
// accounts and the site's settings is appended, in the transaction of the
// change itself, as one entry that names who did what, when, and the fields
// before and after.
//
// Entries of a site form a chain: each carries its sequence number (1, 2, 3,
// … without gaps), the hash of the entry before it, and its own SHA-256 hash
// over a documented encoding of all its fields (see Encode and
// docs/audit.md). Anyone can download the ledger (GET /audit/download) and
// recompute every hash: an altered entry no longer matches its hash, and a
// removed or reordered one breaks the chain. Verify does exactly that, and
// "infitah audit verify" runs it from the command line.
package audit

import (
	"fmt"
	"slices"
)

// Actions an entry may record.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// Actions lists every action, in display order.
var Actions = []string{ActionCreate, ActionUpdate, ActionDelete}

// Entities lists every kind of record an entry may be about. Each has a
// label in the catalogue (audit.entity.<name>).
var Entities = []string{
	"plan", "commitment", "milestone", "progress_update", "assessment", "organisation",
	"user", "membership", "site", "api_token", "file",
	"consultation", "proposal", "proposal_response",
	"comment",
	"news_post", "event",
	"forum", "forum_member", "forum_meeting",
	"document",
	"petition",
	"budget", "budget_text",
}

// Change is one change to append to the ledger with Record.
//
// Before and After are the record's fields before and after the change (nil
// for none: a creation has no Before, a deletion no After); callers may pass
// whole structs or maps, or the halves returned by Diff to keep only the
// changed fields. They are marshalled to canonical JSON (keys sorted), and
// keys that could hold personal or secret data are removed at any depth as
// a safety net (see Sensitive). The ledger is public: callers still must
// not put emails, password or token hashes, tokens or phone numbers in them.
//
// When Entity is "commitment" (or "organisation") and CommitmentID (or
// OrganisationID) is nil, Record sets it to EntityID, so that the ledger's
// filters by commitment and by organisation find the entry.
type Change struct {
	ActorID        int64  // the official's user id; 0 for the system (a command, an import without a user)
	ActorName      string // their public name at the time of the change
	Action         string // "create" | "update" | "delete"
	Entity         string // one of Entities
	EntityID       int64
	CommitmentID   *int64
	OrganisationID *int64
	Summary        string // one line for people, e.g. "Commitment C1: status set to completed"
	Before, After  any    // marshalled to JSON; nil for none
}

func (c *Change) validate() error {
	if !slices.Contains(Actions, c.Action) {
		return fmt.Errorf("audit: unknown action %q (want one of %v)", c.Action, Actions)
	}
	if !slices.Contains(Entities, c.Entity) {
		return fmt.Errorf("audit: unknown entity %q (want one of %v)", c.Entity, Entities)
	}
	if c.EntityID <= 0 {
		return fmt.Errorf("audit: %s %s: entity id %d is not a record id", c.Action, c.Entity, c.EntityID)
	}
	if c.ActorID < 0 {
		return fmt.Errorf("audit: negative actor id %d", c.ActorID)
	}
	return nil
}
