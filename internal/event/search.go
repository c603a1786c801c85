package event

import (
	"context"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// Events in the search index, with their description, agenda and minutes,
// written in the same transaction as the event.
func indexEvent(ctx context.Context, tx *db.Tx, e *Event) error {
	var org int64
	if len(e.Organisers) > 0 {
		org = e.Organisers[0].ID
	}
	body := i18n.Join(e.Description, e.Place, e.Agenda, e.Minutes)
	// Its photos and documents are found with it, as documents.
	parent := "event:" + strconv.FormatInt(e.ID, 10)
	if err := search.RemoveChildren(ctx, tx, e.SiteID, parent); err != nil {
		return err
	}
	for _, f := range append(append([]File{}, e.Documents...), e.Photos...) {
		u := f.URL
		if u == "" && f.Hash != "" {
			u = "/files/" + f.Hash
		}
		if u == "" {
			continue
		}
		title := f.Title
		if len(title) == 0 {
			title = i18n.Text{i18n.Default: f.Name}
		}
		if err := search.Index(ctx, tx, search.Doc{
			SiteID: e.SiteID, Kind: "document", RefID: search.DocumentID(parent, u), Parent: parent, URL: u,
			Title: title, Body: e.Title, Date: e.StartsAt.Time, OrgID: org,
		}); err != nil {
			return err
		}
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: e.SiteID, Kind: "event", RefID: e.ID, URL: "/events/" + strconv.FormatInt(e.ID, 10),
		Title: e.Title, Body: body, Date: e.StartsAt.Time, OrgID: org,
	})
}

// Reindex puts the site's events in the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	es, err := List(ctx, tx, siteID, Filter{Limit: 1_000_000})
	if err != nil {
		return err
	}
	for i := range es {
		es[i].SiteID = siteID
		if err := indexEvent(ctx, tx, &es[i]); err != nil {
			return err
		}
	}
	return nil
}
