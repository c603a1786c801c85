package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestNewsAndEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		s, err := site.BySlug(ctx, d.R(), demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		forum, err := event.BySlug(ctx, d.R(), s.ID, "open-smart-regions-forum-2020")
		if err != nil {
			t.Fatal(err)
		}
		casa, _ := time.LoadLocation("Africa/Casablanca")
		if y, m, day := forum.StartsAt.In(casa).Date(); y != 2020 || m != time.November || day != 20 || forum.Kind != event.Forum {
			t.Errorf("forum on %v, kind %s", forum.StartsAt, forum.Kind)
		}
		if len(forum.Organisers) != 1 || len(forum.Partners) != 3 || len(forum.Speakers) == 0 {
			t.Errorf("forum: %d organisers, %d partners, %d speakers", len(forum.Organisers), len(forum.Partners), len(forum.Speakers))
		}
		post, err := news.PostBySlug(ctx, d.R(), s.ID, "open-smart-regions-forum")
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []i18n.Text{forum.Title, forum.Description, forum.Minutes, post.Title, post.Summary, post.Body} {
			for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
				if !text.Has(l) {
					t.Errorf("%q has no %s text", text[i18n.AR], l)
				}
			}
		}
		if !post.PublicAt(time.Now()) || len(post.Commitments) != 1 {
			t.Errorf("post: published %v, %d commitments", post.PublishedAt, len(post.Commitments))
		}
		posts, _ := news.Posts(ctx, d.R(), s.ID, news.ListFilter{Limit: 100})
		events, _ := event.List(ctx, d.R(), s.ID, event.Filter{})
		if len(posts) < 3 || len(events) < 3 {
			t.Errorf("%d posts, %d events", len(posts), len(events))
		}
		now := time.Now()
		if up, _ := event.List(ctx, d.R(), s.ID, event.Filter{Upcoming: &now}); len(up) == 0 {
			t.Error("no upcoming event to register for")
		}

		// A demo loaded before news and events existed gets them once.
		if _, err := d.Writer().Exec(`DELETE FROM news_posts`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`DELETE FROM events`); err != nil {
			t.Fatal(err)
		}
		if loaded, err := demo.Load(ctx, d); err != nil || !loaded {
			t.Fatalf("Load on an older demo = %v, %v; want true", loaded, err)
		}
		if loaded, err := demo.Load(ctx, d); err != nil || loaded {
			t.Fatalf("Load again = %v, %v; want false", loaded, err)
		}
		again, _ := news.Posts(ctx, d.R(), s.ID, news.ListFilter{Limit: 100})
		if len(again) != len(posts) {
			t.Errorf("%d posts after reloading, want %d", len(again), len(posts))
		}
	})
}
