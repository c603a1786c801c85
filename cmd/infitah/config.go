package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/schema"
	"github.com/infitah/infitah/internal/site"
)

// config holds the flags every command shares; each has an environment
// equivalent, and a flag given on the command line wins.
type config struct {
	addr     string
	database string
	dataDir  string
	// secretKey is INFITAH_SECRET_KEY, read from the environment only (a
	// flag would show in the process list); empty: the data dir's key file.
	secretKey string
	demo      bool
	logFormat string
	smtpURL   string // outgoing mail; empty writes .eml files under the data dir
	maxUpload int64  // bytes of one uploaded file
	baseURL   string // the default site's public URL, the origin of its absolute links
	scale     int    // demo: synthetic documents to add to the search corpus
	// trusted are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed.
	trusted web.TrustedNets
	tls     tlsOptions // the built-in https listener, when on
}

func parseFlags(name string, args []string, getenv func(string) string, stderr io.Writer, withServe bool) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.database, "database", envOr(getenv, "INFITAH_DATABASE_URL", ""), "database: sqlite:PATH (default sqlite:infitah.db in the data dir) or postgres://…")
	fs.StringVar(&c.dataDir, "data-dir", envOr(getenv, "INFITAH_DATA_DIR", "data"), "folder for the SQLite database and uploaded files")
	fs.StringVar(&c.logFormat, "log-format", envOr(getenv, "INFITAH_LOG_FORMAT", "text"), "log format: text or json")
	if name == "demo" {
		fs.IntVar(&c.scale, "scale", 0, "also add this many synthetic documents to the search test corpus (site \"scale\")")
	}
	if withServe {
		fs.StringVar(&c.addr, "addr", envOr(getenv, "INFITAH_ADDR", ""), "address to listen on (default :8080, or :443 with TLS)")
		fs.BoolVar(&c.demo, "demo", false, "load the demo site on first start")
		fs.Int64Var(&c.maxUpload, "max-upload-mb", envInt(getenv, "INFITAH_MAX_UPLOAD_MB", 10), "largest uploaded file (evidence, documents), in megabytes")
		fs.StringVar(&c.baseURL, "base-url", envOr(getenv, "INFITAH_BASE_URL", ""), "public URL of the default site, such as https://region.example: the origin of links in emails, feeds and the sitemap (the site settings may set another)")
		fs.StringVar(&c.smtpURL, "smtp-url", envOr(getenv, "INFITAH_SMTP_URL", ""), "outgoing mail server, smtp://user:pass@host:port[?from=addr] (default: write .eml files to DATA_DIR/mail)")
		fs.Func("trusted-proxy", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (env INFITAH_TRUSTED_PROXY)", func(s string) (err error) {
			c.trusted, err = web.ParseTrustedNets(s)
			return err
		})
		c.tls.flags(fs, getenv)
		c.secretKey = getenv("INFITAH_SECRET_KEY")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%s: unexpected argument %q", name, fs.Arg(0))
	}
	if withServe {
		if err := c.checkServe(fs, getenv); err != nil {
			return nil, err
		}
	}
	if withServe && (c.maxUpload < 1 || c.maxUpload > 1024) {
		return nil, fmt.Errorf("--max-upload-mb must be between 1 and 1024, not %d", c.maxUpload)
	}
	c.maxUpload <<= 20
	if withServe {
		u, err := site.ParsePublicURL(c.baseURL)
		if err != nil {
			return nil, fmt.Errorf("--base-url %q: %w", c.baseURL, err)
		}
		c.baseURL = u
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return nil, fmt.Errorf("--log-format must be text or json, not %q", c.logFormat)
	}
	return c, nil
}

// checkServe completes and validates the options of serve: the proxies
// from the environment unless the flag was given, TLS, and the address,
// whose default depends on TLS.
func (c *config) checkServe(fs *flag.FlagSet, getenv func(string) string) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "trusted-proxy" })
	if !given {
		nets, err := web.ParseTrustedNets(getenv("INFITAH_TRUSTED_PROXY"))
		if err != nil {
			return fmt.Errorf("INFITAH_TRUSTED_PROXY: %w", err)
		}
		c.trusted = nets
	}
	if err := c.tls.check(c.dataDir); err != nil {
		return err
	}
	if c.addr == "" {
		c.addr = ":8080"
		if c.tls.on() {
			c.addr = ":443"
		}
	}
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// envInt reads a whole number from the environment; a value that is not one
// is passed on as -1 so that validation names the problem.
func envInt(getenv func(string) string, key string, def int64) int64 {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (c *config) logger(w io.Writer) *slog.Logger {
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// openDB opens and migrates the configured database.
func (c *config) openDB(ctx context.Context) (*db.DB, error) {
	d, err := db.Open(ctx, c.database, c.dataDir)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx, schema.FS); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return info.Main.Version + " (" + s.Value[:12] + ")"
			}
		}
		return info.Main.Version
	}
	return "dev"
}
