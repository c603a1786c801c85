package plan

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// FollowKind is the notify target kind of a commitment: "commitment:12".
const FollowKind = "commitment"

// FollowTarget is the notify.Lookup of commitments: their title and page.
func FollowTarget(ctx context.Context, q db.Querier, siteID, id int64) (notify.Info, error) {
	var title i18n.Text
	err := q.QueryRowContext(ctx, `SELECT title FROM commitments WHERE site_id = ? AND id = ?`, siteID, id).Scan(&title)
	if err != nil {
		return notify.Info{}, db.NotFound(err)
	}
	return notify.Info{Title: title, URL: commitmentPath(id)}, nil
}

func commitmentPath(id int64) string { return "/commitments/" + itoa(id) }

// publishUpdate tells the followers of c, in tx, that u was posted by the
// person actorID (whose public name is u.Author).
func publishUpdate(ctx context.Context, tx *db.Tx, siteID int64, c *Commitment, u *Update, actorID int64) error {
	err := notify.Publish(ctx, tx, notify.Event{SiteID: siteID, Kind: notify.KindProgress,
		Target: notify.Target{Kind: FollowKind, ID: c.ID}, Title: c.Title,
		URL:     commitmentPath(c.ID) + "#updates",
		ActorID: actorID, ActorName: u.Author, Excerpt: u.Body})
	if err != nil {
		return fmt.Errorf("notify followers: %w", err)
	}
	return nil
}
