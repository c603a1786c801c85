package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
)

// Comments on news posts and events.
//
// "news": guests may comment (name and an email address confirmed by a
// link, never published), no stance. The thread is public while the post is
// published, and takes new comments while the post's comments are open.
//
// "event": signed-in people only, no stance. Every event is public; its
// thread takes new comments until 30 days after the event ends
// (event.CommentsOpen), then stays readable.
func newsEventComments(kinds *comment.Kinds, d *db.DB, now func() time.Time) error {
	err := kinds.Register(comment.Kind{Name: "news", Guests: true, URL: news.ThreadURL,
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			title, url, open, err := news.Commentable(ctx, d.R(), siteID, id, now())
			if err != nil {
				return nil, err
			}
			return &comment.Subject{Title: title, URL: url, Closed: !open}, nil
		}})
	if err != nil {
		return err
	}
	return kinds.Register(comment.Kind{Name: "event", URL: func(id int64) string { return "/events/" + strconv.FormatInt(id, 10) },
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			title, open, err := event.Commentable(ctx, d.R(), siteID, id, now())
			if err != nil {
				return nil, err
			}
			return &comment.Subject{Title: title, Closed: !open}, nil
		}})
}

// newsThreads lets the article page embed its thread and the news pages and
// API show the engine's comment counts.
func newsThreads(c *comment.Service) news.Threads {
	return news.Threads{
		Thread: func(r *http.Request, id int64) (any, int, error) {
			v, err := c.Thread(r.Context(), r, comment.Target{Kind: "news", ID: id}, "")
			if err != nil {
				return nil, 0, err
			}
			return v, v.Total, nil
		},
		Counts: func(ctx context.Context, ids []int64) (map[int64]int, error) { return c.Counts(ctx, "news", ids) },
	}
}

// eventThread lets the event page embed its thread.
func eventThread(c *comment.Service) event.Thread {
	return func(r *http.Request, id int64) (any, error) { return c.Embed(r, "event", id) }
}
