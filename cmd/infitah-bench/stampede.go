package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// The stampede scenario (-stampede): the home page and the plan page,
// fetched as readers fetch them (the page cache may answer), at 1, 4 and 32
// connections, while the page cache keeps an entry for only -page-ttl (1 ms
// unless set): less than a render takes, as when a slow page meets the
// production TTL of 2 s. Every expired entry then meets many concurrent
// misses at once, which is what the cache must absorb: it shows whether
// they wait for one render or each render the page, and whether an entry
// outlives the render that made it.
var stampedeConns = []int{1, 4, 32}

const stampedeTTL = time.Millisecond

// runStampede measures each page at each connection count, in -rounds
// rounds, and prints requests per second, latencies and, when the server
// exports it, how many renders the page cache ran.
func runStampede(ctx context.Context, cfg config, siteURL string, out io.Writer) error {
	pages := []string{"/", "/plans/" + planSlug}
	type run struct {
		page  string
		conns int
		res   result
		// renders is how many renders the page cache ran meanwhile; -1
		// when the server does not export the figure.
		renders float64
	}
	var runs []*run
	for _, p := range pages {
		for _, n := range stampedeConns {
			runs = append(runs, &run{page: p, conns: n})
		}
	}
	fmt.Fprintf(out, "stampede: page cache TTL %v, %v per target in %d rounds (+%v warm-up); connections %v\n\n",
		cfg.pageTTL, cfg.duration, cfg.rounds, cfg.warmup, stampedeConns)
	clients := map[int]*http.Client{}
	for _, n := range stampedeConns {
		clients[n] = newClient(n)
		defer clients[n].CloseIdleConnections()
	}
	metrics := newClient(1)
	defer metrics.CloseIdleConnections()
	for _, r := range runs {
		t := target{name: r.page, url: siteURL + r.page}
		if cfg.warmup > 0 {
			if w := measure(ctx, clients[r.conns], t, r.conns, cfg.warmup, cfg.maxRequests); w.errors > 0 {
				return fmt.Errorf("warm-up of %s: %d errors, first: %s", r.page, w.errors, w.firstErr)
			}
		}
	}
	round := cfg.duration / time.Duration(cfg.rounds)
	for range cfg.rounds {
		for _, r := range runs {
			t := target{name: r.page, url: siteURL + r.page}
			before, ok := renders(ctx, metrics, siteURL)
			r.res.add(measure(ctx, clients[r.conns], t, r.conns, round, max(cfg.maxRequests/cfg.rounds, 1)))
			after, ok2 := renders(ctx, metrics, siteURL)
			if ok && ok2 && r.renders >= 0 {
				r.renders += after - before
			} else {
				r.renders = -1
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page\tconns\trequests\treq/s\tp50\tp99\terrors\trenders\trequests per render\t")
	for _, r := range runs {
		slices.Sort(r.res.latencies)
		rendered, per := "n/a", "n/a"
		if r.renders >= 0 {
			rendered = strconv.FormatFloat(r.renders, 'f', 0, 64)
			if r.renders > 0 {
				per = strconv.FormatFloat(float64(r.res.requests)/r.renders, 'f', 1, 64)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%d\t%s\t%s\t\n", r.page, r.conns, r.res.requests, r.res.rate(),
			ms(r.res.percentile(0.5)), ms(r.res.percentile(0.99)), r.res.errors, rendered, per)
	}
	tw.Flush()
	for _, r := range runs {
		if r.res.errors > 0 {
			return fmt.Errorf("%s at %d connections: %d errors, first: %s", r.page, r.conns, r.res.errors, r.res.firstErr)
		}
	}
	return nil
}

// renders reads the page cache's render counter from /metrics (false when
// the server has none).
func renders(ctx context.Context, c *http.Client, siteURL string) (float64, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, siteURL+"/metrics", nil)
	if err != nil {
		return 0, false
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, false
	}
	defer res.Body.Close()
	const name = "infitah_page_cache_renders_total "
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}
