package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The comment scenarios (-comments): a commitment page whose thread holds
// threadSize comments, read at -conns connections, and comments posted over
// HTTP through the API by many people from many loopback addresses (the
// rate limits are per person and per address, as in real use).
const (
	threadSize        = 10_000
	maxCommentP99     = 30 * time.Millisecond
	minPostsPerSecond = 500
	posters           = 2000 // people posting, each within their own rate limit
	posterAddrs       = 250  // loopback source addresses (127.0.1.x, 127.0.2.x)
)

// seedThread writes n comments (a tenth of them replies) on the commitment,
// in one transaction.
func seedThread(ctx context.Context, d *db.DB, siteID, commitmentID int64, n int) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		now := db.Timestamp{Time: tx.Now()}
		var parent int64
		for i := range n {
			body := "Comment " + strconv.Itoa(i) + " on this **commitment**, with a [link](https://example.org/" + strconv.Itoa(i) + ")."
			html, _ := comment.Render(body)
			var p any
			depth := 0
			if i%10 == 9 && parent != 0 {
				p, depth = parent, 1
			}
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, parent_id, depth, guest_name,
				body, body_html, created_at) VALUES (?, 'commitment', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				siteID, commitmentID, p, depth, "Reader "+strconv.Itoa(i), body, html, now).Scan(&id)
			if err != nil {
				return err
			}
			if p != nil {
				if _, err := tx.ExecContext(ctx, `UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?`, parent); err != nil {
					return err
				}
			} else {
				parent = id
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO comment_counts (site_id, target_kind, target_id, visible) VALUES (?, 'commitment', ?, ?)
			ON CONFLICT (site_id, target_kind, target_id) DO UPDATE SET visible = comment_counts.visible + excluded.visible`,
			siteID, commitmentID, n)
		return err
	})
}

// makePosters creates people with a comments:write token each.
func makePosters(ctx context.Context, d *db.DB, siteID int64, n int) ([]string, error) {
	tokens := make([]string, 0, n)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i := range n {
			u := &account.UserRecord{SiteID: siteID, Email: fmt.Sprintf("poster-%d@bench.invalid", i), Name: fmt.Sprintf("Poster %d", i),
				PasswordHash: "-", Role: auth.Citizen, Locale: i18n.Default, VerifiedAt: db.Timestamp{Time: tx.Now()}}
			if err := account.CreateUser(ctx, tx, u); err != nil {
				return err
			}
			tok, err := account.CreateToken(ctx, tx, u.ID, "bench", []string{comment.ScopeWrite})
			if err != nil {
				return err
			}
			tokens = append(tokens, tok)
		}
		return nil
	})
	return tokens, err
}

// runComments seeds the thread, then measures reading the page and posting.
func runComments(ctx context.Context, cfg config, d *db.DB, siteURL string, commitmentID int64, out io.Writer) error {
	var siteID int64
	if err := d.R().QueryRowContext(ctx, `SELECT site_id FROM commitments WHERE id = ?`, commitmentID).Scan(&siteID); err != nil {
		return err
	}
	t0 := time.Now()
	if err := seedThread(ctx, d, siteID, commitmentID, threadSize); err != nil {
		return fmt.Errorf("seed thread: %w", err)
	}
	fmt.Fprintf(out, "comments: seeded %d comments on commitment %d in %v\n", threadSize, commitmentID, time.Since(t0).Round(time.Millisecond))
	tokens, err := makePosters(ctx, d, siteID, posters)
	if err != nil {
		return fmt.Errorf("posters: %w", err)
	}

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
	client := newClient(cfg.conns)
	defer client.CloseIdleConnections()
	page := siteURL + "/commitments/" + strconv.FormatInt(commitmentID, 10)
	reads := []target{
		{name: "commitment page, 10,000 comments", url: page, page: "commitment page with comments"},
		{name: "same, uncached (?bench=N)", url: page, page: "commitment page with comments, uncached", unique: true},
		{name: "thread page /threads/commitment/…, uncached", url: siteURL + "/threads/commitment/" + strconv.FormatInt(commitmentID, 10), page: "thread page, uncached", unique: true},
	}
	results := make([]result, len(reads))
	for i, t := range reads {
		if cfg.warmup > 0 {
			measure(ctx, client, t, cfg.conns, cfg.warmup, cfg.maxRequests)
		}
		results[i] = measure(ctx, client, t, cfg.conns, cfg.duration, cfg.maxRequests)
		slices.Sort(results[i].latencies)
	}
	posted := postComments(ctx, tokens, siteURL, commitmentID, cfg.conns, cfg.duration)
	slices.Sort(posted.latencies)

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "comment scenario\trequests\treq/s\tp50\tp99\terrors\tbody\t")
	for i, t := range reads {
		r := results[i]
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t%s\t\n", t.name, r.requests, r.rate(), ms(r.percentile(0.5)), ms(r.percentile(0.99)), r.errors, size(r.meanBody()))
	}
	fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t\t\n", "POST /api/v1/comments", posted.requests, posted.rate(), ms(posted.percentile(0.5)), ms(posted.percentile(0.99)), posted.errors)
	tw.Flush()
	fmt.Fprintln(out)
	verdict := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "MISSED"
	}
	for i, t := range reads {
		p99 := results[i].percentile(0.99)
		fmt.Fprintf(out, "  %-6s  %-48s %s\n", verdict(results[i].requests > 0 && p99 < maxCommentP99), fmt.Sprintf("%s p99 < %v", t.page, maxCommentP99), ms(p99))
	}
	fmt.Fprintf(out, "  %-6s  %-48s %.0f/s\n", verdict(posted.rate() >= minPostsPerSecond), fmt.Sprintf("comments posted ≥ %d/s (%s)", minPostsPerSecond, d.Dialect), posted.rate())
	if posted.errors > 0 {
		fmt.Fprintf(out, "  first error: %s\n", posted.firstErr)
	}
	return nil
}

// postComments posts comments as the posters from conns connections, each
// bound to one of posterAddrs loopback addresses, for d.
func postComments(ctx context.Context, tokens []string, siteURL string, commitmentID int64, conns int, d time.Duration) result {
	var (
		seq   atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		total result
	)
	clients := make([]*http.Client, posterAddrs)
	for i := range clients {
		local := &net.TCPAddr{IP: net.IPv4(127, 0, byte(1+i/200), byte(1+i%200))}
		dialer := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: local}
		clients[i] = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil, DialContext: dialer.DialContext,
			MaxIdleConnsPerHost: conns, DisableCompression: true}}
	}
	defer func() {
		for _, c := range clients {
			c.CloseIdleConnections()
		}
	}()
	target := `"commitment:` + strconv.FormatInt(commitmentID, 10) + `"`
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			var r result
			for ctx.Err() == nil && time.Now().Before(deadline) {
				n := seq.Add(1)
				// Each person posts from their own address, within their budget.
				tok := tokens[int(n)%len(tokens)]
				c := clients[int(n)%len(tokens)%posterAddrs]
				body := `{"target":` + target + `,"body":"Posted comment number ` + strconv.FormatInt(n, 10) + `"}`
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, siteURL+"/api/v1/comments", bytes.NewReader([]byte(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				t0 := time.Now()
				res, err := c.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusCreated {
						err = fmt.Errorf("POST: status %d", res.StatusCode)
					}
				}
				if err != nil {
					r.errors++
					if r.firstErr == "" {
						r.firstErr = err.Error()
					}
					continue
				}
				r.requests++
				r.latencies = append(r.latencies, time.Since(t0))
			}
			mu.Lock()
			defer mu.Unlock()
			total.requests += r.requests
			total.errors += r.errors
			if total.firstErr == "" {
				total.firstErr = r.firstErr
			}
			total.latencies = append(total.latencies, r.latencies...)
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return total
}
