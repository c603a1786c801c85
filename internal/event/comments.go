package event

import (
	"context"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Comments on events. The event feature does not know the comment engine: a
// thread on an event is the kind "event" with the event's id, the server
// registers that kind with Commentable as its lookup and gives the Handler a
// function that embeds the thread (Handler.Thread).

// CommentsAfter is how long after an event ends its thread still takes new
// comments: the discussion runs from the announcement through the event to
// the follow-up of its conclusions, then the thread stays readable as part of
// the event's record.
const CommentsAfter = 30 * 24 * time.Hour

// CommentsOpen reports whether the thread of an event that ends at endsAt
// takes new comments at now: until CommentsAfter past its end.
func CommentsOpen(endsAt, now time.Time) bool { return now.Before(endsAt.Add(CommentsAfter)) }

// Commentable returns what a thread shows of the site's event id: its title
// and whether comments are open at now (CommentsOpen). db.ErrNotFound when
// the site has no such event. It is one indexed read, asked on every view of
// the event's page.
func Commentable(ctx context.Context, q db.Querier, siteID, id int64, now time.Time) (title i18n.Text, open bool, err error) {
	var ends db.Timestamp
	err = q.QueryRowContext(ctx, `SELECT title, ends_at FROM events WHERE id = ? AND site_id = ?`, id, siteID).Scan(&title, &ends)
	if err != nil {
		return nil, false, db.NotFound(err)
	}
	return title, CommentsOpen(ends.Time, now), nil
}

// Thread returns the first page of the thread on event id, as the
// "comment_thread" partial takes it.
type Thread func(r *http.Request, id int64) (any, error)
