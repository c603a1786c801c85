package news_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// newSite creates a site with a plan of one commitment and returns their ids.
func newSite(t *testing.T, d *db.DB, slug string) (siteID, commitmentID int64) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		s := site.Site{Slug: slug, Name: i18n.Text{i18n.AR: "جهة"}, Timezone: "Africa/Casablanca"}
		if err := site.Upsert(ctx, tx, &s); err != nil {
			return err
		}
		siteID = s.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, commitmentID = addPlan(t, d, siteID)
	return siteID, commitmentID
}

// addPlan adds a plan with one commitment to the site.
func addPlan(t *testing.T, d *db.DB, siteID int64) (planID, commitmentID int64) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		p := plan.Plan{SiteID: siteID, Slug: "plan", Title: i18n.Text{i18n.AR: "خطة"}, PeriodStart: 2021, PeriodEnd: 2023, Status: plan.PlanImplementing}
		if err := plan.UpsertPlan(ctx, tx, &p); err != nil {
			return err
		}
		c := plan.Commitment{PlanID: p.ID, Ref: "C1", Position: 1, Title: i18n.Text{i18n.AR: "التزام"}, Status: plan.InProgress}
		if err := plan.UpsertCommitment(ctx, tx, siteID, &c); err != nil {
			return err
		}
		planID, commitmentID = p.ID, c.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return planID, commitmentID
}

func create(t *testing.T, d *db.DB, p *news.Post) {
	t.Helper()
	if err := d.InTx(context.Background(), func(tx *db.Tx) error { return news.Create(context.Background(), tx, p) }); err != nil {
		t.Fatalf("create %s: %v", p.Slug, err)
	}
}

func at(days int) db.Timestamp {
	return db.Timestamp{Time: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, days)}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID, cID := newSite(t, d, "s1")
		otherSite, otherC := newSite(t, d, "s2")
		now := at(0).Time

		first := &news.Post{SiteID: siteID, Slug: "first", Title: i18n.Text{i18n.AR: "الأول", i18n.FR: "Premier"},
			Body: i18n.Text{i18n.AR: "نص"}, Tags: []string{"forum", "منتدى"}, PublishedAt: at(-3), CommentsOpen: true,
			Commitments: []news.CommitmentRef{{ID: cID}, {ID: otherC}}} // the other site's commitment is ignored
		create(t, d, first)
		create(t, d, &news.Post{SiteID: siteID, Slug: "second", Title: i18n.Text{i18n.AR: "الثاني"}, Tags: []string{"forum"}, PublishedAt: at(-1)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "same-time", Title: i18n.Text{i18n.AR: "نفس الوقت"}, PublishedAt: at(-1)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "scheduled", Title: i18n.Text{i18n.AR: "لاحقاً"}, Tags: []string{"forum"}, PublishedAt: at(2)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "draft", Title: i18n.Text{i18n.AR: "مسودة"}})
		create(t, d, &news.Post{SiteID: otherSite, Slug: "first", Title: i18n.Text{i18n.AR: "موقع آخر"}, PublishedAt: at(-1)})

		// The same slug twice on one site is a unique violation.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return news.Create(ctx, tx, &news.Post{SiteID: siteID, Slug: "first", Title: i18n.Text{i18n.AR: "x"}})
		})
		if !db.IsUniqueViolation(err) {
			t.Errorf("duplicate slug: %v, want a unique violation", err)
		}

		got, err := news.PostBySlug(ctx, d.R(), siteID, "first")
		if err != nil {
			t.Fatal(err)
		}
		if got.Title[i18n.FR] != "Premier" || strings.Join(got.Tags, ",") != "forum,منتدى" || !got.CommentsOpen ||
			len(got.Commitments) != 1 || got.Commitments[0].ID != cID || got.Commitments[0].Ref != "C1" || !got.PublishedAt.Equal(at(-3).Time) {
			t.Errorf("read back %+v", got)
		}
		if _, err := news.PostBySlug(ctx, d.R(), siteID, "nope"); err != db.ErrNotFound {
			t.Errorf("unknown slug: %v", err)
		}
		if _, err := news.PostByID(ctx, d.R(), otherSite, got.ID); err != db.ErrNotFound {
			t.Errorf("another site's post: %v", err)
		}

		slugs := func(ps []news.Post) string {
			var s []string
			for _, p := range ps {
				s = append(s, p.Slug)
			}
			return strings.Join(s, ",")
		}
		public, err := news.Posts(ctx, d.R(), siteID, news.ListFilter{PublicAt: now, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if s := slugs(public); s != "same-time,second,first" {
			t.Errorf("public posts %s", s)
		}
		// Pages of one follow on without gaps or repeats.
		var paged []news.Post
		var after int64
		for range 5 {
			page, err := news.Posts(ctx, d.R(), siteID, news.ListFilter{PublicAt: now, After: after, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			paged = append(paged, page...)
			after = page[0].ID
		}
		if slugs(paged) != slugs(public) {
			t.Errorf("paged %s, want %s", slugs(paged), slugs(public))
		}
		tagged, _ := news.Posts(ctx, d.R(), siteID, news.ListFilter{PublicAt: now, Tag: "forum", Limit: 10})
		if s := slugs(tagged); s != "second,first" {
			t.Errorf("tagged %s", s)
		}
		all, _ := news.Posts(ctx, d.R(), siteID, news.ListFilter{Limit: 10})
		if s := slugs(all); s != "draft,scheduled,same-time,second,first" {
			t.Errorf("all posts %s", s)
		}
		about, _ := news.Posts(ctx, d.R(), siteID, news.ListFilter{PublicAt: now, Commitment: cID, Limit: 10})
		if s := slugs(about); s != "first" {
			t.Errorf("posts about the commitment %s", s)
		}
		tags, err := news.Tags(ctx, d.R(), siteID, now)
		if err != nil || len(tags) != 2 || tags[0] != (news.TagCount{Tag: "forum", Count: 2}) {
			t.Errorf("tags %v %v", tags, err)
		}

		// Update: a stale version is refused, the current one saved.
		got.Title[i18n.EN] = "First"
		got.Tags = []string{"open-data"}
		got.Commitments = nil
		err = d.InTx(ctx, func(tx *db.Tx) error { return news.Update(ctx, tx, got, got.Version+1) })
		if !news.IsStale(err) {
			t.Errorf("stale update: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return news.Update(ctx, tx, got, got.Version) }); err != nil {
			t.Fatal(err)
		}
		again, _ := news.PostByID(ctx, d.R(), siteID, got.ID)
		if again.Title[i18n.EN] != "First" || strings.Join(again.Tags, ",") != "open-data" || len(again.Commitments) != 0 || again.Version != got.Version {
			t.Errorf("updated %+v", again)
		}

		for range 3 {
			if err := news.CountView(ctx, d, got.ID); err != nil {
				t.Fatal(err)
			}
		}
		again, _ = news.PostByID(ctx, d.R(), siteID, got.ID)
		if again.Views != 3 {
			t.Errorf("views %d, want 3", again.Views)
		}
	})
}

func TestCommentHooks(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	siteID, _ := newSite(t, d, "s")
	open := &news.Post{SiteID: siteID, Slug: "open", Title: i18n.Text{i18n.AR: "مفتوح"}, PublishedAt: at(-1), CommentsOpen: true}
	draft := &news.Post{SiteID: siteID, Slug: "draft", Title: i18n.Text{i18n.AR: "مسودة"}, CommentsOpen: true}
	create(t, d, open)
	create(t, d, draft)
	title, url, isOpen, err := news.Commentable(ctx, d.R(), siteID, open.ID, at(0).Time)
	if err != nil || title[i18n.AR] != "مفتوح" || url != "/news/open" || !isOpen {
		t.Errorf("Commentable = %v %q %v %v", title, url, isOpen, err)
	}
	if _, _, _, err := news.Commentable(ctx, d.R(), siteID, draft.ID, at(0).Time); err != db.ErrNotFound {
		t.Errorf("a draft is commentable: %v", err)
	}
	if err := d.InTx(ctx, func(tx *db.Tx) error { return news.SetCommentCount(ctx, tx, open.ID, 4) }); err != nil {
		t.Fatal(err)
	}
	if p, _ := news.PostByID(ctx, d.R(), siteID, open.ID); p.Comments != 4 {
		t.Errorf("comment count %d", p.Comments)
	}
}
