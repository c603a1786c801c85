package account_test

import (
	"slices"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/webform"
	"github.com/infitah/infitah/internal/site"
)

// The administration forms offer a site's organisations by name in the
// reader's language, with the acronym, and know exactly their ids.
func TestOrganisationChoices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		var siteID, other int64
		var ids []int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i, slug := range []string{"tta", "other"} {
				s := &site.Site{Slug: slug, Host: slug + ".example", Name: i18n.Text{i18n.AR: slug}}
				if err := site.Upsert(ctx, tx, s); err != nil {
					return err
				}
				if i == 0 {
					siteID = s.ID
				} else {
					other = s.ID
				}
			}
			for _, o := range []account.Organisation{
				{SiteID: siteID, Slug: "council", Kind: account.Government, Acronym: "CRTTA",
					Name: i18n.Text{i18n.AR: "مجلس الجهة", i18n.FR: "Conseil régional"}},
				{SiteID: siteID, Slug: "impact", Kind: account.Government, Name: i18n.Text{i18n.AR: "جمعية إمباكت"}},
				{SiteID: other, Slug: "elsewhere", Kind: account.Government, Name: i18n.Text{i18n.AR: "أخرى"}},
			} {
				if err := account.UpsertOrganisation(ctx, tx, &o); err != nil {
					return err
				}
				ids = append(ids, o.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		opts, known, err := account.OrganisationChoices(ctx, d.R(), siteID, i18n.FR)
		if err != nil {
			t.Fatal(err)
		}
		labels := make([]string, len(opts))
		for i, o := range opts {
			labels[i] = o.Label
		}
		if !slices.Contains(labels, "Conseil régional (CRTTA)") || !slices.Contains(labels, "جمعية إمباكت") || len(opts) != 2 {
			t.Errorf("options %v", labels)
		}
		if !known[ids[0]] || !known[ids[1]] || known[ids[2]] || len(known) != 2 {
			t.Errorf("known ids %v of %v", known, ids)
		}
		if !slices.Contains(opts, webform.Option{Value: itoa(ids[0]), Label: "Conseil régional (CRTTA)"}) {
			t.Errorf("the option's value is not the id: %+v", opts)
		}
	})
}
