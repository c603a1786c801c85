package opendata

import (
	"context"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
)

// SitemapPages are the open-data pages for /sitemap.xml, the participation
// figures included. They carry no
// modification time: /data changes with the plans, consultations and tags,
// whose own entries say when.
func SitemapPages(context.Context, db.Querier, int64, time.Time) ([]news.SitemapEntry, error) {
	return []news.SitemapEntry{{Path: "/data"}, {Path: "/data/api"}, {Path: "/participation"}}, nil
}
