package forum

import (
	"context"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// Forum meetings in the search index, with their documents, written in the
// same transaction as the meeting.
func indexMeeting(ctx context.Context, tx *db.Tx, m *Meeting) error {
	parent := "meeting:" + strconv.FormatInt(m.ID, 10)
	if err := search.RemoveChildren(ctx, tx, m.SiteID, parent); err != nil {
		return err
	}
	for _, f := range m.Documents {
		u := "/files/" + f.Hash
		if err := search.Index(ctx, tx, search.Doc{
			SiteID: m.SiteID, Kind: "document", RefID: search.DocumentID(parent, u), Parent: parent, URL: u,
			Title: i18n.Text{i18n.Default: f.Name}, Body: m.Title, Date: m.StartsAt.Time,
		}); err != nil {
			return err
		}
	}
	body := i18n.Join(m.Place, m.Agenda, m.Minutes, m.Decisions)
	return search.Index(ctx, tx, search.Doc{
		SiteID: m.SiteID, Kind: "meeting", RefID: m.ID, URL: "/forum/meetings/" + strconv.FormatInt(m.ID, 10),
		Title: m.Title, Body: body, Date: m.StartsAt.Time,
	})
}

// Reindex puts the site's forum meetings in the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	ms, err := Meetings(ctx, tx, siteID)
	if err != nil {
		return err
	}
	for i := range ms {
		ms[i].SiteID = siteID
		if err := indexMeeting(ctx, tx, &ms[i]); err != nil {
			return err
		}
	}
	return nil
}
