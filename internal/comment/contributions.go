package comment

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/search"
)

// Other public contributions than comments (proposals now; petitions and
// the like as they come) are reported, queued and hidden the same way. A
// feature registers its kind as a Reportable when the server is wired; its
// reports go to the same table as the comments', count towards the same
// site threshold, and its reported things appear in the same queue, where
// moderators hide them, restore them or dismiss their reports. The feature
// keeps the hidden state in its own table, so that its public pages, API,
// exports, feeds and search leave a hidden thing out.

// Reportable is another feature's kind of public contribution.
type Reportable struct {
	Kind string // "proposal": the kind of its reports and of its ledger entries (an audit entity)
	// Item returns what moderators see of the site's thing id, whether
	// public or hidden; db.ErrNotFound when there is none.
	Item func(ctx context.Context, q db.Querier, siteID, id int64) (*Contribution, error)
	// SetHidden hides or shows the thing, in the transaction.
	SetHidden func(ctx context.Context, tx *db.Tx, siteID, id int64, hidden bool) error
}

// Contribution is a contribution as moderators see it.
type Contribution struct {
	Title     string
	Body      string
	AuthorID  int64  // 0 when the account is gone
	Author    string // a public name, never an email
	URL       string // its page, where moderators see it even hidden
	Hidden    bool
	Public    bool // its place is public (a published consultation): only then may it be reported
	CreatedAt db.Timestamp
}

// AddReportable registers a kind of contribution; it is called while the
// server is wired, before it serves.
func (s *Service) AddReportable(r Reportable) error {
	if !kindName.MatchString(r.Kind) || r.Kind == commentKind || r.Item == nil || r.SetHidden == nil {
		return fmt.Errorf("comment: reportable %q needs a name other than %q, an Item and a SetHidden", r.Kind, commentKind)
	}
	if _, dup := s.reportables[r.Kind]; dup {
		return fmt.Errorf("comment: reportable %q registered twice", r.Kind)
	}
	if s.reportables == nil {
		s.reportables = map[string]Reportable{}
	}
	s.reportables[r.Kind] = r
	return nil
}

func (s *Service) reportableKinds() []string {
	out := make([]string, 0, len(s.reportables))
	for k := range s.reportables {
		out = append(out, k)
	}
	return out
}

// QueueOther is a reported contribution in the moderation queue.
type QueueOther struct {
	Contribution
	Target  Target
	Open    int // unresolved reports
	Reasons map[Reason]int
}

// queueOthers lists the reported contributions that await a decision.
func (s *Service) queueOthers(ctx context.Context, siteID int64) ([]QueueOther, error) {
	list, err := reportedThings(ctx, s.DB.R(), siteID, s.reportableKinds(), queuePageSize)
	if err != nil {
		return nil, err
	}
	byKind := map[string][]int64{}
	for _, r := range list {
		byKind[r.Target.Kind] = append(byKind[r.Target.Kind], r.Target.ID)
	}
	reasons := map[Target]map[Reason]int{}
	for kind, ids := range byKind {
		rs, err := openReasons(ctx, s.DB.R(), kind, ids)
		if err != nil {
			return nil, err
		}
		for id, m := range rs {
			reasons[Target{Kind: kind, ID: id}] = m
		}
	}
	var out []QueueOther
	for _, r := range list {
		it, err := s.reportables[r.Target.Kind].Item(ctx, s.DB.R(), siteID, r.Target.ID)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, QueueOther{Contribution: *it, Target: r.Target, Open: r.Open, Reasons: reasons[r.Target]})
	}
	return out, nil
}

// reportThing: POST /reports, a signed-in person's report of a contribution
// of a registered kind (target "kind:id", reason, back). A comment has its
// own form (/comments/{id}/report). Reaching the site's threshold of
// unresolved reports hides the thing until a moderator reviews it.
func (s *Service) reportThing(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	t, err := ParseTarget(f.Get("target"))
	kind, known := s.reportables[t.Kind]
	if err != nil || !known {
		s.Errors.NotFound(w, r)
		return
	}
	site := web.SiteOf(ctx)
	it, err := kind.Item(ctx, s.DB.R(), site.ID, t.ID)
	if err == nil && (!it.Public || it.Hidden) {
		err = db.ErrNotFound
	}
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	back := backTo(f, it.URL)
	u := auth.UserFrom(ctx)
	reason := Reason(f.Get("reason"))
	blocked, err := isBlocked(ctx, s.DB.R(), u.ID)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	switch {
	case blocked:
		s.notice(w, r, http.StatusForbidden, "comment.error.blocked", back)
		return
	case it.AuthorID == u.ID:
		s.notice(w, r, http.StatusForbidden, "comment.error.own_report", back)
		return
	case !ValidReason(reason):
		s.notice(w, r, http.StatusUnprocessableEntity, "comment.error.report_reason", back)
		return
	case !allow(s.lim().reportIP, s.lim().reportPerson, r, userKey(u.ID), time.Now()):
		s.notice(w, r, http.StatusTooManyRequests, "comment.error.rate_limited", back)
		return
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		added, open, err := addReport(ctx, tx, site.ID, t, u.ID, reason)
		if err != nil || !added {
			return err
		}
		threshold, err := reportThreshold(ctx, tx, site.ID)
		if err != nil {
			return err
		}
		if HiddenByReports(open, threshold) {
			return s.setHidden(ctx, tx, kind, site.ID, t.ID, true)
		}
		return nil
	})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, "comment.notice.reported_item", back)
}

// moderateThing: POST /admin/moderation/items/{kind}/{id}, a moderator's
// decision on a contribution: hide, restore or dismiss (keep it shown and
// clear its reports). Recorded in the public ledger without its text.
func (s *Service) moderateThing(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	kind, known := s.reportables[r.PathValue("kind")]
	id, ok := pathID(r)
	if !known || !ok {
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
	if !ok || d == Approve {
		s.Errors.BadRequest(w, r, "comment.error.action")
		return
	}
	me := auth.UserFrom(ctx)
	site := web.SiteOf(ctx)
	t := Target{Kind: kind.Kind, ID: id}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		it, err := kind.Item(ctx, tx, site.ID, id)
		if err != nil {
			return err
		}
		from := Visible
		if it.Hidden {
			from = Hidden
		}
		to, ok := Decide(from, d)
		if !ok {
			return errNotApplicable
		}
		if to != from {
			if err := s.setHidden(ctx, tx, kind, site.ID, id, to == Hidden); err != nil {
				return err
			}
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE target_kind = ? AND target_id = ?
			AND resolved_at IS NULL`, t.Kind, t.ID).Scan(&open); err != nil {
			return err
		}
		if err := resolveReports(ctx, tx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, site.ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: audit.ActionUpdate,
			Entity: kind.Kind, EntityID: id, Summary: kind.Kind + " #" + strconv.FormatInt(id, 10) + " " + done + " by a moderator",
			Before: map[string]any{"status": string(from), "open_reports": open},
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
	web.RedirectLocal(w, back+doneQuery(back, "item_"+done), "/admin/moderation")
}

// setHidden hides or shows a contribution and, with it, the search entries
// of the comments on it: its thread is gone while it is hidden.
func (s *Service) setHidden(ctx context.Context, tx *db.Tx, kind Reportable, siteID, id int64, hidden bool) error {
	if err := kind.SetHidden(ctx, tx, siteID, id, hidden); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM comments WHERE site_id = ? AND target_kind = ? AND target_id = ?
		AND status = 'visible'`, siteID, kind.Kind, id)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range ids {
		if hidden {
			err = search.Remove(ctx, tx, siteID, "comment", c)
		} else {
			err = syncSearch(ctx, tx, siteID, c)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
