package consult

import (
	"context"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Proposals are reported and hidden like comments: the server registers them
// with the comment engine's moderation (comment.Reportable), which keeps the
// reports and the queue and calls SetHidden. A hidden proposal leaves the
// public pages, the API, the report and its exports, the figures, the search
// and its comment thread; moderators and the administration still see it,
// marked hidden, with the forms to restore it.

// Moderated is what moderators see of a proposal.
type Moderated struct {
	Title     string
	Body      string
	AuthorID  int64  // 0 when the account is deleted
	Author    string // the person's public name, never an email
	URL       string
	Hidden    bool
	Public    bool // its consultation is published
	CreatedAt db.Timestamp
}

// ForModeration returns the site's proposal id as moderators see it, hidden
// or not; db.ErrNotFound when there is none.
func ForModeration(ctx context.Context, q db.Querier, siteID, id int64) (*Moderated, error) {
	p, err := ProposalByID(ctx, q, siteID, id)
	if err != nil {
		return nil, err
	}
	var published db.Timestamp
	if err := q.QueryRowContext(ctx, `SELECT published_at FROM consultations WHERE id = ?`, p.ConsultationID).Scan(&published); err != nil {
		return nil, db.NotFound(err)
	}
	m := &Moderated{Title: p.Title, Body: p.Body, AuthorID: p.AuthorID, Author: p.Author.Name, URL: proposalPath(p.ID),
		Hidden: p.Hidden, Public: !published.IsZero(), CreatedAt: p.CreatedAt}
	if p.Author.Kind == "organisation" {
		m.Author = p.Author.Organisation.In(i18n.Default)
	}
	if p.Author.Deleted {
		m.AuthorID = 0
	}
	return m, nil
}

// SeesHidden reports whether u sees the hidden proposals of c: moderators,
// and those who manage the consultation.
func SeesHidden(u *auth.User, c *Consultation) bool {
	return u.AtLeast(auth.Moderator) || CanManage(u, c)
}

// publicOnly keeps the proposals the public sees.
func publicOnly(ps []Proposal) []Proposal {
	out := make([]Proposal, 0, len(ps))
	for _, p := range ps {
		if !p.Hidden {
			out = append(out, p)
		}
	}
	return out
}

// ReportReasons are the reasons the report form offers: the moderation's
// (comment.Reasons), which the server's wiring checks are the same.
var ReportReasons = []string{"spam", "offensive", "off_topic"}
