package plan

import (
	"context"
	"net/http"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Comment threads on commitments and milestones. The plan feature does not
// know the comment engine: the server gives the Handler two functions, and
// the commitment page calls the shared "comment_thread" partial.

// Threads embeds comment threads in the plan's pages.
type Threads struct {
	// Embed returns the first page of the thread on the thing of kind with
	// id, as the "comment_thread" partial takes it.
	Embed func(r *http.Request, kind string, id int64) (any, error)
	// Counts returns how many comments each thing of kind has.
	Counts func(ctx context.Context, kind string, ids []int64) (map[int64]int, error)
}

// CommitmentTitle returns the reference and title of a commitment of the
// site; db.ErrNotFound when there is none.
func CommitmentTitle(ctx context.Context, q db.Querier, siteID, id int64) (string, i18n.Text, error) {
	var ref string
	var title i18n.Text
	err := q.QueryRowContext(ctx, `SELECT ref, title FROM commitments WHERE id = ? AND site_id = ?`, id, siteID).Scan(&ref, &title)
	return ref, title, db.NotFound(err)
}

// MilestoneTitle returns a milestone's commitment and title, on the site;
// db.ErrNotFound when there is none.
func MilestoneTitle(ctx context.Context, q db.Querier, siteID, id int64) (int64, i18n.Text, error) {
	var cid int64
	var title i18n.Text
	err := q.QueryRowContext(ctx, `SELECT m.commitment_id, m.title FROM milestones m JOIN commitments c ON c.id = m.commitment_id
		WHERE m.id = ? AND c.site_id = ?`, id, siteID).Scan(&cid, &title)
	return cid, title, db.NotFound(err)
}

// commentsOf fills the page's thread and the milestones' comment counts.
func (h *Handler) commentsOf(r *http.Request, page *CommitmentPage) error {
	if h.Threads.Embed == nil {
		return nil
	}
	thread, err := h.Threads.Embed(r, "commitment", page.C.ID)
	if err != nil {
		return err
	}
	page.Thread = thread
	if h.Threads.Counts == nil || len(page.Milestones) == 0 {
		return nil
	}
	ids := make([]int64, len(page.Milestones))
	for i, m := range page.Milestones {
		ids[i] = m.ID
	}
	counts, err := h.Threads.Counts(r.Context(), "milestone", ids)
	if err != nil {
		return err
	}
	for i := range page.Milestones {
		page.Milestones[i].Comments = counts[page.Milestones[i].ID]
		page.Milestones[i].CommentsOn = true
	}
	return nil
}
