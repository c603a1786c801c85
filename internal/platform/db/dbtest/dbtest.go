// Package dbtest gives tests fresh, migrated databases of both dialects, so
// that every storage test runs against a real SQLite file AND a real
// PostgreSQL server.
//
// SQLite needs nothing: each database is a file in the test's temporary
// directory. PostgreSQL comes from, in order:
//
//  1. INFITAH_TEST_POSTGRES_URL, the URL of a server that the tests may create
//     databases on, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//     or postgres:///postgres?host=/var/run/postgresql&user=postgres. Each call
//     creates a database with a random name there and drops it (WITH (FORCE))
//     at cleanup. .ci/run sets it.
//  2. Otherwise, when PostgreSQL's binaries are installed (initdb and pg_ctl in
//     PATH or in /usr/lib/postgresql/*/bin), a throw-away cluster that the
//     test process starts once, in a temporary directory, listening only on a
//     unix socket in that directory (no TCP). As root it runs the server as the
//     user postgres through runuser. Main stops and removes it.
//  3. Otherwise the test is skipped with a message; but when
//     INFITAH_TEST_STRICT=1 (as in CI), a missing PostgreSQL fails the test.
//
// A package whose tests use PostgreSQL should have
//
//	func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
//
// so that a throw-away cluster stops as soon as its tests end. Without it a
// watchdog process still stops the cluster about a second after the test
// process exits, also when the process dies (a test timeout, say).
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/schema"
)

// Environment variables that the helpers read.
const (
	// EnvPostgresURL names a PostgreSQL server on which tests create and drop
	// their own databases.
	EnvPostgresURL = "INFITAH_TEST_POSTGRES_URL"
	// EnvStrict, set to 1, turns every "not available here" skip into a
	// failure. CI sets it, so that nothing is silently skipped there.
	EnvStrict = "INFITAH_TEST_STRICT"
)

// Strict reports whether INFITAH_TEST_STRICT asks for missing test
// dependencies to fail rather than skip.
func Strict() bool {
	v := strings.TrimSpace(strings.ToLower(os.Getenv(EnvStrict)))
	return v == "1" || v == "true" || v == "yes"
}

// Unavailable skips t with msg, or fails it when Strict. Other test helpers
// (the browser's, say) use it for their own missing dependencies.
func Unavailable(t testing.TB, msg string) {
	t.Helper()
	if Strict() {
		t.Fatalf("%s\n(%s=1: a missing test dependency is a failure, not a skip)", msg, EnvStrict)
	}
	t.Skip(msg)
}

// Each runs fn as the subtests "sqlite" and "postgres", each on a fresh,
// migrated database that is closed at the end of the subtest. fn may call
// t.Parallel: every database is its own.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh, migrated SQLite database in a file of the test's
// temporary directory, opened as the server opens it (WAL, foreign keys, a
// single writer). It is closed at cleanup.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "infitah.db")
	return openMigrated(t, "sqlite:"+path)
}

// Postgres returns a fresh, migrated PostgreSQL database, closed and dropped
// at cleanup. See the package documentation for where the server comes from.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return openMigrated(t, PostgresURL(t))
}

// PostgresURL creates a fresh, EMPTY PostgreSQL database and returns its URL,
// for tests that start a whole server with --database. The database is dropped
// at cleanup (WITH (FORCE), so connections still open are ended first).
func PostgresURL(t testing.TB) string {
	t.Helper()
	s := server(t)
	name := "infitah_test_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("dbtest: create database %s on %s: %v", name, s.describe, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	u := *s.url
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

func openMigrated(t testing.TB, dbURL string) *db.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := db.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("dbtest: close %s database: %v", d.Dialect, err)
		}
	})
	if err := d.Migrate(ctx, schema.FS); err != nil {
		t.Fatalf("dbtest: %s: %v", d.Dialect, err)
	}
	return d
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// pgServer is the PostgreSQL server that this test process creates its
// databases on.
type pgServer struct {
	url      *url.URL // the server URL; its path names the admin database
	describe string   // where it comes from, for messages
	admin    *sql.DB  // a small pool on the admin database
}

var (
	serverMu      sync.Mutex
	serverDone    bool
	serverVal     *pgServer
	serverErr     error  // a broken setup: always a failure
	serverMissing string // no PostgreSQL here: a skip, or a failure when strict
	cluster       *localCluster
)

// server returns the process's PostgreSQL server, finding or starting it on
// the first call. It fails or skips t when there is none.
func server(t testing.TB) *pgServer {
	t.Helper()
	serverMu.Lock()
	if !serverDone {
		serverVal, serverMissing, serverErr = findServer()
		serverDone = true
	}
	s, missing, err := serverVal, serverMissing, serverErr
	serverMu.Unlock()
	switch {
	case err != nil:
		t.Fatalf("dbtest: %v", err)
	case missing != "":
		Unavailable(t, "dbtest: no PostgreSQL for this test: "+missing)
	}
	return s
}

func findServer() (*pgServer, string, error) {
	if raw := strings.TrimSpace(os.Getenv(EnvPostgresURL)); raw != "" {
		s, err := connectServer(raw, EnvPostgresURL)
		if err != nil {
			return nil, "", err
		}
		return s, "", nil
	}
	bin, missing := findBinaries()
	if missing != "" {
		return nil, missing, nil
	}
	c, missing, err := startCluster(bin)
	if err != nil || missing != "" {
		return nil, missing, err
	}
	cluster = c
	s, err := connectServer(c.url(), "a throw-away cluster in "+c.dir)
	if err != nil {
		c.stop()
		cluster = nil
		return nil, "", err
	}
	return s, "", nil
}

func connectServer(raw, describe string) (*pgServer, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("%s: want a postgres:// URL, got %q", describe, raw)
	}
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", describe, err)
	}
	admin.SetMaxOpenConns(4)
	admin.SetMaxIdleConns(2)
	admin.SetConnMaxIdleTime(30 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("cannot reach the PostgreSQL server of %s (%s): %w", describe, redact(u), err)
	}
	return &pgServer{url: u, describe: describe + " (" + redact(u) + ")", admin: admin}, nil
}

func redact(u *url.URL) string {
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	return c.String()
}

// Main runs the tests of a package and then stops the throw-away PostgreSQL
// cluster if the tests started one. Use it in TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	serverMu.Lock()
	defer serverMu.Unlock()
	if serverVal != nil {
		serverVal.admin.Close()
	}
	if cluster != nil {
		cluster.stop()
		cluster = nil
	}
	serverVal, serverDone = nil, false
	return code
}

// pgBinaries is where initdb and pg_ctl are.
type pgBinaries struct{ initdb, pgctl string }

func findBinaries() (pgBinaries, string) {
	initdb, err1 := exec.LookPath("initdb")
	pgctl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil {
		return pgBinaries{initdb, pgctl}, ""
	}
	// Debian keeps them out of PATH, one folder per major version.
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return majorOf(b) - majorOf(a) }) // newest first
	for _, dir := range dirs {
		initdb, pgctl := filepath.Join(dir, "initdb"), filepath.Join(dir, "pg_ctl")
		if isExecutable(initdb) && isExecutable(pgctl) {
			return pgBinaries{initdb, pgctl}, ""
		}
	}
	return pgBinaries{}, fmt.Sprintf("%s is not set and PostgreSQL's server binaries (initdb, pg_ctl) are not installed "+
		"(in PATH or /usr/lib/postgresql/*/bin). Install PostgreSQL (Debian: apt-get install postgresql) "+
		"or set %s to a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", EnvPostgresURL, EnvPostgresURL)
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// localCluster is a PostgreSQL cluster in a temporary directory, listening on
// a unix socket in that directory only.
type localCluster struct {
	bin     pgBinaries
	dir     string   // holds data/, the socket and the log
	asUser  []string // "runuser -u postgres --" when running as root
	stopped bool
}

func (c *localCluster) data() string { return filepath.Join(c.dir, "data") }

func (c *localCluster) url() string {
	q := url.Values{"host": {c.dir}, "user": {"postgres"}, "sslmode": {"disable"}}
	return "postgres:///postgres?" + q.Encode()
}

func (c *localCluster) command(name string, args ...string) *exec.Cmd {
	argv := append(slices.Clone(c.asUser), name)
	argv = append(argv, args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.dir // the postgres user may not be able to enter the test's folder
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	return cmd
}

func startCluster(bin pgBinaries) (*localCluster, string, error) {
	c := &localCluster{bin: bin}
	var uid, gid = -1, -1
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root: run them as the user
		// postgres that Debian's package creates.
		u, err := user.Lookup("postgres")
		runuser, rerr := exec.LookPath("runuser")
		if err != nil || rerr != nil {
			return nil, fmt.Sprintf("running as root, and PostgreSQL refuses to run as root; there is no user postgres "+
				"or no runuser to start a throw-away cluster as. Set %s to a server URL instead, "+
				"e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", EnvPostgresURL), nil
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		c.asUser = []string{runuser, "-u", "postgres", "--"}
	}
	dir, err := os.MkdirTemp("", "infitah-pg-")
	if err != nil {
		return nil, "", fmt.Errorf("throw-away PostgreSQL cluster: %w", err)
	}
	c.dir = dir
	if uid >= 0 {
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, "", fmt.Errorf("throw-away PostgreSQL cluster: %w", err)
		}
	}
	fail := func(step string, out []byte, err error) (*localCluster, string, error) {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		c.stop()
		return nil, "", fmt.Errorf("throw-away PostgreSQL cluster: %s: %v\n%s\n%s\n(or set %s to a server URL)",
			step, err, strings.TrimSpace(string(out)), strings.TrimSpace(string(log)), EnvPostgresURL)
	}
	out, err := c.command(bin.initdb, "-D", c.data(), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions").CombinedOutput()
	if err != nil {
		return fail("initdb", out, err)
	}
	opts := strings.Join([]string{
		"-c listen_addresses=''",
		"-c unix_socket_directories=" + dir,
		"-c port=5432",
		"-c max_connections=300",
		"-c fsync=off",
		"-c synchronous_commit=off",
		"-c full_page_writes=off",
		"-c shared_buffers=32MB",
		"-c timezone=UTC",
	}, " ")
	c.watchdog()
	out, err = c.command(bin.pgctl, "-D", c.data(), "-l", filepath.Join(dir, "postgres.log"),
		"-o", opts, "-w", "-t", "60", "start").CombinedOutput()
	if err != nil {
		return fail("pg_ctl start", out, err)
	}
	return c, "", nil
}

// watchdog starts a detached shell that stops the cluster and removes its
// directory once this test process is gone, for a process that did not get to
// run Main's cleanup (no TestMain, a test timeout, a kill).
func (c *localCluster) watchdog() {
	stop := shellQuote(append(slices.Clone(c.asUser), c.bin.pgctl, "-D", c.data(), "-m", "immediate", "-w", "stop"))
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null && [ -d %s ]; do sleep 1; done
[ -d %s ] || exit 0
%s >/dev/null 2>&1
rm -rf %s`, os.Getpid(), shellQuote([]string{c.dir}), shellQuote([]string{c.dir}), stop, shellQuote([]string{c.dir}))
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Dir = "/"
	// Its own session, and no pipe shared with `go test`, which would
	// otherwise wait for it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err == nil {
		go cmd.Wait() //nolint:errcheck // reaped if it ends while we run
	}
}

func (c *localCluster) stop() {
	if c.stopped {
		return
	}
	c.stopped = true
	if _, err := os.Stat(filepath.Join(c.data(), "postmaster.pid")); err == nil {
		_ = c.command(c.bin.pgctl, "-D", c.data(), "-m", "immediate", "-w", "-t", "30", "stop").Run()
	}
	for i := 0; i < 20; i++ {
		err := os.RemoveAll(c.dir)
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
