// Command infitah-bench is Infitah's load benchmark. It serves the demo site
// on a loopback socket, exactly as "infitah serve" builds it, and drives it
// with concurrent keep-alive connections; for comparison it drives a trivial
// net/http handler that writes a body of the same size. It prints requests
// per second and latency percentiles, and whether the performance targets
// hold:
//
//	go run ./cmd/infitah-bench [-duration 10s] [-conns 32] [-database sqlite:PATH | postgres://…]
//
// Without -database it uses a fresh SQLite file in a temporary directory. The
// targets are taken in turn over -rounds rounds, so that other load on the
// machine weighs on each of them alike. Pages are fetched as readers fetch
// them, so the page cache answers most requests; -uncached makes every page
// URL unique to measure rendering instead; -stampede drives cached pages
// whose entries expire faster than they render, at 1, 4 and 32
// connections. -cpuprofile profiles the measured runs (client and servers
// share the process).
//
// A missed target is reported as MISSED but is not a failure (the exit status
// is 0); failed requests and setup errors exit with status 1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/schema"
	"github.com/infitah/infitah/internal/server"
)

// planSlug is the demo's action plan.
const planSlug = "plan-2021-2023"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "infitah-bench:", err)
		os.Exit(1)
	}
}

type config struct {
	duration    time.Duration
	rounds      int
	warmup      time.Duration
	conns       int
	maxRequests int
	database    string
	uncached    bool
	cpuprofile  string
	comments    bool
	news        bool
	searchDocs  int
	stampede    bool
	pageTTL     time.Duration
	inProcess   bool
	serveChild  bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("infitah-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long to drive each target")
	fs.IntVar(&c.rounds, "rounds", 5, "split -duration into this many rounds that take the targets in turn, so that a change of load on the machine touches all of them alike")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "warm-up before each target, not measured")
	fs.IntVar(&c.conns, "conns", 32, "concurrent keep-alive connections")
	fs.IntVar(&c.maxRequests, "max-requests", 5_000_000, "at most this many requests per target")
	fs.BoolVar(&c.uncached, "uncached", false, "make every page URL unique (?bench=N) so that the page cache never answers: the rendering cost")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the measured runs (client and servers) to this file")
	fs.BoolVar(&c.comments, "comments", false, "run the comment scenarios instead: a commitment page whose thread has 10,000 comments, and comments posted over HTTP")
	fs.BoolVar(&c.news, "news", false, "run the news scenario instead: an article with 50 comments read by many distinct readers, against the trivial handler, with the view count checked")
	fs.IntVar(&c.searchDocs, "search", 0, "run the search scenario instead: index this many synthetic documents (keeping those already in -database), then time 1,000 two-word queries")
	fs.BoolVar(&c.stampede, "stampede", false, "run the stampede scenario instead: the home and plan pages through the page cache at 1, 4 and 32 connections, with entries kept for -page-ttl (1ms unless set), less than a render takes")
	fs.DurationVar(&c.pageTTL, "page-ttl", 0, "how long the page cache keeps an entry (default: the server's, 2s; 1ms with -stampede)")
	fs.BoolVar(&c.inProcess, "in-process", false, "serve the site from this process rather than from a process of its own (memory figures then include the client; implied by -cpuprofile)")
	fs.BoolVar(&c.serveChild, "serve-child", false, "internal: serve -database and a control port, print their URLs, stop when standard input closes")
	fs.StringVar(&c.database, "database", "", "sqlite:PATH or postgres://… (default: a fresh SQLite file in a temporary directory)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.duration <= 0 || c.duration > 10*time.Minute:
		return c, fmt.Errorf("-duration %v: want more than 0 and at most 10m", c.duration)
	case c.rounds < 1 || c.duration/time.Duration(c.rounds) < 100*time.Millisecond:
		return c, fmt.Errorf("-rounds %d: want at least 1, and rounds of at least 100ms", c.rounds)
	case c.warmup < 0 || c.warmup > time.Minute:
		return c, fmt.Errorf("-warmup %v: want 0 to 1m", c.warmup)
	case c.conns < 1 || c.conns > 1024:
		return c, fmt.Errorf("-conns %d: want 1 to 1024", c.conns)
	case c.maxRequests < 1:
		return c, fmt.Errorf("-max-requests %d: want at least 1", c.maxRequests)
	case c.pageTTL < 0 || c.pageTTL > time.Minute:
		return c, fmt.Errorf("-page-ttl %v: want 0 to 1m", c.pageTTL)
	}
	if c.cpuprofile != "" {
		c.inProcess = true // the profile must see the server
	}
	if c.stampede && c.pageTTL == 0 {
		c.pageTTL = stampedeTTL
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.serveChild {
		return serveChild(ctx, cfg)
	}

	dir, err := os.MkdirTemp("", "infitah-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	url := cfg.database
	if url == "" {
		url = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	d, err := db.Open(ctx, url, dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx, schema.FS); err != nil {
		return err
	}
	loaded, err := demo.Load(ctx, d)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !loaded {
		fmt.Fprintln(stdout, "note: the database already held the demo; measuring it as it is")
	}
	if cfg.searchDocs > 0 {
		return runSearch(ctx, cfg, d, dir, stdout)
	}
	// The page run serves the site from a process of its own, unless asked
	// not to; the other scenarios share this process's database handle.
	var (
		siteURL string
		child   *serverProcess
	)
	if !cfg.inProcess && !cfg.stampede && !cfg.news && !cfg.comments {
		if child, err = startServerProcess(ctx, url, dir, cfg.pageTTL); err != nil {
			return err
		}
		defer child.stop()
		siteURL = child.siteURL
	} else {
		srv, err := server.New(ctx, d, server.Options{Log: slog.New(slog.DiscardHandler), DataDir: dir, PageCacheTTL: cfg.pageTTL})
		if err != nil {
			return fmt.Errorf("server: %w", err)
		}
		u, stopSite, err := serve(srv.Handler())
		if err != nil {
			return err
		}
		defer stopSite()
		siteURL = u
	}

	if cfg.stampede {
		return runStampede(ctx, cfg, siteURL, stdout)
	}
	client := newClient(cfg.conns)
	defer client.CloseIdleConnections()

	if cfg.news {
		return runNews(ctx, cfg, d, client, siteURL, stdout)
	}
	// Learn the pages once: their bodies size the trivial handler's.
	planPath := "/plans/" + planSlug
	planBody, err := fetchHTML(ctx, client, siteURL+planPath)
	if err != nil {
		return err
	}
	cid, err := firstCommitment(ctx, client, siteURL)
	if err != nil {
		return err
	}
	if cfg.comments {
		return runComments(ctx, cfg, d, siteURL, cid, stdout)
	}
	commitmentPath := "/commitments/" + strconv.FormatInt(cid, 10)
	commitmentBody, err := fetchHTML(ctx, client, siteURL+commitmentPath)
	if err != nil {
		return err
	}

	more, err := morePages(ctx, client, siteURL)
	if err != nil {
		return err
	}
	bodies := map[string][]byte{"/plan": planBody, "/commitment": commitmentBody}
	for _, p := range more {
		bodies[p.key] = p.body
	}
	var (
		trivialURL string
		mem        = selfMemory
	)
	if child != nil {
		trivialURL = child.ctlURL + "/trivial"
		for path, body := range bodies {
			if err := child.learn(path, body); err != nil {
				return err
			}
		}
		mem = memorySource{read: child.memory, release: child.release, what: "the server process alone"}
	} else {
		u, stopTrivial, err := serve(trivialHandler(bodies))
		if err != nil {
			return err
		}
		defer stopTrivial()
		trivialURL = u
	}

	targets := []target{
		{name: "trivial handler (plan size)", url: trivialURL + "/plan", size: len(planBody), baseline: -1},
		{name: "plan page " + planPath, url: siteURL + planPath, size: len(planBody), baseline: 0, page: "plan page", plan: true, unique: cfg.uncached},
		{name: "trivial handler (commitment size)", url: trivialURL + "/commitment", size: len(commitmentBody), baseline: -1},
		{name: "commitment page " + commitmentPath, url: siteURL + commitmentPath, size: len(commitmentBody), baseline: 2, page: "commitment page", unique: cfg.uncached},
	}
	for _, p := range more {
		targets = append(targets,
			target{name: "trivial handler (" + p.name + " size)", url: trivialURL + p.key, size: len(p.body), baseline: -1},
			target{name: p.name + " " + p.path, url: siteURL + p.path, size: len(p.body), baseline: len(targets), page: p.name, unique: cfg.uncached})
	}

	cache := "pages as readers get them (the page cache answers repeats)"
	if cfg.uncached {
		cache = "every page URL unique (?bench=N): the page cache never answers"
	}
	fmt.Fprintf(stdout, "infitah-bench: %s, GOMAXPROCS=%d (client and servers share the CPUs), database %s, %d connections, %v per target in %d rounds (+%v warm-up)\n%s\n\n",
		runtime.Version(), runtime.GOMAXPROCS(0), d.Dialect, cfg.conns, cfg.duration, cfg.rounds, cfg.warmup, cache)

	idle := mem.read() // the demo loaded and the pages learnt, before any load
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

	for _, t := range targets {
		if cfg.warmup > 0 {
			w := measure(ctx, client, t, cfg.conns, cfg.warmup, cfg.maxRequests)
			if w.errors > 0 {
				return fmt.Errorf("warm-up of %s: %d errors, first: %s", t.name, w.errors, w.firstErr)
			}
		}
	}
	results := make([]result, len(targets))
	peaks := make([]memory, len(targets))
	round := cfg.duration / time.Duration(cfg.rounds)
	for range cfg.rounds {
		for i, t := range targets {
			stopWatch := peakMemory(mem, 50*time.Millisecond, true)
			results[i].add(measure(ctx, client, t, cfg.conns, round, max(cfg.maxRequests/cfg.rounds, 1)))
			m := stopWatch()
			peaks[i] = memory{rss: max(peaks[i].rss, m.rss), heap: max(peaks[i].heap, m.heap)}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	for i := range results {
		slices.Sort(results[i].latencies)
	}

	report(stdout, targets, results)
	reportMemory(stdout, mem.what, cfg.conns, idle, targets, peaks, mem.read())

	var failed []string
	for i, r := range results {
		if r.errors > 0 {
			failed = append(failed, fmt.Sprintf("%s: %d errors, first: %s", targets[i].name, r.errors, r.firstErr))
		}
	}
	if len(failed) > 0 {
		return errors.New("requests failed:\n  " + strings.Join(failed, "\n  "))
	}
	return nil
}

// serve serves h on a fresh loopback port and returns its base URL and a
// function that stops it.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go func() { _ = hs.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// trivialHandler writes fixed HTML bodies, one per path: the least that
// net/http can do for a page of the same size.
func trivialHandler(pages map[string][]byte) http.Handler {
	mux := http.NewServeMux()
	for path, body := range pages {
		size := strconv.Itoa(len(body))
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Length", size)
			_, _ = w.Write(body)
		})
	}
	return mux
}

// fetchHTML gets url once and returns its identity-encoded HTML body.
func fetchHTML(ctx context.Context, c *http.Client, url string) ([]byte, error) {
	body, h, err := fetch(ctx, c, url)
	if err != nil {
		return nil, err
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		return nil, fmt.Errorf("GET %s: Content-Type %q, want text/html", url, ct)
	}
	if ce := h.Get("Content-Encoding"); ce != "" {
		return nil, fmt.Errorf("GET %s: Content-Encoding %q, want identity", url, ce)
	}
	return body, nil
}

// firstCommitment returns the id of the first commitment that the API lists.
func firstCommitment(ctx context.Context, c *http.Client, siteURL string) (int64, error) {
	url := siteURL + "/api/v1/commitments"
	body, _, err := fetch(ctx, c, url)
	if err != nil {
		return 0, err
	}
	var list struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return 0, fmt.Errorf("GET %s: %w", url, err)
	}
	if len(list.Data) == 0 {
		return 0, fmt.Errorf("GET %s: no commitments (is the demo loaded?)", url)
	}
	return list.Data[0].ID, nil
}

func fetch(ctx context.Context, c *http.Client, url string) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d: %.200q", url, res.StatusCode, body)
	}
	return body, res.Header, nil
}
