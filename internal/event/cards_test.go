package event_test

import (
	"context"
	"testing"

	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// UpcomingCards lists the events not over yet (one under way included),
// soonest first, bounded, with what a card shows and nothing else.
func TestUpcomingCards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		f.event(t, "held", -48, -45, 0)
		now := f.event(t, "under-way", -1, 2, 0)
		soon := f.event(t, "soon", 24, 27, 10)
		f.event(t, "later", 48, 50, 0)

		cards, err := event.UpcomingCards(ctx, d.R(), f.siteID, at(0).Time, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(cards) != 2 || cards[0].ID != now.ID || cards[1].ID != soon.ID {
			t.Fatalf("cards %+v", cards)
		}
		c := cards[1]
		if c.Slug != "soon" || c.Kind != event.Forum || c.Title[i18n.AR] != "منتدى soon" || !c.StartsAt.Equal(at(24).Time) ||
			!c.EndsAt.Equal(at(27).Time) || c.Timezone != "Africa/Casablanca" || c.OnlineURL != "https://example.org/live" {
			t.Errorf("card %+v", c)
		}
		if c.Organisers != nil || c.Speakers != nil || c.Capacity != 0 {
			t.Errorf("a card reads only what lists show: %+v", c)
		}
		all, err := event.UpcomingCards(ctx, d.R(), f.siteID, at(0).Time, 10)
		if err != nil || len(all) != 3 {
			t.Errorf("every upcoming event: %d %v", len(all), err)
		}
		if other, err := event.UpcomingCards(ctx, d.R(), f.siteID+1000, at(0).Time, 10); err != nil || len(other) != 0 {
			t.Errorf("another site: %d %v", len(other), err)
		}
	})
}
