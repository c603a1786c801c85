package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Topic is the db signal Publish raises, so the mail worker of this
// process composes instant notifications as soon as the transaction
// commits.
const Topic = "notify.event"

// Event is something that happened to a target. See the package
// documentation for the contract of Publish.
type Event struct {
	SiteID    int64
	Kind      string    // one of Kinds
	Target    Target    // whose followers are told
	Title     i18n.Text // the target's title, shown in each recipient's language
	URL       string    // path on the site of what happened, e.g. "/commitments/12"
	ActorID   int64     // who did it: never notified; 0 when nobody in particular
	ActorName string    // the actor's public name, or ""
	Excerpt   i18n.Text // optional short extract (an update's text, a reply)
	To        []int64   // explicit recipients besides the followers
	// OnlyTo tells only To, not the target's followers: a reply to a
	// comment concerns the author of that comment, not everyone who
	// follows the commitment it is under.
	OnlyTo bool
}

// ErrInvalidEvent is wrapped by Publish for an event it refuses.
var ErrInvalidEvent = errors.New("notify: invalid event")

func (e *Event) validate() error {
	switch {
	case e.SiteID <= 0:
		return fmt.Errorf("%w: no site", ErrInvalidEvent)
	case !validKind(e.Kind):
		return fmt.Errorf("%w: unknown kind %q", ErrInvalidEvent, e.Kind)
	case !validTargetKind(e.Target.Kind) || e.Target.ID <= 0:
		return fmt.Errorf("%w: bad target %q", ErrInvalidEvent, e.Target)
	case !strings.HasPrefix(e.URL, "/") || strings.HasPrefix(e.URL, "//") || strings.ContainsAny(e.URL, "\\\r\n\t "):
		return fmt.Errorf("%w: URL %q is not a path", ErrInvalidEvent, e.URL)
	}
	return nil
}

// maxExcerpt bounds the excerpt kept per locale, in characters.
const maxExcerpt = 280

// Publish records, in tx, one notification per recipient of e: the
// followers of e.Target plus e.To, each once, never e.ActorID, only people
// of the site who are verified, not deleted, and have not turned
// notifications off. Emails are composed after tx commits (see the package
// documentation). It returns an error wrapping ErrInvalidEvent for an
// invalid event, or a database error.
func Publish(ctx context.Context, tx *db.Tx, e Event) error {
	if err := e.validate(); err != nil {
		return err
	}
	excerpt := i18n.Text{}
	for l, s := range e.Excerpt {
		excerpt[l] = shorten(s, maxExcerpt)
	}
	who := `u.id IN (SELECT f.user_id FROM follows f WHERE f.site_id = ? AND f.target_kind = ? AND f.target_id = ?)`
	args := []any{e.SiteID, e.SiteID, e.Target.Kind, e.Target.ID}
	if e.OnlyTo {
		who, args = `1 = 0`, []any{e.SiteID}
	}
	if len(e.To) > 0 {
		who += ` OR u.id IN (` + db.Placeholders(len(e.To)) + `)`
		for _, id := range e.To {
			args = append(args, id)
		}
	}
	args = append(args, e.ActorID)
	rows, err := tx.QueryContext(ctx, `SELECT u.id, COALESCE(s.frequency, 'instant') FROM users u
		LEFT JOIN notify_settings s ON s.user_id = u.id
		WHERE u.site_id = ? AND u.deleted_at IS NULL AND u.email_verified_at IS NOT NULL
		AND (`+who+`)
		AND u.id <> ? ORDER BY u.id`, args...)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	type to struct {
		id   int64
		freq Frequency
	}
	var list []to
	for rows.Next() {
		var r to
		if err := rows.Scan(&r.id, &r.freq); err != nil {
			rows.Close()
			return fmt.Errorf("publish: %w", err)
		}
		if r.freq != Never && r.freq.Valid() {
			list = append(list, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	now := db.Timestamp{Time: tx.Now()}
	title := e.Title
	if title == nil {
		title = i18n.Text{}
	}
	for _, r := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications
			(site_id, user_id, kind, target_kind, target_id, title, excerpt, url, actor_name, frequency, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.SiteID, r.id, e.Kind, e.Target.Kind, e.Target.ID, title, excerpt, e.URL, shorten(e.ActorName, 120), r.freq, now); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	if len(list) > 0 {
		tx.Signal(Topic)
	}
	return nil
}

// shorten cuts s to at most n characters, on a word boundary when it can,
// with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
