package news

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// What the comment engine needs of a post, without this package knowing
// the engine: a thread on a news post is the kind "news" with the post's id.

// Threads embeds a post's comment thread in its page and counts the comments
// of posts. The news feature does not know the comment engine: the server
// gives the Handler these functions. The counts are the engine's own (kept in
// the transaction that shows or hides a comment), so they are always exact.
type Threads struct {
	// Thread returns the first page of post id's thread, as the
	// "comment_thread" partial takes it, and how many comments it shows.
	Thread func(r *http.Request, id int64) (thread any, count int, err error)
	// Counts returns how many comments each of the posts shows (an absent
	// id has none).
	Counts func(ctx context.Context, ids []int64) (map[int64]int, error)
}

// ThreadURL is the address of post id's thread that does not depend on its
// slug: it redirects to the article (/news/{slug}#comments). The comment
// engine sends people there after they post.
func ThreadURL(id int64) string { return "/news/posts/" + strconv.FormatInt(id, 10) }

// Commentable returns what a thread shows of the site's post id: its title,
// its page, and whether comments are open. A post not public at now is
// db.ErrNotFound, so nobody comments on a draft or a scheduled post. It is
// one indexed read: the article page asks it on every view.
func Commentable(ctx context.Context, q db.Querier, siteID, id int64, now time.Time) (title i18n.Text, url string, open bool, err error) {
	var p Post
	err = q.QueryRowContext(ctx, `SELECT title, slug, published_at, comments_open FROM news_posts WHERE id = ? AND site_id = ?`,
		id, siteID).Scan(&p.Title, &p.Slug, &p.PublishedAt, &p.CommentsOpen)
	if err != nil {
		return nil, "", false, db.NotFound(err)
	}
	if !p.PublicAt(now) {
		return nil, "", false, db.ErrNotFound
	}
	return p.Title, "/news/" + p.Slug, p.CommentsOpen, nil
}

// SetCommentCount records how many visible comments post id has in the
// post's comment_count column. The pages and the API read the comment
// engine's counts instead (Threads.Counts); this stays for tools that write
// the column directly.
func SetCommentCount(ctx context.Context, tx *db.Tx, id int64, n int) error {
	_, err := tx.ExecContext(ctx, `UPDATE news_posts SET comment_count = ? WHERE id = ?`, max(0, n), id)
	return err
}
