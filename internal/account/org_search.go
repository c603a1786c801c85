package account

import (
	"context"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// indexOrganisation puts an organisation's public profile in the search
// index, in the transaction that writes it. The registration details stay
// out: only the profile the public page shows is searchable.
func indexOrganisation(ctx context.Context, tx *db.Tx, o *Organisation) error {
	title := o.Name
	if o.Acronym != "" {
		title = make(i18n.Text, len(o.Name))
		for l, s := range o.Name {
			title[l] = s + " (" + o.Acronym + ")"
		}
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: o.SiteID, Kind: "organisation", RefID: o.ID, URL: "/organisations/" + strconv.FormatInt(o.ID, 10),
		Title: title, Body: o.Description, OrgID: o.ID, Date: o.UpdatedAt.Time,
	})
}

// ReindexOrganisations puts every organisation of the site in the index.
func ReindexOrganisations(ctx context.Context, tx *db.Tx, siteID int64) error {
	os, err := Organisations(ctx, tx, siteID, 0, 1_000_000)
	if err != nil {
		return err
	}
	for i := range os {
		os[i].SiteID = siteID
		if err := indexOrganisation(ctx, tx, &os[i]); err != nil {
			return err
		}
	}
	return nil
}
