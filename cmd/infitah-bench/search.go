package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/demo/scale"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// Search targets: indexing at least 10,000 documents a second, and over
// 1,000 varied two-word queries, a 95th percentile under 50 ms.
const (
	searchIndexTarget = 10_000.0
	searchP95Target   = 50 * time.Millisecond
	searchQueries     = 1000
)

// runSearch fills the search test corpus with n synthetic documents (unless
// the database already holds them), then asks /api/v1/search two-word
// queries one after another, as people do, and reports the latencies.
func runSearch(ctx context.Context, cfg config, d *db.DB, dir string, out io.Writer) error {
	demoSite, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		return err
	}
	ar, fr, err := scale.VocabulariesOf(ctx, d.R(), demoSite.ID)
	if err != nil {
		return err
	}
	have := 0
	if s, err := site.BySlug(ctx, d.R(), scale.Slug); err == nil {
		if err := d.R().QueryRowContext(ctx, `SELECT count(*) FROM search_docs WHERE site_id = ?`, s.ID).Scan(&have); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "infitah-bench search: database %s, corpus of %d documents (%d there already)\n", d.Dialect, cfg.searchDocs, have)
	if add := cfg.searchDocs - have; add > 0 {
		elapsed, err := scale.Fill(ctx, d, ar, fr, add, 10000, uint64(have)+1, func(done int) {
			if done%100_000 == 0 {
				fmt.Fprintf(out, "  indexed %d\n", done)
			}
		})
		if err != nil {
			return err
		}
		rate := float64(add) / elapsed.Seconds()
		fmt.Fprintf(out, "indexing: %d documents in %s: %.0f documents/s (target ≥ %.0f: %s)\n",
			add, elapsed.Round(time.Millisecond), rate, searchIndexTarget, searchVerdict(rate >= searchIndexTarget))
	}
	var size int64
	q := `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`
	if d.Dialect == db.Postgres {
		q = `SELECT pg_database_size(current_database())`
	}
	if err := d.R().QueryRowContext(ctx, q).Scan(&size); err == nil {
		fmt.Fprintf(out, "database size: %.0f MB\n", float64(size)/1e6)
	}

	// The server learns its sites when it starts: start it after the fill.
	srv, err := server.New(ctx, d, server.Options{Log: slog.New(slog.DiscardHandler), DataDir: dir})
	if err != nil {
		return err
	}
	siteURL, stop, err := serve(srv.Handler())
	if err != nil {
		return err
	}
	defer stop()
	client := newClient(1)
	defer client.CloseIdleConnections()

	g := scale.NewGenerator(ar, fr, 20201120)
	lat := make([]time.Duration, 0, searchQueries)
	found := make([]int, 0, searchQueries)
	for range searchQueries {
		query := g.Query()
		start := time.Now()
		total, err := searchOnce(ctx, client, siteURL+"/api/v1/search?q="+url.QueryEscape(query))
		if err != nil {
			return fmt.Errorf("query %q: %w", query, err)
		}
		lat = append(lat, time.Since(start))
		found = append(found, total)
	}
	slices.Sort(lat)
	slices.Sort(found)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Fprintf(out, "queries: %d two-word queries, one at a time: p50 %s, p95 %s, p99 %s, max %s (target p95 < %s: %s)\n",
		len(lat), pct(.50).Round(10*time.Microsecond), pct(.95).Round(10*time.Microsecond), pct(.99).Round(10*time.Microsecond),
		lat[len(lat)-1].Round(10*time.Microsecond), searchP95Target, searchVerdict(pct(.95) < searchP95Target))
	fmt.Fprintf(out, "results per query: median %d, 95th percentile %d, most %d\n",
		found[len(found)/2], found[len(found)*95/100], found[len(found)-1])
	return nil
}

func searchOnce(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Host = "scale.invalid"
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var body struct {
		Total int `json:"total"`
	}
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return 0, fmt.Errorf("status %d: %.200s", res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, err
	}
	return body.Total, nil
}

func searchVerdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
