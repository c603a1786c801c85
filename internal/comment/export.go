package comment

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// The person's comments, votes and reports for their data download
// (account.ExportSection). Their comments include those they wrote as a
// guest with the address their account has since verified, once the guest
// confirmed it too: an unconfirmed guest comment may be someone else's use
// of that address. Only their own rows are read: of other people's
// comments they voted on or reported, just the id and the thing it is on,
// since those bodies are other people's words and may hold their contacts.

// ExportData is the "comments" section.
type ExportData struct {
	Written []ExportComment `json:"written"`
	Votes   []ExportVote    `json:"votes"`
	Reports []ExportReport  `json:"reports"`
}

// ExportComment is one comment the person wrote, in any state.
type ExportComment struct {
	ID          int64        `json:"id"`
	TargetKind  string       `json:"target_kind"`
	TargetID    int64        `json:"target_id"`
	TargetURL   string       `json:"target_url,omitempty"` // the thing's public page
	URL         string       `json:"url,omitempty"`        // where the comment is seen
	ParentID    int64        `json:"parent_id,omitempty"`  // the comment it answers
	Body        string       `json:"body"`
	Stance      Stance       `json:"stance,omitempty"`
	Status      Status       `json:"status"`
	Score       int          `json:"score"`
	CreatedAt   db.Timestamp `json:"created_at"`
	EditedAt    db.Timestamp `json:"edited_at"`
	ModeratedAt db.Timestamp `json:"moderated_at"`
}

// ExportVote is the person's vote on a comment.
type ExportVote struct {
	CommentID  int64        `json:"comment_id"`
	TargetKind string       `json:"target_kind"`
	TargetID   int64        `json:"target_id"`
	Value      int          `json:"value"`
	CreatedAt  db.Timestamp `json:"created_at"`
}

// ExportReport is the person's report of a comment (CommentID, and the
// thing it is on) or of another contribution (the thing itself, as a
// proposal).
type ExportReport struct {
	CommentID  int64        `json:"comment_id,omitempty"`
	TargetKind string       `json:"target_kind"`
	TargetID   int64        `json:"target_id"`
	Reason     Reason       `json:"reason"`
	CreatedAt  db.Timestamp `json:"created_at"`
}

// ExportSection is an account.ExportSection. A method, so that comment URLs
// come from the registered kinds as on the site.
func (s *Service) ExportSection(ctx context.Context, q db.Querier, siteID, userID int64) (string, any, error) {
	const name = "comments"
	out := ExportData{Written: []ExportComment{}, Votes: []ExportVote{}, Reports: []ExportReport{}}
	rows, err := q.QueryContext(ctx, `SELECT id, target_kind, target_id, COALESCE(parent_id, 0), body, stance, status,
		score, created_at, edited_at, moderated_at
		FROM comments WHERE site_id = ? AND (user_id = ? OR (user_id IS NULL AND status <> 'pending' AND guest_email <> ''
			AND guest_email = (SELECT email FROM users WHERE id = ? AND site_id = ? AND email_verified_at IS NOT NULL)))
		ORDER BY id`, siteID, userID, userID, siteID)
	if err != nil {
		return name, nil, fmt.Errorf("comments of a person: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ExportComment
		if err := rows.Scan(&c.ID, &c.TargetKind, &c.TargetID, &c.ParentID, &c.Body, &c.Stance, &c.Status,
			&c.Score, &c.CreatedAt, &c.EditedAt, &c.ModeratedAt); err != nil {
			return name, nil, err
		}
		if kind, ok := s.Kinds.Get(c.TargetKind); ok {
			c.TargetURL = kind.URL(c.TargetID)
		}
		if c.Status != Pending {
			c.URL = s.placeOf(ctx, &Comment{ID: c.ID, ParentID: c.ParentID, Target: Target{Kind: c.TargetKind, ID: c.TargetID}})
		}
		out.Written = append(out.Written, c)
	}
	if err := rows.Err(); err != nil {
		return name, nil, err
	}
	rows.Close()
	if out.Votes, err = exportVotes(ctx, q, siteID, userID); err != nil {
		return name, nil, err
	}
	out.Reports, err = exportReports(ctx, q, siteID, userID)
	return name, out, err
}

func exportVotes(ctx context.Context, q db.Querier, siteID, userID int64) ([]ExportVote, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.comment_id, c.target_kind, c.target_id, v.value, v.created_at
		FROM comment_votes v JOIN comments c ON c.id = v.comment_id
		WHERE v.user_id = ? AND c.site_id = ? ORDER BY v.comment_id`, userID, siteID)
	if err != nil {
		return nil, fmt.Errorf("votes of a person: %w", err)
	}
	defer rows.Close()
	out := []ExportVote{}
	for rows.Next() {
		var v ExportVote
		if err := rows.Scan(&v.CommentID, &v.TargetKind, &v.TargetID, &v.Value, &v.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func exportReports(ctx context.Context, q db.Querier, siteID, userID int64) ([]ExportReport, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.target_id, c.target_kind, c.target_id, r.reason, r.created_at
		FROM reports r JOIN comments c ON c.id = r.target_id
		WHERE r.target_kind = 'comment' AND r.user_id = ? AND r.site_id = ?
		UNION ALL SELECT 0, r.target_kind, r.target_id, r.reason, r.created_at FROM reports r
		WHERE r.target_kind <> 'comment' AND r.user_id = ? AND r.site_id = ?
		ORDER BY 1, 2, 3`, userID, siteID, userID, siteID)
	if err != nil {
		return nil, fmt.Errorf("reports of a person: %w", err)
	}
	defer rows.Close()
	out := []ExportReport{}
	for rows.Next() {
		var r ExportReport
		if err := rows.Scan(&r.CommentID, &r.TargetKind, &r.TargetID, &r.Reason, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
