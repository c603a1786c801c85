package consult

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Co-creation with the rest of the site: proposals take comments (the
// comment engine's kind "proposal", whose lookup the server wires with
// ProposalThread), consultations and proposals can be followed
// (notify target kinds "consultation" and "proposal"), and the reasoned
// response to a proposal is published to its author and followers. The
// feature does not know the comment engine: the server gives the Handler
// the function that embeds a thread.

// Follow target kinds of the feature: "consultation:3", "proposal:7".
const (
	FollowConsultation = "consultation"
	FollowProposal     = "proposal"
)

// ConsultationTarget is the notify.Lookup of consultations: a published
// consultation of the site, its title and page.
func ConsultationTarget(ctx context.Context, q db.Querier, siteID, id int64) (notify.Info, error) {
	var title i18n.Text
	err := q.QueryRowContext(ctx, `SELECT title FROM consultations WHERE site_id = ? AND id = ? AND published_at IS NOT NULL`,
		siteID, id).Scan(&title)
	if err != nil {
		return notify.Info{}, db.NotFound(err)
	}
	return notify.Info{Title: title, URL: consultationPath(id)}, nil
}

// ProposalTarget is the notify.Lookup of proposals: a proposal of the site
// in a published consultation, its title and page.
func ProposalTarget(ctx context.Context, q db.Querier, siteID, id int64) (notify.Info, error) {
	title, err := publicProposal(ctx, q, siteID, id)
	if err != nil {
		return notify.Info{}, err
	}
	return notify.Info{Title: proposalTitle(title), URL: proposalPath(id)}, nil
}

// ProposalThread is what the comment thread of a proposal needs: the
// proposal's title, and whether it takes new comments. A proposal's thread
// exists when the proposal is on the site and its consultation is
// published (db.ErrNotFound otherwise, drafts included). It takes comments
// while the consultation is open (the same period as proposals and
// supports) and the proposal has not been withdrawn; afterwards the thread
// stays readable but closed.
func ProposalThread(ctx context.Context, q db.Querier, siteID, id int64, now time.Time) (title i18n.Text, open bool, err error) {
	var t, status string
	var c Consultation
	err = q.QueryRowContext(ctx, `SELECT p.title, p.status, k.opens_at, k.closes_at, k.published_at, k.closed_at
		FROM proposals p JOIN consultations k ON k.id = p.consultation_id
		WHERE p.site_id = ? AND p.id = ? AND k.published_at IS NOT NULL AND p.hidden_at IS NULL`, siteID, id).Scan(&t, &status,
		&c.OpensAt, &c.ClosesAt, &c.PublishedAt, &c.ClosedAt)
	if err != nil {
		return nil, false, db.NotFound(err)
	}
	return proposalTitle(t), PhaseAt(&c, now) == Open && status != string(WithdrawnByUser), nil
}

// publicProposal returns the title of a proposal of the site whose
// consultation is published and which moderation has not hidden;
// db.ErrNotFound otherwise.
func publicProposal(ctx context.Context, q db.Querier, siteID, id int64) (string, error) {
	var title string
	err := q.QueryRowContext(ctx, `SELECT p.title FROM proposals p JOIN consultations k ON k.id = p.consultation_id
		WHERE p.site_id = ? AND p.id = ? AND k.published_at IS NOT NULL AND p.hidden_at IS NULL`, siteID, id).Scan(&title)
	return title, db.NotFound(err)
}

// proposalTitle is a proposal's title as a text: it is written in one
// language, which every locale shows.
func proposalTitle(title string) i18n.Text { return i18n.Text{i18n.Default: title} }

func consultationPath(id int64) string { return "/consultations/" + strconv.FormatInt(id, 10) }

func proposalPath(id int64) string { return "/proposals/" + strconv.FormatInt(id, 10) }

// publishResponse tells, in tx, that res was given to p in c by the person
// actorID (public name actorName): the proposal's author, the followers of
// the proposal and those of its consultation. The excerpt is the outcome,
// in each language, and the reason.
func (h *Handler) publishResponse(ctx context.Context, tx *db.Tx, p *Proposal, c *Consultation, res *Response, actorID int64, actorName string) error {
	to := []int64{p.AuthorID}
	followers, err := notify.Followers(ctx, tx, c.SiteID, notify.Target{Kind: FollowConsultation, ID: c.ID})
	if err != nil {
		return fmt.Errorf("notify response: %w", err)
	}
	to = append(to, followers...)
	excerpt := i18n.Text{}
	for _, l := range i18n.Locales {
		outcome := string(res.Outcome)
		if h.Errors != nil && h.Errors.Catalog != nil {
			outcome = h.Errors.Catalog.Printer(l).T("consult.outcome." + string(res.Outcome))
		}
		text := outcome
		if reason := strings.TrimSpace(res.Reason.In(l)); reason != "" {
			text += " — " + reason
		}
		excerpt[l] = text
	}
	err = notify.Publish(ctx, tx, notify.Event{SiteID: c.SiteID, Kind: notify.KindResponse,
		Target: notify.Target{Kind: FollowProposal, ID: p.ID}, Title: proposalTitle(p.Title),
		URL: proposalPath(p.ID) + "#response", ActorID: actorID, ActorName: actorName, Excerpt: excerpt, To: to})
	if err != nil {
		return fmt.Errorf("notify response: %w", err)
	}
	return nil
}

// thread returns the comment thread of proposal id for its page, nil when
// comments are not wired or the proposal has no public thread (a draft
// consultation, seen by those who manage it).
func (h *Handler) thread(r *http.Request, id int64) (any, error) {
	if h.Thread == nil {
		return nil, nil
	}
	t, err := h.Thread(r, FollowProposal, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return t, err
}
