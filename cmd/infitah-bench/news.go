package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/platform/db"
)

// The news scenario (-news): a news article whose thread holds
// articleComments comments, read at -conns connections by newsVisitors
// distinct simulated readers (each its own browser User-Agent, so the
// server's cookieless view counter tells them apart), against the trivial
// handler serving a body of the same size. The article page is never cached
// (every view must be counted), so each request renders it. The view count
// must rise by exactly the number of readers who were served.
const (
	articleComments = 50
	newsVisitors    = 5000
	minNewsRatio    = 0.30
	maxNewsP99      = 20 * time.Millisecond
)

// visitorAgent is the User-Agent of simulated reader i: a browser's, which
// the view counter counts.
func visitorAgent(i int) string {
	return "Mozilla/5.0 (X11; Linux x86_64; reader " + strconv.Itoa(i) + ") Gecko/20100101 Firefox/128.0"
}

// seedArticle writes n visible comments on the news post and their count.
func seedArticle(ctx context.Context, d *db.DB, siteID, postID int64, n int) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		now := db.Timestamp{Time: tx.Now()}
		for i := range n {
			body := "Reader " + strconv.Itoa(i) + " on this **article**, with a [link](https://example.org/" + strconv.Itoa(i) + ")."
			html, _ := comment.Render(body)
			if _, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, guest_name, body, body_html,
				created_at) VALUES (?, 'news', ?, ?, ?, ?, ?)`, siteID, postID, "Reader "+strconv.Itoa(i), body, html, now); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO comment_counts (site_id, target_kind, target_id, visible) VALUES (?, 'news', ?, ?)
			ON CONFLICT (site_id, target_kind, target_id) DO UPDATE SET visible = comment_counts.visible + excluded.visible`,
			siteID, postID, n)
		return err
	})
}

// runNews seeds the article, then measures it against the trivial handler
// in alternating rounds and checks the view count.
func runNews(ctx context.Context, cfg config, d *db.DB, client *http.Client, siteURL string, out io.Writer) error {
	var siteID, postID int64
	var slug string
	err := d.R().QueryRowContext(ctx, `SELECT site_id, id, slug FROM news_posts WHERE published_at IS NOT NULL AND published_at <= ?
		ORDER BY published_at DESC, id DESC LIMIT 1`, db.Timestamp{Time: time.Now()}).Scan(&siteID, &postID, &slug)
	if err != nil {
		return fmt.Errorf("no published news post (is the demo loaded?): %w", err)
	}
	if err := seedArticle(ctx, d, siteID, postID, articleComments); err != nil {
		return fmt.Errorf("seed comments: %w", err)
	}
	views := func() (int, error) {
		var n int
		err := d.R().QueryRowContext(ctx, `SELECT view_count FROM news_posts WHERE id = ?`, postID).Scan(&n)
		return n, err
	}
	before, err := views()
	if err != nil {
		return err
	}
	articleURL := siteURL + "/news/" + slug
	// The default Go User-Agent is a program's: this fetch is not counted.
	body, err := fetchHTML(ctx, client, articleURL)
	if err != nil {
		return err
	}
	trivialURL, stopTrivial, err := serve(trivialHandler(map[string][]byte{"/article": body}))
	if err != nil {
		return err
	}
	defer stopTrivial()

	fmt.Fprintf(out, "news: article /news/%s with %d comments (%s), %d distinct readers, %d connections, %v per target in %d rounds (+%v warm-up)\n\n",
		slug, articleComments, d.Dialect, newsVisitors, cfg.conns, cfg.duration, cfg.rounds, cfg.warmup)
	if cfg.cpuprofile != "" {
		f, err := os.Create(cfg.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	served := make([]atomic.Bool, newsVisitors) // readers served the article at least once
	var next atomic.Int64                       // the next reader, round-robin over all of them
	names := []string{"trivial handler (article size)", "news article, " + strconv.Itoa(articleComments) + " comments"}
	urls := []string{trivialURL + "/article", articleURL}
	if cfg.warmup > 0 {
		for i, u := range urls {
			if w := measureReaders(ctx, client, u, cfg.conns, cfg.warmup, &next, servedIf(i == 1, served)); w.errors > 0 {
				return fmt.Errorf("warm-up of %s: %d errors, first: %s", names[i], w.errors, w.firstErr)
			}
		}
	}
	results := make([]result, len(urls))
	round := cfg.duration / time.Duration(cfg.rounds)
	for range cfg.rounds {
		for i, u := range urls {
			results[i].add(measureReaders(ctx, client, u, cfg.conns, round, &next, servedIf(i == 1, served)))
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	for i := range results {
		slices.Sort(results[i].latencies)
	}
	after, err := views()
	if err != nil {
		return err
	}
	readers := 0
	for i := range served {
		if served[i].Load() {
			readers++
		}
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "news scenario\trequests\treq/s\tp50\tp99\terrors\tbody\t")
	for i, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t%s\t\n", names[i], r.requests, r.rate(), ms(r.percentile(0.5)), ms(r.percentile(0.99)), r.errors, size(r.meanBody()))
	}
	tw.Flush()
	fmt.Fprintln(out)
	verdict := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "MISSED"
	}
	ratio := 0.0
	if results[0].rate() > 0 {
		ratio = results[1].rate() / results[0].rate()
	}
	p99 := results[1].percentile(0.99)
	fmt.Fprintf(out, "  %-6s  %-48s %.0f%%\n", verdict(ratio >= minNewsRatio), fmt.Sprintf("article ≥ %.0f%% of the trivial handler's req/s", minNewsRatio*100), ratio*100)
	fmt.Fprintf(out, "  %-6s  %-48s %s\n", verdict(results[1].requests > 0 && p99 < maxNewsP99), fmt.Sprintf("article p99 < %v", maxNewsP99), ms(p99))
	fmt.Fprintf(out, "  %-6s  %-48s %d views for %d readers\n", verdict(after-before == readers), "view count = distinct readers served", after-before, readers)
	for i, r := range results {
		if r.errors > 0 {
			return fmt.Errorf("%s: %d errors, first: %s", names[i], r.errors, r.firstErr)
		}
	}
	if after-before != readers {
		return fmt.Errorf("the view count rose by %d for %d distinct readers", after-before, readers)
	}
	return nil
}

// servedIf returns served when on, else nil (the trivial handler counts no one).
func servedIf(on bool, served []atomic.Bool) []atomic.Bool {
	if on {
		return served
	}
	return nil
}

// measureReaders drives url from conns connections for d, each request as
// the next of the simulated readers (its User-Agent); a reader served a 200
// is marked in served when not nil.
func measureReaders(ctx context.Context, c *http.Client, url string, conns int, d time.Duration, next *atomic.Int64, served []atomic.Bool) result {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total result
	)
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			var r result
			for ctx.Err() == nil && time.Now().Before(deadline) {
				reader := int(next.Add(1) % newsVisitors)
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if err != nil {
					r.errors++
					continue
				}
				req.Header.Set("User-Agent", visitorAgent(reader))
				t0 := time.Now()
				res, err := c.Do(req)
				var n int64
				if err == nil {
					n, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: status %d", url, res.StatusCode)
					}
				}
				took := time.Since(t0)
				if err != nil {
					r.errors++
					if r.firstErr == "" {
						r.firstErr = err.Error()
					}
					continue
				}
				if served != nil {
					served[reader].Store(true)
				}
				r.requests++
				r.bytes += n
				r.latencies = append(r.latencies, took)
			}
			mu.Lock()
			defer mu.Unlock()
			total.add(r)
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return total
}
