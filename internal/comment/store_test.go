package comment

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// storeFixture is a site with two people on a fresh database.
type storeFixture struct {
	d            *db.DB
	site         int64
	alice, bilal int64
	target       Target
}

func newStoreFixture(t *testing.T, d *db.DB) *storeFixture {
	t.Helper()
	ctx := context.Background()
	f := &storeFixture{d: d, target: Target{Kind: "commitment", ID: 7}}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?) RETURNING id`,
			fmt.Sprintf("s%d", time.Now().UnixNano()), db.Timestamp{Time: tx.Now()}).Scan(&f.site)
	})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := accounttest.NewUser(t, d, f.site, auth.Citizen)
	b, _ := accounttest.NewUser(t, d, f.site, auth.Citizen)
	f.alice, f.bilal = a.ID, b.ID
	return f
}

func (f *storeFixture) add(t *testing.T, user, parent int64, body string, status Status) *Comment {
	t.Helper()
	c := &Comment{SiteID: f.site, Target: f.target, UserID: user, ParentID: parent, Body: body, Status: status}
	c.HTML, _ = Render(body)
	if parent != 0 {
		p, err := byID(context.Background(), f.d.R(), f.site, parent)
		if err != nil {
			t.Fatal(err)
		}
		c.Depth = p.Depth + 1
	}
	email := ""
	if user == 0 {
		c.Guest, c.Author, email = true, "Guest", "guest@example.ma"
	}
	if err := f.d.InTx(context.Background(), func(tx *db.Tx) error { return insert(context.Background(), tx, c, email) }); err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *storeFixture) get(t *testing.T, id int64) *Comment {
	t.Helper()
	c, err := byID(context.Background(), f.d.R(), f.site, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *storeFixture) tx(t *testing.T, fn func(ctx context.Context, tx *db.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := f.d.InTx(ctx, func(tx *db.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Run("KeysetPages", func(t *testing.T) { testPages(t, newStoreFixture(t, d)) })
		t.Run("RepliesAndDelete", func(t *testing.T) { testReplies(t, newStoreFixture(t, d)) })
		t.Run("Votes", func(t *testing.T) { testVotes(t, newStoreFixture(t, d)) })
		t.Run("ReportsAndModeration", func(t *testing.T) { testReports(t, newStoreFixture(t, d)) })
		t.Run("GuestsAndTokens", func(t *testing.T) { testGuests(t, newStoreFixture(t, d)) })
		t.Run("ResolvedReports", func(t *testing.T) { testResolvedReports(t, newStoreFixture(t, d)) })
	})
}

func testPages(t *testing.T, f *storeFixture) {
	ctx := context.Background()
	for i := range 45 {
		c := f.add(t, f.alice, 0, fmt.Sprint("comment ", i), Visible)
		f.add(t, f.bilal, c.ID, "reply", Visible)
	}
	f.add(t, 0, 0, "pending guest", Pending)
	var seen []int64
	var before int64
	for page := 0; ; page++ {
		list, more, err := topLevel(ctx, f.d.R(), f.site, f.target, before, PageSize)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.ParentID != 0 || c.Status == Pending {
				t.Fatalf("page %d lists %+v", page, c)
			}
			if len(seen) > 0 && c.ID >= seen[len(seen)-1] {
				t.Fatalf("not newest first: %d after %d", c.ID, seen[len(seen)-1])
			}
			seen = append(seen, c.ID)
		}
		if !more {
			if page != 2 || len(list) != 5 {
				t.Errorf("last page %d has %d comments, want page 2 with 5", page, len(list))
			}
			break
		}
		before = list[len(list)-1].ID
	}
	if len(seen) != 45 {
		t.Errorf("%d top-level comments seen, want 45", len(seen))
	}
	n, err := countVisible(ctx, f.d.R(), f.site, f.target)
	if err != nil || n != 90 {
		t.Errorf("countVisible = %d, %v; want 90", n, err)
	}
	counts, err := countsOf(ctx, f.d.R(), f.site, "commitment", []int64{7, 8})
	if err != nil || counts[7] != 90 || counts[8] != 0 {
		t.Errorf("countsOf = %v, %v", counts, err)
	}
	api, err := publicPage(ctx, f.d.R(), f.site, &f.target, 0, 100)
	if err != nil || len(api) != 90 {
		t.Errorf("publicPage: %d, %v", len(api), err)
	}
	prev, err := lastBody(ctx, f.d.R(), f.site, f.target, f.alice, "")
	if err != nil || prev != "comment 44" {
		t.Errorf("lastBody = %q, %v", prev, err)
	}
}

func testReplies(t *testing.T, f *storeFixture) {
	ctx := context.Background()
	top := f.add(t, f.alice, 0, "top", Visible)
	r1 := f.add(t, f.bilal, top.ID, "r1", Visible)
	r2 := f.add(t, f.bilal, r1.ID, "r2", Visible)
	if got := f.get(t, top.ID).ReplyCount; got != 1 {
		t.Errorf("top has %d replies, want 1", got)
	}
	if r2.Depth != 2 {
		t.Errorf("depth %d, want 2", r2.Depth)
	}
	list, err := repliesOf(ctx, f.d.R(), f.site, top.ID, 10)
	if err != nil || len(list) != 1 || list[0].ID != r1.ID {
		t.Fatalf("repliesOf = %v, %v", list, err)
	}
	// r1 has a reply: deleting it leaves a placeholder without text.
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return remove(ctx, tx, f.get(t, r1.ID)) })
	if c := f.get(t, r1.ID); c.Status != Deleted || c.Body != "" || c.HTML != "" {
		t.Errorf("placeholder = %+v", c)
	}
	// Deleting r2 removes it and the placeholder it leaves alone.
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return remove(ctx, tx, f.get(t, r2.ID)) })
	for _, id := range []int64{r1.ID, r2.ID} {
		if _, err := byID(ctx, f.d.R(), f.site, id); err != db.ErrNotFound {
			t.Errorf("comment %d: %v, want gone", id, err)
		}
	}
	if got := f.get(t, top.ID); got.ReplyCount != 0 || got.Status != Visible {
		t.Errorf("top = %+v", got)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		return edit(ctx, tx, top.ID, "new", "<p>new</p>", NoStance)
	})
	if got := f.get(t, top.ID); got.Body != "new" || got.EditedAt.IsZero() {
		t.Errorf("edited = %+v", got)
	}
}

func testVotes(t *testing.T, f *storeFixture) {
	c := f.add(t, f.alice, 0, "c", Visible)
	for _, step := range []struct {
		user  int64
		value int
		score int
	}{{f.alice, 1, 1}, {f.bilal, 1, 2}, {f.alice, 1, 2}, {f.alice, -1, 0}, {f.bilal, 0, -1}} {
		f.tx(t, func(ctx context.Context, tx *db.Tx) error { return vote(ctx, tx, c.ID, step.user, step.value) })
		if got := f.get(t, c.ID).Score; got != step.score {
			t.Errorf("after %+v score %d", step, got)
		}
	}
	votes, err := votesOf(context.Background(), f.d.R(), f.alice, []int64{c.ID})
	if err != nil || votes[c.ID] != -1 {
		t.Errorf("votesOf = %v, %v", votes, err)
	}
}

func testReports(t *testing.T, f *storeFixture) {
	ctx := context.Background()
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return SetReportThreshold(ctx, tx, f.site, 2) })
	c := f.add(t, f.alice, 0, "c", Visible)
	rep := func(user int64) (added, hidden bool) {
		f.tx(t, func(ctx context.Context, tx *db.Tx) error {
			var err error
			added, hidden, err = report(ctx, tx, f.get(t, c.ID), user, Spam)
			return err
		})
		return
	}
	if added, hidden := rep(f.alice); !added || hidden {
		t.Errorf("first report: added %v hidden %v", added, hidden)
	}
	if added, _ := rep(f.alice); added {
		t.Error("a second report by the same person counted")
	}
	if added, hidden := rep(f.bilal); !added || !hidden {
		t.Errorf("threshold report: added %v hidden %v", added, hidden)
	}
	if n, _ := countVisible(ctx, f.d.R(), f.site, f.target); n != 0 {
		t.Errorf("a hidden comment is counted: %d", n)
	}
	q, err := queue(ctx, f.d.R(), f.site, 0, 10)
	if err != nil || len(q) != 1 || q[0].ID != c.ID {
		t.Fatalf("queue = %v, %v", q, err)
	}
	reasons, err := reasonsOf(ctx, f.d.R(), []int64{c.ID})
	if err != nil || reasons[c.ID][Spam] != 2 {
		t.Errorf("reasonsOf = %v, %v", reasons, err)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, f.get(t, c.ID), Visible, f.bilal) })
	if got := f.get(t, c.ID); got.Status != Visible || got.ReportCount != 0 {
		t.Errorf("restored = %+v", got)
	}
	if n, _ := countVisible(ctx, f.d.R(), f.site, f.target); n != 1 {
		t.Errorf("a restored comment is not counted: %d", n)
	}
	if q, _ := queue(ctx, f.d.R(), f.site, 0, 10); len(q) != 0 {
		t.Errorf("queue after review = %v", q)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return setBlocked(ctx, tx, f.site, f.alice, true) })
	if b, err := isBlocked(ctx, f.d.R(), f.alice); !b || err != nil {
		t.Errorf("isBlocked = %v, %v", b, err)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return setBlocked(ctx, tx, f.site, f.alice, false) })
	if b, _ := isBlocked(ctx, f.d.R(), f.alice); b {
		t.Error("still blocked")
	}
	if err := f.d.InTx(ctx, func(tx *db.Tx) error { return setBlocked(ctx, tx, f.site+1000, f.alice, true) }); err != db.ErrNotFound {
		t.Errorf("blocking on another site: %v", err)
	}
}

func testGuests(t *testing.T, f *storeFixture) {
	ctx := context.Background()
	top := f.add(t, f.alice, 0, "top", Visible)
	g := f.add(t, 0, top.ID, "guest reply", Pending)
	if got := f.get(t, top.ID).ReplyCount; got != 0 {
		t.Errorf("a pending reply is counted: %d", got)
	}
	got := f.get(t, g.ID)
	if !got.Guest || got.Author != "Guest" || strings.Contains(fmt.Sprintf("%+v", *got), "guest@example.ma") {
		t.Errorf("guest comment read back as %+v", got)
	}
	prev, err := lastBody(ctx, f.d.R(), f.site, f.target, 0, "guest@example.ma")
	if err != nil || prev != "guest reply" {
		t.Errorf("guest lastBody = %q, %v", prev, err)
	}
	plain, hash, err := newToken()
	if err != nil {
		t.Fatal(err)
	}
	_, oldHash, _ := newToken()
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		if err := insertToken(ctx, tx, g.ID, oldHash, db.Timestamp{Time: tx.Now().Add(-time.Minute)}); err != nil {
			return err
		}
		return insertToken(ctx, tx, g.ID, hash, db.Timestamp{Time: tx.Now().Add(time.Hour)})
	})
	use := func(h string) (int64, error) {
		var id int64
		err := f.d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			id, err = useToken(ctx, tx, f.site, h)
			return err
		})
		return id, err
	}
	if _, err := use(oldHash); err != db.ErrNotFound {
		t.Errorf("expired token: %v", err)
	}
	if id, err := use(hashToken(plain)); err != nil || id != g.ID {
		t.Errorf("token = %d, %v", id, err)
	}
	if _, err := use(hash); err != db.ErrNotFound {
		t.Errorf("used token: %v", err)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, f.get(t, g.ID), Visible, f.bilal) })
	if got := f.get(t, top.ID).ReplyCount; got != 1 {
		t.Errorf("an approved reply is not counted: %d", got)
	}
}

// testResolvedReports: a decision resolves the reports so far; they still
// bar the same people, and only new reports count, for comments and for
// other kinds alike.
func testResolvedReports(t *testing.T, f *storeFixture) {
	ctx := context.Background()
	c := f.add(t, f.alice, 0, "c", Visible)
	carol, _ := accounttest.NewUser(t, f.d, f.site, auth.Citizen)
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		_, _, err := report(ctx, tx, f.get(t, c.ID), f.bilal, Offensive)
		return err
	})
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return moderate(ctx, tx, f.get(t, c.ID), Visible, f.alice) })
	if reasons, err := reasonsOf(ctx, f.d.R(), []int64{c.ID}); err != nil || len(reasons[c.ID]) != 0 {
		t.Errorf("unresolved reasons after a dismissal: %v %v", reasons, err)
	}
	var added bool
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		var err error
		added, _, err = report(ctx, tx, f.get(t, c.ID), f.bilal, Spam)
		return err
	})
	if added || f.get(t, c.ID).ReportCount != 0 {
		t.Error("the same person reported again after the dismissal")
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		var err error
		added, _, err = report(ctx, tx, f.get(t, c.ID), carol.ID, Spam)
		return err
	})
	if got := f.get(t, c.ID); !added || got.ReportCount != 1 {
		t.Errorf("a new report: added %v, %d open", added, got.ReportCount)
	}
	if reasons, _ := reasonsOf(ctx, f.d.R(), []int64{c.ID}); reasons[c.ID][Spam] != 1 || reasons[c.ID][Offensive] != 0 {
		t.Errorf("open reasons %v", reasons)
	}

	// Another kind: the same table, resolved the same way, listed for the queue.
	other := Target{Kind: "proposal", ID: 42}
	var open int
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		if _, _, err := addReport(ctx, tx, f.site, other, f.alice, Spam); err != nil {
			return err
		}
		_, _, err := addReport(ctx, tx, f.site, other, f.bilal, OffTopic)
		return err
	})
	list, err := reportedThings(ctx, f.d.R(), f.site, []string{"proposal"}, 10)
	if err != nil || len(list) != 1 || list[0].Target != other || list[0].Open != 2 {
		t.Fatalf("reported things %+v %v", list, err)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return resolveReports(ctx, tx, other) })
	if list, _ := reportedThings(ctx, f.d.R(), f.site, []string{"proposal"}, 10); len(list) != 0 {
		t.Errorf("resolved reports still listed: %+v", list)
	}
	f.tx(t, func(ctx context.Context, tx *db.Tx) error {
		added, n, err := addReport(ctx, tx, f.site, other, carol.ID, Spam)
		if !added {
			t.Error("a new person's report was not added")
		}
		open = n
		return err
	})
	if open != 1 {
		t.Errorf("%d open reports after the decision, want the new one only", open)
	}
	// A comment deleted without replies takes its reports with it.
	f.tx(t, func(ctx context.Context, tx *db.Tx) error { return remove(ctx, tx, f.get(t, c.ID)) })
	var n int
	if err := f.d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE target_kind = 'comment' AND target_id = ?`, c.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d reports of a deleted comment, %v", n, err)
	}
}
