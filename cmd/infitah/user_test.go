package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestUserAdd creates the first administrator with "infitah user add",
// the password on stdin, and signs in with it on a served site, on both
// databases.
func TestUserAdd(t *testing.T) {
	databases := map[string]func(t *testing.T, dir string) string{
		"sqlite":   func(t *testing.T, dir string) string { return "sqlite:" + filepath.Join(dir, "infitah.db") },
		"postgres": func(t *testing.T, dir string) string { return dbtest.PostgresURL(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			database := databases[name](t, dir)
			add := func(stdin string, args ...string) (string, error) {
				var out, errOut bytes.Buffer
				ctx := withStdin(context.Background(), strings.NewReader(stdin))
				err := run(ctx, append([]string{"user", "add", "--database", database, "--data-dir", dir}, args...), noEnv, &out, &errOut)
				return out.String() + errOut.String(), err
			}
			if _, err := add("short\n", "--email", "admin@region.ma", "--name", "Admin"); err == nil {
				t.Error("a short password was accepted")
			}
			if _, err := add("a long enough password\n", "--email", "admin@region.ma", "--name", "Admin", "--role", "king"); err == nil {
				t.Error("an unknown role was accepted")
			}
			if _, err := add("", "--email", "admin@region.ma", "--name", "Admin"); err == nil {
				t.Error("an empty stdin was accepted")
			}
			out, err := add("a long enough password\nignored\n", "--email", "Admin@Region.ma", "--name", "Fatima Admin", "--role", "admin")
			if err != nil || !strings.Contains(out, "created admin admin@region.ma") {
				t.Fatalf("user add: %v\n%s", err, out)
			}
			if _, err := add("another long password\n", "--email", "admin@region.ma", "--name", "Again"); err == nil {
				t.Error("a second account with the same address was created")
			}
			if _, err := add("another long password\n", "--email", "x@region.ma", "--name", "X", "--site", "nowhere"); err == nil {
				t.Error("an unknown site was accepted")
			}

			base, stop := startServe(t, "--database", database, "--data-dir", dir)
			defer func() {
				if err := stop(); err != nil {
					t.Error(err)
				}
			}()
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			res, err := c.PostForm(base+"/login", url.Values{"email": {"admin@region.ma"}, "password": {"a long enough password"}})
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			// An administrator lands on the administration.
			if res.StatusCode != 200 || res.Request.URL.Path != "/admin" || !strings.Contains(string(body), `href="/admin"`) {
				t.Errorf("sign-in as the new administrator: %d at %s", res.StatusCode, res.Request.URL)
			}
		})
	}
}
