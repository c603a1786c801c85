package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/server"
)

// The page run serves the site from a process of its own (this program,
// started again with -serve-child), so that the memory it reports is the
// server's alone rather than the server's and the load generator's. That
// process also serves the trivial handler, on a second port, so that both
// run under the same conditions; the second port also answers the memory
// readings and releases memory before each target.

// childEnv marks the child's environment, so that a test binary standing
// in for this program knows to run it (see main_test.go).
const childEnv = "INFITAH_BENCH_CHILD"

// serverProcess is the child serving the site.
type serverProcess struct {
	cmd      *exec.Cmd
	stdin    io.Closer
	siteURL  string
	ctlURL   string
	client   *http.Client
	learnErr error
}

// startServerProcess starts the child on database url (already migrated,
// the demo loaded) and waits until it serves.
func startServerProcess(ctx context.Context, url, dir string, pageTTL time.Duration) (*serverProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "-serve-child", "-database", url, "-page-ttl", pageTTL.String())
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe() // the child stops when it closes
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	f := strings.Fields(line)
	if err != nil || len(f) != 2 {
		_ = stdin.Close()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server process: %q: %v", line, err)
	}
	return &serverProcess{cmd: cmd, stdin: stdin, siteURL: f[0], ctlURL: f[1], client: &http.Client{Timeout: 10 * time.Second}}, nil
}

func (p *serverProcess) stop() {
	_ = p.stdin.Close()
	_ = p.cmd.Wait()
}

// learn has the child's trivial handler serve body at path.
func (p *serverProcess) learn(path string, body []byte) error {
	resp, err := p.client.Post(p.ctlURL+"/learn?path="+path, "application/octet-stream", strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("learn %s: %s", path, resp.Status)
	}
	return nil
}

// memory reads the child's resident set from /proc and its Go heap from
// the control port.
func (p *serverProcess) memory() memory {
	m := memory{rss: processRSS(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))}
	resp, err := p.client.Get(p.ctlURL + "/memory")
	if err != nil {
		return m
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m.heap, _ = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return m
}

// release has the child collect garbage and return free memory.
func (p *serverProcess) release() {
	if resp, err := p.client.Post(p.ctlURL+"/release", "", nil); err == nil {
		resp.Body.Close()
	}
}

// serveChild is the child's side: it serves the site and the control
// handler, prints both URLs and serves until its standard input closes.
func serveChild(ctx context.Context, cfg config) error {
	d, err := db.Open(ctx, cfg.database, ".")
	if err != nil {
		return err
	}
	defer d.Close()
	srv, err := server.New(ctx, d, server.Options{Log: slog.New(slog.DiscardHandler), DataDir: ".", PageCacheTTL: cfg.pageTTL})
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	siteURL, stopSite, err := serve(srv.Handler())
	if err != nil {
		return err
	}
	defer stopSite()
	ctlURL, stopCtl, err := serve(controlHandler())
	if err != nil {
		return err
	}
	defer stopCtl()
	fmt.Printf("%s %s\n", siteURL, ctlURL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	return nil
}

// controlHandler serves the trivial handler's bodies (learnt by POST
// /learn?path=P), the Go heap in bytes (GET /memory) and POST /release.
func controlHandler() http.Handler {
	var (
		mu     sync.RWMutex
		bodies = map[string][]byte{}
	)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /learn", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		bodies[r.URL.Query().Get("path")] = b
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /memory", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, readMemory().heap)
	})
	mux.HandleFunc("POST /release", func(w http.ResponseWriter, r *http.Request) {
		debug.FreeOSMemory()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /trivial/", func(w http.ResponseWriter, r *http.Request) {
		mu.RLock()
		body, ok := bodies[strings.TrimPrefix(r.URL.Path, "/trivial")]
		mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
	return mux
}
