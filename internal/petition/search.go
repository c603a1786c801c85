package petition

import (
	"context"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// indexPetition puts a public petition in the search index (its texts are
// in the language its agent wrote them: indexed as Arabic, the default,
// whose analyzer folds French and English too), in the transaction that
// publishes or changes it. Drafts are never indexed.
func indexPetition(ctx context.Context, tx *db.Tx, p *Petition) error {
	if !p.State.Public() {
		return search.Remove(ctx, tx, p.SiteID, "petition", p.ID)
	}
	body := strings.Join([]string{p.Object, p.Reasons, p.AgendaItem, p.Decision, p.Deliberation}, "\n")
	date := p.OpensAt.Time
	if date.IsZero() {
		date = p.CreatedAt.Time
	}
	return search.Index(ctx, tx, search.Doc{SiteID: p.SiteID, Kind: "petition", RefID: p.ID, URL: "/petitions/" + itoa(p.ID),
		Title: i18n.Text{i18n.Default: p.Title}, Body: i18n.Text{i18n.Default: body}, Date: date})
}

// Reindex puts the site's public petitions in the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	ps, err := List(ctx, tx, siteID, Filter{Limit: 500, Oldest: true})
	for err == nil && len(ps) > 0 {
		for i := range ps {
			if err := indexPetition(ctx, tx, &ps[i]); err != nil {
				return err
			}
		}
		if len(ps) < 500 {
			break
		}
		ps, err = List(ctx, tx, siteID, Filter{Limit: 500, Oldest: true, After: ps[len(ps)-1].ID})
	}
	return err
}
