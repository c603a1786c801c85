package account

import (
	"context"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/webform"
)

// OrganisationChoices returns a site's organisations as the options of an
// administration form's select ("Name (ACRONYM)" in the locale), and the
// set of their ids to check a posted value against. The plan, event and
// forum forms all pick organisations this way.
func OrganisationChoices(ctx context.Context, q db.Querier, siteID int64, l i18n.Locale) ([]webform.Option, map[int64]bool, error) {
	orgs, err := Organisations(ctx, q, siteID, 0, 10000)
	if err != nil {
		return nil, nil, err
	}
	opts := make([]webform.Option, 0, len(orgs))
	known := make(map[int64]bool, len(orgs))
	for _, o := range orgs {
		label := o.Name.In(l)
		if o.Acronym != "" {
			label += " (" + o.Acronym + ")"
		}
		opts = append(opts, webform.Option{Value: strconv.FormatInt(o.ID, 10), Label: label})
		known[o.ID] = true
	}
	return opts, known, nil
}
