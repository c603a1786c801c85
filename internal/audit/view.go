package audit

import (
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// EntryView is an entry as the ledger page shows it.
type EntryView struct {
	*Entry
	Local     time.Time // At in the site's time zone
	ISO       string    // At for <time datetime>
	ShortHash string
	Link      string // the public page of the entity, "" when it has none
	// Links to the commitment or organisation the entry concerns, when that
	// is not the entity itself.
	CommitmentLink, OrganisationLink string
	// Reading is the entry in the reader's language: its sentence and its
	// fields named and shown for people (see Read).
	Reading Reading
}

// newView prepares e for the page of reader p; ref is the reference of the
// commitment the entry concerns, "" when unknown.
func newView(e *Entry, loc *time.Location, p *i18n.Printer, ref string) EntryView {
	v := EntryView{Entry: e, Local: e.At.In(loc), ISO: e.At.UTC().Format(time.RFC3339), ShortHash: e.Hash,
		Reading: Read(e, p, loc, ref)}
	if len(v.ShortHash) > 12 {
		v.ShortHash = v.ShortHash[:12]
	}
	id := strconv.FormatInt(e.EntityID, 10)
	// A deleted record's page is gone; only link to what still may exist.
	switch {
	case e.Entity == "commitment" && e.Action != ActionDelete:
		v.Link = "/commitments/" + id
	case e.Entity == "organisation" && e.Action != ActionDelete:
		v.Link = "/organisations/" + id
	}
	if e.CommitmentID != nil && e.Entity != "commitment" {
		v.CommitmentLink = "/commitments/" + strconv.FormatInt(*e.CommitmentID, 10)
	}
	if e.OrganisationID != nil && e.Entity != "organisation" {
		v.OrganisationLink = "/organisations/" + strconv.FormatInt(*e.OrganisationID, 10)
	}
	return v
}
