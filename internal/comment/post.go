package comment

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"

	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/web"
)

// ConfirmLifetime is how long a guest's confirmation link works.
const ConfirmLifetime = 48 * time.Hour

// refusal is why a write was refused: an HTTP status and a message key per
// field ("" for the request as a whole).
type refusal struct {
	Status int
	Fields map[string]string
}

func refuse(status int, field, key string) *refusal {
	return &refusal{Status: status, Fields: map[string]string{field: key}}
}

// newComment is a comment or reply being posted.
type newComment struct {
	Target   Target
	ParentID int64
	Input
}

// create checks and stores a comment by u (nil for a guest) from the request
// r. It returns the stored comment, or a refusal for input or limits, or an
// error (db.ErrNotFound for an unknown thing or parent).
func (s *Service) create(ctx context.Context, r *http.Request, u *auth.User, in newComment) (*Comment, *refusal, error) {
	kind, subj, err := s.lookup(ctx, in.Target)
	if err != nil {
		return nil, nil, err
	}
	site := web.SiteOf(ctx)
	if subj.Closed {
		return nil, refuse(http.StatusForbidden, "body", "comment.error.closed"), nil
	}
	guest := u == nil
	if guest && !kind.Guests {
		return nil, refuse(http.StatusUnauthorized, "body", "comment.error.sign_in"), nil
	}
	who := ""
	if guest {
		in.GuestEmail = strings.ToLower(strings.TrimSpace(in.GuestEmail))
		who = "e:" + in.GuestEmail
	} else {
		blocked, err := isBlocked(ctx, s.DB.R(), u.ID)
		if err != nil {
			return nil, nil, err
		}
		if blocked {
			return nil, refuse(http.StatusForbidden, "body", "comment.error.blocked"), nil
		}
		who = userKey(u.ID)
		in.GuestName, in.GuestEmail = "", ""
	}
	c := &Comment{SiteID: site.ID, Target: in.Target, Status: Visible, Body: strings.TrimSpace(in.Body), Stance: in.Stance}
	if in.ParentID != 0 {
		parent, err := byID(ctx, s.DB.R(), site.ID, in.ParentID)
		if err != nil {
			return nil, nil, err
		}
		if parent.Target != in.Target {
			return nil, nil, db.ErrNotFound
		}
		if parent.Status != Visible || !CanReply(parent.Depth) {
			return nil, refuse(http.StatusUnprocessableEntity, "body", "comment.error.cannot_reply"), nil
		}
		c.ParentID, c.Depth = parent.ID, parent.Depth+1
	}
	var links int
	c.HTML, links = Render(c.Body)
	fields := Check(in.Input, links, kind.Stance && c.ParentID == 0, guest)
	if len(fields) > 0 {
		return nil, &refusal{Status: http.StatusUnprocessableEntity, Fields: fields}, nil
	}
	if !allow(s.lim().commentIP, s.lim().commentPerson, r, who, time.Now()) ||
		guest && !s.lim().guestMail.Allow(in.GuestEmail, time.Now()) {
		return nil, refuse(http.StatusTooManyRequests, "body", "comment.error.rate_limited"), nil
	}
	if guest {
		c.UserID, c.Author, c.Guest, c.Status = 0, strings.TrimSpace(in.GuestName), true, Pending
	} else {
		c.UserID, c.Author = u.ID, u.Name
	}
	var token string
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		prev, err := lastBody(ctx, tx, site.ID, in.Target, c.UserID, in.GuestEmail)
		if err != nil {
			return err
		}
		if Duplicate(prev, c.Body) {
			return errDuplicate
		}
		if err := insert(ctx, tx, c, in.GuestEmail); err != nil {
			return err
		}
		if err := s.publishReply(ctx, tx, c, subj); err != nil {
			return err
		}
		if guest {
			var hash string
			if token, hash, err = newToken(); err != nil {
				return err
			}
			return insertToken(ctx, tx, c.ID, hash, db.Timestamp{Time: tx.Now().Add(ConfirmLifetime)})
		}
		return nil
	})
	if errors.Is(err, errDuplicate) {
		return nil, refuse(http.StatusUnprocessableEntity, "body", "comment.error.duplicate"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if guest {
		s.sendConfirmation(ctx, r, in.GuestEmail, token)
	}
	return c, nil, nil
}

var errDuplicate = errors.New("comment: same text twice in a row")

// newToken returns a random link token and its SHA-256, which is all the
// database keeps.
func newToken() (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, hashToken(plain), nil
}

func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// sendConfirmation mails the guest the link that publishes their comment. A
// failure is logged: a moderator may still approve the comment.
func (s *Service) sendConfirmation(ctx context.Context, r *http.Request, to, token string) {
	if s.Mail == nil {
		return
	}
	l := web.Locale(ctx)
	p := s.Catalog.Printer(l)
	siteName := web.SiteOf(ctx).Name.In(l)
	if siteName == "" {
		siteName = p.T("site.name")
	}
	link := s.siteURL(r, "/comments/confirm", "token", token)
	m := mail.Message{To: []string{to}, Subject: p.T("comment.mail.subject", "Site", siteName),
		Text: p.T("comment.mail.body", "Site", siteName, "Link", link, "Hours", int(ConfirmLifetime/time.Hour))}
	if err := s.Mail.Send(ctx, m); err != nil && s.Log != nil {
		s.Log.Error("send comment confirmation", "id", web.RequestID(ctx), "err", err)
	}
}

// siteURL is the absolute URL of path on the request's site, from the
// site's configured public URL, never a request header.
func (s *Service) siteURL(r *http.Request, path string, query ...string) string {
	return web.SiteOf(r.Context()).URL(path, query...)
}

// confirm publishes the guest comment whose link token was followed.
func (s *Service) confirm(ctx context.Context, token string) (*Comment, error) {
	site := web.SiteOf(ctx)
	var c *Comment
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := useToken(ctx, tx, site.ID, hashToken(token))
		if err != nil {
			return err
		}
		if c, err = byID(ctx, tx, site.ID, id); err != nil {
			return err
		}
		if c.Status != Pending {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = 'visible' WHERE id = ?`, c.ID); err != nil {
			return err
		}
		if err := syncSearch(ctx, tx, c.SiteID, c.ID); err != nil {
			return err
		}
		if err := bump(ctx, tx, c.SiteID, c.Target, 1); err != nil {
			return err
		}
		if c.ParentID != 0 {
			if err := addReplies(ctx, tx, c.ParentID, 1); err != nil {
				return err
			}
		}
		c.Status = Visible
		return s.publishReply(ctx, tx, c, nil)
	})
	return c, err
}

// changeText applies an author's edit within the window.
func (s *Service) changeText(ctx context.Context, u *auth.User, c *Comment, in Input) (*refusal, error) {
	kind, _, err := s.lookup(ctx, c.Target)
	if err != nil {
		return nil, err
	}
	if r := s.mayChange(ctx, u, c); r != nil {
		return r, nil
	}
	if !CanEdit(c.CreatedAt.Time, time.Now()) {
		return refuse(http.StatusForbidden, "body", "comment.error.edit_window"), nil
	}
	body := strings.TrimSpace(in.Body)
	html, links := Render(body)
	if f := Check(in, links, kind.Stance && c.ParentID == 0, false); len(f) > 0 {
		return &refusal{Status: http.StatusUnprocessableEntity, Fields: f}, nil
	}
	return nil, s.DB.InTx(ctx, func(tx *db.Tx) error { return edit(ctx, tx, c.ID, body, html, in.Stance) })
}

// mayChange refuses an edit or deletion by anyone but the comment's author,
// or by a blocked author.
func (s *Service) mayChange(ctx context.Context, u *auth.User, c *Comment) *refusal {
	if u == nil || c.UserID != u.ID || c.Status != Visible {
		return refuse(http.StatusForbidden, "", "comment.error.not_yours")
	}
	if blocked, err := isBlocked(ctx, s.DB.R(), u.ID); err != nil || blocked {
		return refuse(http.StatusForbidden, "", "comment.error.blocked")
	}
	return nil
}

// castVote records u's vote on c; nobody votes on their own comment.
func (s *Service) castVote(ctx context.Context, r *http.Request, u *auth.User, c *Comment, value int) (*refusal, error) {
	if c.Status != Visible {
		return nil, db.ErrNotFound
	}
	if !CanVote(c.UserID, u.ID) {
		return refuse(http.StatusForbidden, "", "comment.error.own_vote"), nil
	}
	if blocked, err := isBlocked(ctx, s.DB.R(), u.ID); err != nil || blocked {
		if err != nil {
			return nil, err
		}
		return refuse(http.StatusForbidden, "", "comment.error.blocked"), nil
	}
	if !allow(s.lim().voteIP, s.lim().votePerson, r, userKey(u.ID), time.Now()) {
		return refuse(http.StatusTooManyRequests, "", "comment.error.rate_limited"), nil
	}
	return nil, s.DB.InTx(ctx, func(tx *db.Tx) error { return vote(ctx, tx, c.ID, u.ID, value) })
}

// fileReport records u's report on c.
func (s *Service) fileReport(ctx context.Context, r *http.Request, u *auth.User, c *Comment, reason Reason) (*refusal, error) {
	if c.Status != Visible {
		return nil, db.ErrNotFound
	}
	if !ValidReason(reason) {
		return refuse(http.StatusUnprocessableEntity, "reason", "comment.error.reason"), nil
	}
	if blocked, err := isBlocked(ctx, s.DB.R(), u.ID); err != nil || blocked {
		if err != nil {
			return nil, err
		}
		return refuse(http.StatusForbidden, "", "comment.error.blocked"), nil
	}
	if !allow(s.lim().reportIP, s.lim().reportPerson, r, userKey(u.ID), time.Now()) {
		return refuse(http.StatusTooManyRequests, "", "comment.error.rate_limited"), nil
	}
	return nil, s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, _, err := report(ctx, tx, c, u.ID, reason)
		return err
	})
}
