package news_test

import (
	"context"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// LatestCards lists the posts published at the time asked, newest first,
// bounded, with their covers, and without bodies, tags or commitments.
func TestLatestCards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID, cID := newSite(t, d, "s1")
		otherSite, _ := newSite(t, d, "s2")
		cover := files.Upload{Hash: strings.Repeat("ab", 32), Name: "cover.png", ContentType: "image/png", Size: 10}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return files.Record(ctx, tx, siteID, cover) }); err != nil {
			t.Fatal(err)
		}
		create(t, d, &news.Post{SiteID: siteID, Slug: "old", Title: i18n.Text{i18n.AR: "قديم"}, PublishedAt: at(-9)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "covered", Title: i18n.Text{i18n.AR: "بصورة"}, Summary: i18n.Text{i18n.AR: "ملخص"},
			Body: i18n.Text{i18n.AR: "نص طويل"}, Byline: "الفريق", CoverHash: cover.Hash, CoverAlt: i18n.Text{i18n.AR: "صورة المنتدى"},
			Tags: []string{"forum"}, Commitments: []news.CommitmentRef{{ID: cID}}, PublishedAt: at(-1)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "middle", Title: i18n.Text{i18n.AR: "وسط"}, PublishedAt: at(-3)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "scheduled", Title: i18n.Text{i18n.AR: "لاحقاً"}, PublishedAt: at(2)})
		create(t, d, &news.Post{SiteID: siteID, Slug: "draft", Title: i18n.Text{i18n.AR: "مسودة"}})
		create(t, d, &news.Post{SiteID: otherSite, Slug: "elsewhere", Title: i18n.Text{i18n.AR: "موقع آخر"}, PublishedAt: at(-1)})

		cards, err := news.LatestCards(ctx, d.R(), siteID, at(0).Time, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(cards) != 2 || cards[0].Slug != "covered" || cards[1].Slug != "middle" {
			t.Fatalf("cards %+v", cards)
		}
		c := cards[0]
		if c.CoverURL != "/files/"+cover.Hash || c.CoverAlt[i18n.AR] != "صورة المنتدى" || c.Summary[i18n.AR] != "ملخص" ||
			c.Byline != "الفريق" || !c.PublishedAt.Equal(at(-1).Time) {
			t.Errorf("card %+v", c)
		}
		if c.Body != nil || c.Tags != nil || c.Commitments != nil {
			t.Errorf("a card reads only what lists show: %+v", c)
		}
		if cards[1].CoverURL != "" {
			t.Errorf("a post without a cover: %q", cards[1].CoverURL)
		}
		all, err := news.LatestCards(ctx, d.R(), siteID, at(0).Time, 10)
		if err != nil || len(all) != 3 {
			t.Errorf("every published post: %d %v", len(all), err)
		}
	})
}
