package comment

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// QueuePage is the moderation queue: pending comments, comments hidden by
// reports and not yet reviewed, and visible comments with reports.
type QueuePage struct {
	Items     []QueueItem
	Others    []QueueOther // reported contributions other than comments
	Next      string
	Threshold int
	Done      string // message key of the last action's notice
}

// QueueItem is a comment awaiting a decision, with its reports by reason and
// where it was posted. The body is shown to moderators only.
type QueueItem struct {
	Comment
	Reasons map[Reason]int
	Place   string
	Blocked bool
}

const queuePageSize = 50

func (s *Service) queuePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	before, err := parseCursor(r.URL.Query().Get("before"))
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	list, err := queue(ctx, s.DB.R(), site.ID, before, queuePageSize+1)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	page := QueuePage{Done: doneKey(r.URL.Query().Get("done"))}
	if len(list) > queuePageSize {
		list = list[:queuePageSize]
		page.Next = "/admin/moderation?before=" + itoa(list[len(list)-1].ID)
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	reasons, err := reasonsOf(ctx, s.DB.R(), ids)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if before == 0 {
		// Reported contributions are listed on the first page, newest reports first.
		if page.Others, err = s.queueOthers(ctx, site.ID); err != nil {
			s.Errors.Error(w, r, err)
			return
		}
	}
	if page.Threshold, err = reportThreshold(ctx, s.DB.R(), site.ID); err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	for _, c := range list {
		item := QueueItem{Comment: c, Reasons: reasons[c.ID], Place: threadPath(c.Target)}
		if c.UserID != 0 {
			if item.Blocked, err = isBlocked(ctx, s.DB.R(), c.UserID); err != nil {
				s.Errors.Error(w, r, err)
				return
			}
		}
		page.Items = append(page.Items, item)
	}
	w.Header().Set("Cache-Control", "no-store")
	if err := s.Pages.Page(w, r, http.StatusOK, "admincomment_queue", "moderation", page); err != nil {
		s.Errors.Error(w, r, err)
	}
}

func doneKey(done string) string {
	switch done {
	case "hidden", "restored", "approved", "dismissed", "blocked", "unblocked", "item_hidden", "item_restored", "item_dismissed":
		return "comment.moderation.done." + done
	}
	return ""
}

// doneOf names each decision's notice (comment.moderation.done.*) and the
// word of its ledger entry.
var doneOf = map[Decision]string{Hide: "hidden", Restore: "restored", Approve: "approved", Dismiss: "dismissed"}

// errNotApplicable is a decision that does not apply to the thing's state
// (restoring a shown comment, approving one that is not pending…): the
// page was stale, or another moderator decided first.
var errNotApplicable = errors.New("comment: the decision does not apply to the current state")

// moderate applies a moderator's decision on a comment: hide, restore a
// hidden one, approve a pending one, or dismiss the reports on a shown one
// (it stays shown). It is recorded in the public ledger without the
// comment's text or anyone's email.
func (s *Service) moderate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.Errors.NotFound(w, r)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	d := Decision(f.Get("action"))
	done, ok := doneOf[d]
	if !ok {
		s.Errors.BadRequest(w, r, "comment.error.action")
		return
	}
	me := auth.UserFrom(ctx)
	site := web.SiteOf(ctx)
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		c, err := byID(ctx, tx, site.ID, id)
		if err != nil {
			return err
		}
		if c.Status == Deleted {
			return db.ErrNotFound
		}
		to, ok := Decide(c.Status, d)
		if !ok {
			return errNotApplicable
		}
		if err := moderate(ctx, tx, c, to, me.ID); err != nil {
			return err
		}
		if c.Status == Pending && to == Visible {
			// An approved guest reply is told like any other.
			shown := *c
			shown.Status = Visible
			if err := s.publishReply(ctx, tx, &shown, nil); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, site.ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: audit.ActionUpdate,
			Entity: "comment", EntityID: c.ID, Summary: "comment " + done + " on " + c.Target.String(),
			Before: map[string]any{"status": string(c.Status), "open_reports": c.ReportCount},
			After:  map[string]any{"status": string(to), "open_reports": 0}})
	})
	if errors.Is(err, errNotApplicable) {
		s.notice(w, r, http.StatusConflict, "comment.error.decision", backTo(f, "/admin/moderation"))
		return
	}
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	back := backTo(f, "/admin/moderation")
	web.RedirectLocal(w, back+doneQuery(back, done), "/admin/moderation")
}

func doneQuery(back, done string) string {
	if back != "/admin/moderation" {
		return ""
	}
	return "?done=" + done
}

// block blocks or unblocks an account: a blocked account can no longer
// comment, vote or report. Moderators cannot block officials.
func (s *Service) block(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.Errors.NotFound(w, r)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	action := f.Get("action")
	if action != "block" && action != "unblock" {
		s.Errors.BadRequest(w, r, "comment.error.action")
		return
	}
	me := auth.UserFrom(ctx)
	site := web.SiteOf(ctx)
	role, err := roleOf(ctx, s.DB.R(), site.ID, id)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if id == me.ID || role.Rank() >= auth.Editor.Rank() {
		s.Errors.Forbidden(w, r)
		return
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := setBlocked(ctx, tx, site.ID, id, action == "block"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, site.ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: audit.ActionUpdate,
			Entity: "user", EntityID: id, Summary: "user #" + strconv.FormatInt(id, 10) + " " + action + "ed from comments",
			Before: map[string]any{"blocked": action != "block"}, After: map[string]any{"blocked": action == "block"}})
	})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/moderation?done="+action+"ed", http.StatusSeeOther)
}

// roleOf returns the role of a live account of the site.
func roleOf(ctx context.Context, q db.Querier, siteID, userID int64) (auth.Role, error) {
	var role auth.Role
	err := q.QueryRowContext(ctx, `SELECT role FROM users WHERE id = ? AND site_id = ? AND deleted_at IS NULL`,
		userID, siteID).Scan(&role)
	return role, db.NotFound(err)
}
