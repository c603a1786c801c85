package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/platform/web"
)

// Service turns notifications into emails: instant ones as soon as they
// are published, digests at their time. Its Jobs run in the mail worker.
type Service struct {
	DB      *db.DB
	Outbox  *outbox.Outbox
	Catalog *i18n.Catalog
	// Origin gives the origin of the links of a site, from its configured
	// public URL (site.Resolver.PublicURL); "http://localhost:8080" when nil.
	Origin func(siteID int64) string
	Log    *slog.Logger

	mu        sync.Mutex
	lastPurge time.Time
}

// Jobs are the Service's work for the mail worker: composing instant
// notifications (woken by Publish's commit) and due digests.
func (s *Service) Jobs() []outbox.Job {
	return []outbox.Job{
		{Name: "notify instant", Topic: Topic, Run: s.SendInstant},
		{Name: "notify digests", Run: s.SendDigests},
		{Name: "notify purge", Run: s.Purge},
	}
}

// Retention of what the emails no longer need.
const (
	keepTokens = 365 * 24 * time.Hour // an unsubscribe link works for a year
	keepSent   = 90 * 24 * time.Hour  // sent notifications
)

// Purge deletes unsubscribe tokens older than a year and notifications sent
// more than 90 days ago; it does so at most hourly.
func (s *Service) Purge(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	if !s.lastPurge.IsZero() && now.Sub(s.lastPurge) < time.Hour && now.After(s.lastPurge) {
		s.mu.Unlock()
		return nil
	}
	s.lastPurge = now
	s.mu.Unlock()
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_unsubscribe WHERE created_at < ?`, db.Timestamp{Time: now.Add(-keepTokens)}); err != nil {
			return fmt.Errorf("purge tokens: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE sent_at IS NOT NULL AND sent_at < ?`, db.Timestamp{Time: now.Add(-keepSent)}); err != nil {
			return fmt.Errorf("purge notifications: %w", err)
		}
		return nil
	})
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

// batch is how many instant notifications one transaction composes.
const batch = 50

// SendInstant queues an email for every unsent instant notification.
func (s *Service) SendInstant(ctx context.Context, now time.Time) error {
	sites, err := s.sites(ctx)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		n := 0
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			ns, err := claimInstant(ctx, tx, batch)
			if err != nil {
				return err
			}
			n = len(ns)
			for _, x := range ns {
				r, err := recipientByID(ctx, tx, x.UserID)
				if err != nil {
					return err
				}
				if !r.Active || r.Frequency == Never {
					continue
				}
				m, err := s.instantMail(ctx, tx, sites[x.SiteID], r, x, now)
				if err != nil {
					return err
				}
				if err := s.Outbox.Enqueue(onSite(ctx, sites[x.SiteID]), tx, m); err != nil {
					s.log().Error("notification not queued", "notification", x.ID, "err", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n < batch {
			return nil
		}
	}
	return ctx.Err()
}

// SendDigests queues the digests that are due at now: for each site and
// frequency, every person with notifications older than the latest digest
// time (DigestSlot in the site's time zone) gets one email holding them.
func (s *Service) SendDigests(ctx context.Context, now time.Time) error {
	sites, err := s.sites(ctx)
	if err != nil {
		return err
	}
	for _, st := range sites {
		for _, f := range []Frequency{Daily, Weekly} {
			cutoff := DigestSlot(f, st.Location(), now)
			users, err := digestRecipients(ctx, s.DB.R(), st.ID, f, cutoff)
			if err != nil {
				return err
			}
			for _, u := range users {
				if err := s.DB.InTx(ctx, func(tx *db.Tx) error {
					ns, err := claimDigest(ctx, tx, u, f, cutoff)
					if err != nil || len(ns) == 0 {
						return err
					}
					r, err := recipientByID(ctx, tx, u)
					if err != nil {
						return err
					}
					if !r.Active || r.Frequency == Never {
						return nil
					}
					m, err := s.digestMail(ctx, tx, st, r, f, ns, now)
					if err != nil {
						return err
					}
					return s.Outbox.Enqueue(onSite(ctx, st), tx, m)
				}); err != nil {
					return fmt.Errorf("digest for user %d: %w", u, err)
				}
			}
		}
	}
	return nil
}

// onSite is ctx for work done on behalf of site st outside a request, so
// that what the platform reads of the request's site (the sender of its
// emails, say) is st's.
func onSite(ctx context.Context, st *siteInfo) context.Context {
	if st == nil {
		return ctx
	}
	return web.WithSite(ctx, web.SiteInfo{ID: st.ID, Name: st.Name, Location: st.Location()})
}

// siteInfo is what emails need of a site. (The site package imports
// features for its home page, so notify reads the table itself.)
type siteInfo struct {
	ID       int64
	Host     string
	Name     i18n.Text
	Timezone string
}

// Location is the site's time zone, Africa/Casablanca when unknown.
func (st *siteInfo) Location() *time.Location {
	for _, name := range []string{st.Timezone, "Africa/Casablanca"} {
		if v, ok := zones.Load(name); ok {
			return v.(*time.Location)
		}
		if loc, err := time.LoadLocation(name); err == nil && name != "" {
			zones.Store(name, loc)
			return loc
		}
	}
	return time.UTC
}

var zones sync.Map // zone name → *time.Location

func (s *Service) sites(ctx context.Context) (map[int64]*siteInfo, error) {
	rows, err := s.DB.R().QueryContext(ctx, `SELECT id, host, name, timezone FROM sites ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("notify: sites: %w", err)
	}
	defer rows.Close()
	out := map[int64]*siteInfo{}
	for rows.Next() {
		st := &siteInfo{}
		if err := rows.Scan(&st.ID, &st.Host, &st.Name, &st.Timezone); err != nil {
			return nil, fmt.Errorf("notify: sites: %w", err)
		}
		out[st.ID] = st
	}
	return out, rows.Err()
}

// origin is the scheme and host of links to st.
func (s *Service) origin(st *siteInfo) string {
	if s.Origin != nil && st != nil {
		return strings.TrimRight(s.Origin(st.ID), "/")
	}
	return "http://localhost:8080"
}

// mailParts is what every notification email shares.
type mailParts struct {
	p           *i18n.Printer
	siteName    string
	origin      string
	unsubscribe string
}

func (s *Service) parts(ctx context.Context, tx *db.Tx, st *siteInfo, r *recipient, now time.Time) (*mailParts, error) {
	p := s.Catalog.Printer(r.Locale)
	mp := &mailParts{p: p, origin: s.origin(st)}
	if st != nil {
		mp.siteName = st.Name.In(r.Locale)
	}
	if mp.siteName == "" {
		mp.siteName = p.T("site.name")
	}
	token, err := issueUnsubscribe(ctx, tx, r.ID, now)
	if err != nil {
		return nil, err
	}
	mp.unsubscribe = mp.origin + "/unsubscribe/" + url.PathEscape(token)
	return mp, nil
}

// message assembles the email: greeting, body, then the footer with the
// settings and unsubscribe links, and the RFC 8058 headers.
func (mp *mailParts) message(r *recipient, subject, body, footerKey string) mail.Message {
	p := mp.p
	var b strings.Builder
	b.WriteString(p.T("notify.mail.hello", "Name", r.Name))
	b.WriteString("\n\n")
	b.WriteString(strings.TrimRight(body, "\n"))
	b.WriteString("\n\n-- \n")
	b.WriteString(p.T(footerKey, "Site", mp.siteName, "Settings", mp.origin+"/account"))
	b.WriteString("\n")
	b.WriteString(p.T("notify.mail.unsubscribe", "Link", mp.unsubscribe))
	b.WriteString("\n")
	return mail.Message{To: []string{r.Email}, Subject: subject, Text: b.String(), Headers: map[string]string{
		"List-Unsubscribe":      "<" + mp.unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}}
}

// line is the sentence telling what happened.
func line(p *i18n.Printer, l i18n.Locale, n notification) string {
	title := n.Title.In(l)
	if n.ActorName != "" {
		return p.T("notify.event."+n.Kind+".line", "Actor", n.ActorName, "Title", title)
	}
	return p.T("notify.event."+n.Kind+".line_anon", "Title", title)
}

func (s *Service) instantMail(ctx context.Context, tx *db.Tx, st *siteInfo, r *recipient, n notification, now time.Time) (mail.Message, error) {
	mp, err := s.parts(ctx, tx, st, r, now)
	if err != nil {
		return mail.Message{}, err
	}
	p, l := mp.p, r.Locale
	var body strings.Builder
	body.WriteString(line(p, l, n))
	body.WriteString("\n")
	if ex := n.Excerpt.In(l); ex != "" {
		body.WriteString("\n« " + ex + " »\n")
	}
	body.WriteString("\n" + p.T("notify.mail.open") + "\n" + mp.origin + n.URL + "\n")
	subject := p.T("notify.event."+n.Kind+".subject", "Title", shorten(n.Title.In(l), 80), "Site", mp.siteName)
	return mp.message(r, subject, body.String(), "notify.mail.footer_instant"), nil
}

func (s *Service) digestMail(ctx context.Context, tx *db.Tx, st *siteInfo, r *recipient, f Frequency, ns []notification, now time.Time) (mail.Message, error) {
	mp, err := s.parts(ctx, tx, st, r, now)
	if err != nil {
		return mail.Message{}, err
	}
	p, l := mp.p, r.Locale
	var body strings.Builder
	body.WriteString(p.N("notify.digest."+string(f)+".intro", len(ns)))
	body.WriteString("\n")
	for _, n := range ns {
		body.WriteString("\n• " + line(p, l, n) + "\n")
		if ex := n.Excerpt.In(l); ex != "" {
			body.WriteString("  « " + shorten(ex, 160) + " »\n")
		}
		body.WriteString("  " + mp.origin + n.URL + "\n")
	}
	subject := p.N("notify.digest."+string(f)+".subject", len(ns), "Site", mp.siteName)
	return mp.message(r, subject, body.String(), "notify.mail.footer_digest"), nil
}
