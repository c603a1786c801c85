// Command infitah serves a government's open-government site: the action
// plan tracker, its API and feeds. Run "infitah serve --demo" for a demo site
// on an embedded SQLite database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "infitah:", err)
		os.Exit(1)
	}
}

const usage = `usage: infitah <command> [flags]

commands:
  serve     serve the site (--addr, --database, --data-dir, --demo, --log-format, --smtp-url,
            --trusted-proxy, --tls-domain, --tls-cert, --tls-key, --tls-cache-dir, --tls-http-addr)
  migrate   apply database migrations
  demo      load the demo site (once; a second run adds nothing)
  audit     "audit verify [--site SLUG]": check the audit ledger's hashes and links
  user      "user add --email E --name N --role admin [--site SLUG]": create a verified account
            (password from a prompt, or the first line of stdin when it is not a terminal)
  reindex   rebuild the search index from the content
  version   print the version

Every command takes --database (sqlite:PATH or postgres://…) and --data-dir.
Environment: INFITAH_ADDR, INFITAH_DATABASE_URL, INFITAH_DATA_DIR, INFITAH_LOG_FORMAT, INFITAH_SMTP_URL,
INFITAH_TRUSTED_PROXY, INFITAH_TLS_DOMAIN, INFITAH_TLS_CERT, INFITAH_TLS_KEY, INFITAH_TLS_CACHE_DIR,
INFITAH_TLS_HTTP_ADDR.
`

// run is the whole program; tests call it with their own arguments,
// environment and output, so several can run at once. Asking for help
// ("infitah help", "--help", "-h", or -h after a command, whose flags are
// then listed) is a success: the usage is printed and the exit status is 0.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := command(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// command runs the command args name.
func command(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return loadDemo(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return auditCmd(ctx, rest, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, rest, getenv, stdout, stderr)
	case "reindex":
		return reindex(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "infitah", version())
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
