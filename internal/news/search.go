package news

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// News in the search index: a post is found once published. A post written
// with a publication time to come enters the index when IndexDue sees that
// time has come (the worker runs it every round).

func indexPost(ctx context.Context, tx *db.Tx, p *Post, now time.Time) error {
	if !p.PublicAt(now) {
		return search.Remove(ctx, tx, p.SiteID, "news", p.ID)
	}
	return search.Index(ctx, tx, search.Doc{
		SiteID: p.SiteID, Kind: "news", RefID: p.ID, URL: "/news/" + p.Slug,
		Title: p.Title, Body: i18n.Join(p.Summary, p.Body), Date: p.PublishedAt.Time,
	})
}

// IndexDue indexes the posts whose publication time has come since they
// were written.
func IndexDue(ctx context.Context, d *db.DB, now time.Time) error {
	rows, err := d.R().QueryContext(ctx, `SELECT p.site_id, p.id FROM news_posts p
		WHERE p.published_at IS NOT NULL AND p.published_at <= ?
		AND NOT EXISTS (SELECT 1 FROM search_docs s WHERE s.site_id = p.site_id AND s.kind = 'news' AND s.ref_id = p.id)`,
		db.Timestamp{Time: now})
	if err != nil {
		return fmt.Errorf("news due for search: %w", err)
	}
	type due struct{ site, id int64 }
	var dues []due
	for rows.Next() {
		var x due
		if err := rows.Scan(&x.site, &x.id); err != nil {
			rows.Close()
			return err
		}
		dues = append(dues, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(dues) == 0 {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, x := range dues {
			p, err := PostByID(ctx, tx, x.site, x.id)
			if err != nil {
				return err
			}
			if err := indexPost(ctx, tx, p, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reindex puts the site's published posts in the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM news_posts WHERE site_id = ?`, siteID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		p, err := PostByID(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if err := indexPost(ctx, tx, p, tx.Now()); err != nil {
			return err
		}
	}
	return nil
}
