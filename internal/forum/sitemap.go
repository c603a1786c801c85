package forum

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
)

// SitemapPages lists the feature's public pages of a site for /sitemap.xml:
// the forum and its meetings (when the site has a forum), the documents and
// each plan's minimum requirements.
func SitemapPages(ctx context.Context, q db.Querier, siteID int64, now time.Time) ([]news.SitemapEntry, error) {
	out := []news.SitemapEntry{{Path: "/documents", LastMod: now}}
	switch f, err := Get(ctx, q, siteID); {
	case err == nil:
		out = append(out, news.SitemapEntry{Path: "/forum", LastMod: f.UpdatedAt.Time})
		ms, err := Meetings(ctx, q, siteID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, news.SitemapEntry{Path: fmt.Sprintf("/forum/meetings/%d", m.ID), LastMod: m.StartsAt.Time})
		}
	case !errors.Is(err, db.ErrNotFound):
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT slug, updated_at FROM plans WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("sitemap plans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		var at db.Timestamp
		if err := rows.Scan(&slug, &at); err != nil {
			return nil, err
		}
		out = append(out, news.SitemapEntry{Path: "/plans/" + slug + "/requirements", LastMod: at.Time})
	}
	return out, rows.Err()
}
