package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// target is one URL to drive.
type target struct {
	name     string
	url      string
	size     int    // the body size learnt before the run
	baseline int    // index of the trivial target to compare with; -1 for none
	page     string // "plan page" or "commitment page"; "" for the trivial handler
	plan     bool   // the plan page, whose further targets are checked
	unique   bool   // add ?bench=N, different for every request, to miss the page cache
}

// result is what one run of a target measured.
type result struct {
	requests  int             // successful requests
	errors    int             // failed requests: transport errors and non-200 statuses
	firstErr  string          // the first error, for the report
	elapsed   time.Duration   // from the first request to the end of the last, summed over rounds
	latencies []time.Duration // of the successful requests; sorted once all rounds are in
	bytes     int64           // body bytes read from the successful requests
}

// add adds the figures of another round.
func (r *result) add(o result) {
	r.requests += o.requests
	r.errors += o.errors
	if r.firstErr == "" {
		r.firstErr = o.firstErr
	}
	r.elapsed += o.elapsed
	r.bytes += o.bytes
	r.latencies = append(r.latencies, o.latencies...)
}

// rate is the successful requests per second.
func (r result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// percentile returns the nearest-rank q-quantile (0 < q ≤ 1) of the sorted
// latencies.
func (r result) percentile(q float64) time.Duration {
	n := len(r.latencies)
	if n == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(n))) - 1
	return r.latencies[min(max(i, 0), n-1)]
}

// meanBody is the mean body size of the successful responses.
func (r result) meanBody() int64 {
	if r.requests == 0 {
		return 0
	}
	return r.bytes / int64(r.requests)
}

// newClient returns a client for conns concurrent keep-alive connections
// that asks for identity bodies and dials nothing but 127.0.0.1.
func newClient(conns int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy: nil, // never a proxy, whatever the environment says
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if host != "127.0.0.1" {
				return nil, fmt.Errorf("refusing to dial %s: the benchmark drives only 127.0.0.1", addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
		MaxIdleConns:          0, // no overall limit; per host below
		MaxIdleConnsPerHost:   conns,
		MaxConnsPerHost:       conns,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		DisableCompression:    true, // identity bodies on both sides
	}
	return &http.Client{
		Transport: tr,
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is a non-200, hence an error
		},
	}
}

// measure drives t from conns goroutines, each with its own keep-alive
// connection, for d or until maxRequests have been issued, whichever comes
// first.
func measure(ctx context.Context, c *http.Client, t target, conns int, d time.Duration, maxRequests int) result {
	var (
		issued atomic.Int64
		wg     sync.WaitGroup
		mu     sync.Mutex
		total  result
	)
	perConn := min(maxRequests/conns+1, 1<<12)
	uniqueBase := time.Now().UnixNano() // so that the warm-up's URLs are not measured again
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			var r result
			r.latencies = make([]time.Duration, 0, perConn)
			for ctx.Err() == nil && time.Now().Before(deadline) {
				seq := issued.Add(1)
				if seq > int64(maxRequests) {
					break
				}
				url := t.url
				if t.unique {
					url += uniqueSep(url) + "bench=" + strconv.FormatInt(uniqueBase+seq, 10)
				}
				t0 := time.Now()
				n, err := once(ctx, c, url)
				took := time.Since(t0)
				if err != nil {
					r.errors++
					if r.firstErr == "" {
						r.firstErr = err.Error()
					}
					continue
				}
				r.requests++
				r.bytes += n
				r.latencies = append(r.latencies, took)
			}
			mu.Lock()
			defer mu.Unlock()
			total.requests += r.requests
			total.errors += r.errors
			total.bytes += r.bytes
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

// once gets url and reads its whole body; a status other than 200 is an
// error.
func once(ctx context.Context, c *http.Client, url string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return n, fmt.Errorf("GET %s: read body: %w", url, err)
	}
	if res.StatusCode != http.StatusOK {
		return n, fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	}
	return n, nil
}

// uniqueSep is the separator before a further query parameter of url.
func uniqueSep(url string) string {
	if strings.Contains(url, "?") {
		return "&"
	}
	return "?"
}
