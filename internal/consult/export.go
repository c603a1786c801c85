package consult

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// The person's proposals (with the response each got) and supports, for
// their data download (account.ExportSection). Of the proposals they
// supported, only what the public page shows: other people's bodies stay out.

// ExportData is the "consultations" section.
type ExportData struct {
	Proposals []ExportProposal `json:"proposals"`
	Supports  []ExportSupport  `json:"supports"`
}

// ExportProposal is a proposal the person sent, in the API's form, with
// where it is seen.
type ExportProposal struct {
	Proposal
	URL string `json:"url"`
}

// ExportSupport is the person's support of a proposal.
type ExportSupport struct {
	ProposalID     int64        `json:"proposal_id"`
	ConsultationID int64        `json:"consultation_id"`
	Title          string       `json:"title"`
	URL            string       `json:"url"`
	CreatedAt      db.Timestamp `json:"created_at"`
}

// ExportSection is an account.ExportSection.
func ExportSection(ctx context.Context, q db.Querier, siteID, userID int64) (string, any, error) {
	const name = "consultations"
	out := ExportData{Proposals: []ExportProposal{}, Supports: []ExportSupport{}}
	rows, err := q.QueryContext(ctx, proposalSelect+` WHERE p.site_id = ? AND p.author_id = ? ORDER BY p.id`, siteID, userID)
	if err != nil {
		return name, nil, fmt.Errorf("proposals of a person: %w", err)
	}
	list, err := collectProposals(rows)
	if err != nil {
		return name, nil, err
	}
	for _, p := range list {
		out.Proposals = append(out.Proposals, ExportProposal{Proposal: p, URL: proposalPath(p.ID)})
	}
	rows, err = q.QueryContext(ctx, `SELECT s.proposal_id, p.consultation_id, p.title, s.created_at
		FROM proposal_supports s JOIN proposals p ON p.id = s.proposal_id
		WHERE s.user_id = ? AND p.site_id = ? ORDER BY s.proposal_id`, userID, siteID)
	if err != nil {
		return name, nil, fmt.Errorf("supports of a person: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s ExportSupport
		if err := rows.Scan(&s.ProposalID, &s.ConsultationID, &s.Title, &s.CreatedAt); err != nil {
			return name, nil, err
		}
		s.URL = proposalPath(s.ProposalID)
		out.Supports = append(out.Supports, s)
	}
	return name, out, rows.Err()
}
