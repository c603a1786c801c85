package server

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/search"
	"github.com/infitah/infitah/internal/site"
)

// searchHandler gives the search page its filter choices from the features
// that own them; search itself imports no feature.
func searchHandler(d *db.DB, h *search.Handler) *search.Handler {
	h.Plans = func(ctx context.Context, siteID int64, l i18n.Locale) ([]search.Option, error) {
		ps, err := plan.Plans(ctx, d.R(), siteID, 0, 100)
		if err != nil {
			return nil, err
		}
		out := make([]search.Option, len(ps))
		for i, p := range ps {
			out[i] = option(p.ID, p.Title, l)
		}
		return out, nil
	}
	h.Organisations = func(ctx context.Context, siteID int64, l i18n.Locale) ([]search.Option, error) {
		os, err := account.Organisations(ctx, d.R(), siteID, 0, 100)
		if err != nil {
			return nil, err
		}
		out := make([]search.Option, len(os))
		for i, o := range os {
			out[i] = option(o.ID, o.Name, l)
		}
		return out, nil
	}
	return h
}

// option is a filter's choice, labelled in l or its fallback.
func option(id int64, label i18n.Text, l i18n.Locale) search.Option {
	s, from := label.Pick(l)
	o := search.Option{ID: id, Label: s}
	if from != l {
		o.Lang = from
	}
	return o
}

// reindexers put one feature's content of a site back in the search index.
// A feature with searchable content adds its function here.
var reindexers = []func(ctx context.Context, tx *db.Tx, siteID int64) error{
	plan.Reindex,
	account.ReindexOrganisations,
	consult.Reindex,
	news.Reindex,
	event.Reindex,
	comment.Reindex,
	forum.Reindex,
	petition.Reindex,
	budget.Reindex,
}

// searchJobs are the worker's search chores: posts whose publication time
// has come enter the index.
func searchJobs(d *db.DB) []outbox.Job {
	return []outbox.Job{{Name: "search: news due", Run: func(ctx context.Context, now time.Time) error {
		return news.IndexDue(ctx, d, now)
	}}}
}

// Reindex rebuilds the search index of every site from the content, one
// transaction per site, and returns how many documents each site has.
func Reindex(ctx context.Context, d *db.DB) (map[string]int, error) {
	sites, err := site.All(ctx, d.R())
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, s := range sites {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := search.RemoveSite(ctx, tx, s.ID); err != nil {
				return err
			}
			for _, reindex := range reindexers {
				if err := reindex(ctx, tx, s.ID); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_docs WHERE site_id = ?`, s.ID).Scan(&n); err != nil {
				return err
			}
			counts[s.Slug] = n
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reindex site %s: %w", s.Slug, err)
		}
	}
	return counts, nil
}
