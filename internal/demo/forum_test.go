package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestForum(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		s, err := site.BySlug(ctx, d.R(), demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		f, err := forum.Get(ctx, d.R(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		members, _ := forum.Members(ctx, d.R(), s.ID)
		b := forum.Balanced(members)
		if b.Total < 10 || !b.Parity || b.Women.Count != b.Men.Count {
			t.Errorf("balance: %+v", b)
		}
		meetings, _ := forum.Meetings(ctx, d.R(), s.ID)
		if len(meetings) < 8 {
			t.Fatalf("%d meetings", len(meetings))
		}
		texts := []i18n.Text{f.Name, f.Rules}
		for _, m := range meetings {
			texts = append(texts, m.Title, m.Agenda, m.Minutes, m.Decisions, m.Place)
			if y := m.StartsAt.Year(); y < 2021 || y > 2023 {
				t.Errorf("meeting in %d", y)
			}
		}
		for _, text := range texts {
			for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
				if !text.Has(l) {
					t.Errorf("%q has no %s text", text[i18n.AR], l)
				}
			}
		}

		// On the demo, the forum met often enough and civil society twice a year.
		_, facts, err := forum.Gather(ctx, d.R(), s.ID, "plan-2021-2023", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range forum.Evaluate(facts) {
			if (r.Code == forum.ReqForum || r.Code == forum.ReqMeetings) && !r.Met {
				t.Errorf("demo: %s not met: gaps %+v, years %+v", r.Code, r.Gaps, r.Years)
			}
		}

		// A demo loaded before the forum existed gets it once.
		for _, table := range []string{"forum_meeting_files", "forum_meetings", "forum_members", "forums"} {
			if _, err := d.Writer().Exec(`DELETE FROM ` + table); err != nil {
				t.Fatal(err)
			}
		}
		if loaded, err := demo.Load(ctx, d); err != nil || !loaded {
			t.Fatalf("Load on an older demo = %v, %v; want true", loaded, err)
		}
		if loaded, err := demo.Load(ctx, d); err != nil || loaded {
			t.Fatalf("Load again = %v, %v; want false", loaded, err)
		}
		again, _ := forum.Members(ctx, d.R(), s.ID)
		if len(again) != len(members) {
			t.Errorf("%d members after reloading, want %d", len(again), len(members))
		}
	})
}
