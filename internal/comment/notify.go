package comment

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Blocked reports whether the site's moderation has blocked the person:
// other features that take contributions (proposals, supports) ask it too.
func (s *Service) Blocked(ctx context.Context, siteID, userID int64) (bool, error) {
	var at db.Timestamp
	err := s.DB.R().QueryRowContext(ctx, `SELECT blocked_at FROM users WHERE id = ? AND site_id = ?`, userID, siteID).Scan(&at)
	if err = db.NotFound(err); errors.Is(err, db.ErrNotFound) {
		return false, nil // no such person here: nobody to bar
	}
	return !at.IsZero(), err
}

// publishReply tells, in tx, that the reply c is now shown: the author of
// the comment it answers is notified when they have an account — not the
// followers of the thread's thing, whom every reply would flood, and never
// the reply's own author. A reply is told once, when it
// becomes visible: at once for a signed-in person, when a guest confirms
// their address or a moderator approves it. A thing that is no longer
// public is not told about.
func (s *Service) publishReply(ctx context.Context, tx *db.Tx, c *Comment, subj *Subject) error {
	if c.ParentID == 0 || c.Status != Visible {
		return nil
	}
	if subj == nil {
		_, sj, err := s.lookup(ctx, c.Target)
		if errors.Is(err, db.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		subj = sj
	}
	parent, err := byID(ctx, tx, c.SiteID, c.ParentID)
	if err != nil {
		return err
	}
	var to []int64
	if parent.UserID != 0 && parent.Status != Deleted {
		to = []int64{parent.UserID}
	}
	if len(to) == 0 {
		return nil
	}
	err = notify.Publish(ctx, tx, notify.Event{SiteID: c.SiteID, Kind: notify.KindReply,
		Target: notify.Target{Kind: c.Target.Kind, ID: c.Target.ID}, Title: subj.Title,
		URL:     "/comments/" + strconv.FormatInt(parent.ID, 10) + "/replies#comment-" + strconv.FormatInt(c.ID, 10),
		ActorID: c.UserID, ActorName: c.Author, Excerpt: i18n.Text{i18n.Default: plainText(c.HTML)}, To: to, OnlyTo: true})
	if err != nil {
		return fmt.Errorf("notify reply: %w", err)
	}
	return nil
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plainText is the text of a comment's sanitized HTML, for an email.
func plainText(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(h, " "))), " ")
}
