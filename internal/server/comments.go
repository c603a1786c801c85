package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// commentKinds registers the commentable kinds. A feature that adds one
// registers it here in a few lines: its name, its options, its public URL
// and a lookup that says whether a thing is public. The comment engine
// imports none of them.
func commentKinds(d *db.DB) (*comment.Kinds, error) {
	kinds := comment.NewKinds()
	path := func(prefix string) func(int64) string {
		return func(id int64) string { return prefix + strconv.FormatInt(id, 10) }
	}
	err := kinds.Register(comment.Kind{Name: "commitment", URL: path("/commitments/"),
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			ref, title, err := plan.CommitmentTitle(ctx, d.R(), siteID, id)
			if err != nil {
				return nil, err
			}
			return &comment.Subject{Title: prefixed(ref+" · ", title)}, nil
		}})
	if err != nil {
		return nil, err
	}
	err = kinds.Register(comment.Kind{Name: "milestone", URL: path("/threads/milestone/"),
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			cid, title, err := plan.MilestoneTitle(ctx, d.R(), siteID, id)
			if err != nil {
				return nil, err
			}
			return &comment.Subject{Title: title, URL: "/commitments/" + strconv.FormatInt(cid, 10) + "#milestones"}, nil
		}})
	if err != nil {
		return nil, err
	}
	// Proposals take a stance. Their lookup is wired with the consultations
	// (proposalComments).
	err = kinds.Register(comment.Kind{Name: "proposal", Stance: true, URL: path("/proposals/")})
	if err != nil {
		return nil, err
	}
	return kinds, nil
}

// proposalComments wires the lookup of the "proposal" kind: a proposal's
// thread is public when the proposal is on the site and its consultation is
// published, and takes new comments while the consultation is open and the
// proposal is not withdrawn (consult.ProposalThread); it stays readable after.
func proposalComments(kinds *comment.Kinds, d *db.DB, now func() time.Time) error {
	return kinds.SetLookup("proposal", func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
		title, open, err := consult.ProposalThread(ctx, d.R(), siteID, id, now())
		if err != nil {
			return nil, err
		}
		return &comment.Subject{Title: title, Closed: !open}, nil
	})
}

// proposalReports lets people report proposals and moderators hide them,
// through the comment engine's moderation: the same reports, threshold and
// queue as comments.
func proposalReports(c *comment.Service) error {
	reasons := make([]string, len(comment.Reasons))
	for i, r := range comment.Reasons {
		reasons[i] = string(r)
	}
	if !slices.Equal(reasons, consult.ReportReasons) {
		return fmt.Errorf("server: the proposals' report reasons %v are not the moderation's %v", consult.ReportReasons, reasons)
	}
	return c.AddReportable(comment.Reportable{Kind: "proposal",
		Item: func(ctx context.Context, q db.Querier, siteID, id int64) (*comment.Contribution, error) {
			m, err := consult.ForModeration(ctx, q, siteID, id)
			if err != nil {
				return nil, err
			}
			return &comment.Contribution{Title: m.Title, Body: m.Body, AuthorID: m.AuthorID, Author: m.Author, URL: m.URL,
				Hidden: m.Hidden, Public: m.Public, CreatedAt: m.CreatedAt}, nil
		},
		SetHidden: consult.SetHidden,
	})
}

// prefixed puts p before each translation of t.
func prefixed(p string, t i18n.Text) i18n.Text {
	out := i18n.Text{}
	for l, s := range t {
		out[l] = p + s
	}
	return out
}

// planThreads lets the plan pages embed comment threads.
func planThreads(c *comment.Service) plan.Threads {
	return plan.Threads{
		Embed:  func(r *http.Request, kind string, id int64) (any, error) { return c.Embed(r, kind, id) },
		Counts: c.Counts,
	}
}
