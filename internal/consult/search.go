package consult

import (
	"context"
	"fmt"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// Consultations and proposals in the search index. A consultation is found
// once published; its proposals, which the public sees with it, with the
// government's response. Every write in store.go ends here, in the same
// transaction.

func indexConsultation(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	c, err := ConsultationByID(ctx, tx, siteID, id, tx.Now())
	if err != nil {
		return err
	}
	parent := "consultation:" + strconv.FormatInt(id, 10)
	if err := search.RemoveChildren(ctx, tx, siteID, parent); err != nil {
		return err
	}
	if c.PublishedAt.IsZero() {
		return search.Remove(ctx, tx, siteID, "consultation", id)
	}
	// Its documents are found with it, as documents.
	for _, d := range c.Documents {
		u := d.URL
		if d.FileHash != "" {
			u = "/files/" + d.FileHash
		}
		if u == "" {
			continue
		}
		if err := search.Index(ctx, tx, search.Doc{
			SiteID: siteID, Kind: "document", RefID: search.DocumentID(parent, u), Parent: parent, URL: u,
			Title: d.Title, Body: c.Title, Date: c.OpensAt.Time, PlanID: deref(c.PlanID), OrgID: deref(c.SubjectLeadID),
		}); err != nil {
			return err
		}
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: siteID, Kind: "consultation", RefID: id, URL: "/consultations/" + strconv.FormatInt(id, 10),
		Title: c.Title, Body: c.Description, Date: c.OpensAt.Time, PlanID: deref(c.PlanID), OrgID: deref(c.SubjectLeadID),
	})
}

func indexProposal(ctx context.Context, tx *db.Tx, proposalID int64) error {
	var siteID int64
	if err := tx.QueryRowContext(ctx, `SELECT site_id FROM proposals WHERE id = ?`, proposalID).Scan(&siteID); err != nil {
		return fmt.Errorf("index proposal %d: %w", proposalID, db.NotFound(err))
	}
	p, err := ProposalByID(ctx, tx, siteID, proposalID)
	if err != nil {
		return err
	}
	c, err := ConsultationByID(ctx, tx, siteID, p.ConsultationID, tx.Now())
	if err != nil {
		return err
	}
	if c.PublishedAt.IsZero() || p.Hidden {
		return search.Remove(ctx, tx, siteID, "proposal", proposalID)
	}
	// A proposal is written in its author's language; the response in the
	// site's languages.
	l := search.LanguageOf(p.Title + " " + p.Body)
	body := i18n.Text{l: p.Body}
	if p.Response != nil {
		for rl, reason := range p.Response.Reason {
			if reason == "" {
				continue
			}
			if body[rl] != "" {
				body[rl] += "\n\n"
			}
			body[rl] += reason
		}
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: siteID, Kind: "proposal", RefID: proposalID, URL: "/proposals/" + strconv.FormatInt(proposalID, 10),
		Title: i18n.Text{l: p.Title}, Body: body, Date: p.CreatedAt.Time, PlanID: deref(c.PlanID), OrgID: deref(p.OrganisationID),
	})
}

// Reindex puts the site's published consultations and their proposals in
// the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	cs, err := Consultations(ctx, tx, siteID, false, 0, 1_000_000, tx.Now())
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := indexConsultation(ctx, tx, siteID, c.ID); err != nil {
			return err
		}
		ps, err := AllProposalsOf(ctx, tx, siteID, c.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := indexProposal(ctx, tx, p.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
