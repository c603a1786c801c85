package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noEnv(string) string { return "" }

var servingRe = regexp.MustCompile(`serving on (https?://\S+)`)

// startServe runs "infitah serve" with args and returns its base URL and a
// function that stops it and returns run's error.
func startServe(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	base, _, _, stop := startServeIO(t, args...)
	return base, stop
}

// startServeOut is startServe that also returns what serve printed.
func startServeOut(t *testing.T, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	base, out, _, stop := startServeIO(t, args...)
	return base, out, stop
}

// startServeLog is startServe that also returns what serve logged.
func startServeLog(t *testing.T, args ...string) (string, func() error, *syncBuffer) {
	t.Helper()
	base, _, log, stop := startServeIO(t, args...)
	return base, stop, log
}

// startServeIO starts serve and returns its base URL, what it printed and
// logged, and the function that stops it.
func startServeIO(t *testing.T, args ...string) (string, *syncBuffer, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), noEnv, &out, &errOut)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingRe.FindStringSubmatch(out.String()); m != nil {
			return m[1], &out, &errOut, func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not stop")
					return nil
				}
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", errOut.String())
	return "", nil, nil, nil
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServeDemoOnSQLite(t *testing.T) {
	dir := t.TempDir()
	base, stop := startServe(t, "--demo", "--data-dir", dir)
	if code, body := fetch(t, base+"/plans/plan-2021-2023"); code != 200 || !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("plan page: %d", code)
	}
	if code, _ := fetch(t, base+"/healthz"); code != 200 {
		t.Errorf("healthz: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "infitah.db")); err != nil {
		t.Errorf("database file: %v", err)
	}
	// A second start loads nothing twice.
	base, stop = startServe(t, "--demo", "--data-dir", dir)
	_, body := fetch(t, base+"/api/v1/plans")
	if n := strings.Count(body, `"slug":"plan-2021-2023"`); n != 1 {
		t.Errorf("after a second start the plan appears %d times", n)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestServeDemoOnPostgres(t *testing.T) {
	url := dbtest.PostgresURL(t)
	base, stop := startServe(t, "--demo", "--database", url, "--data-dir", t.TempDir(), "--log-format", "json")
	if code, body := fetch(t, base+"/commitments/1?lang=fr"); code != 200 || !strings.Contains(body, `lang="fr"`) {
		t.Errorf("commitment page on PostgreSQL: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	var out, errOut syncBuffer
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--data-dir", dir}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"demo", "--data-dir", dir}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "loaded") || !strings.Contains(out.String(), "nothing added") {
		t.Errorf("demo twice said %q", out.String())
	}
	if err := run(ctx, []string{"migrate", "--data-dir", dir}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var indexed syncBuffer
	if err := run(ctx, []string{"reindex", "--data-dir", dir}, noEnv, &indexed, &errOut); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`site demo: [1-9][0-9]* documents indexed`).MatchString(indexed.String()) {
		t.Errorf("reindex said %q", indexed.String())
	}
	if err := run(ctx, []string{"version"}, noEnv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{}, {"nope"}, {"serve", "--log-format", "xml"}, {"migrate", "--database", "mysql://x"}, {"serve", "extra"}, {"serve", "--max-upload-mb", "0"}} {
		if err := run(ctx, bad, noEnv, io.Discard, io.Discard); err == nil {
			t.Errorf("run %v succeeded", bad)
		}
	}
	env := func(k string) string {
		if k == "INFITAH_DATA_DIR" {
			return filepath.Join(dir, "from-env")
		}
		return ""
	}
	if err := run(ctx, []string{"migrate"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "from-env", "infitah.db")); err != nil {
		t.Errorf("INFITAH_DATA_DIR ignored: %v", err)
	}
}

func TestServeBusyPort(t *testing.T) {
	base, stop := startServe(t, "--data-dir", t.TempDir())
	defer stop()
	addr := strings.TrimPrefix(base, "http://")
	err := run(context.Background(), []string{"serve", "--addr", addr, "--data-dir", t.TempDir()}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("second serve on %s: %v", addr, err)
	}
}
