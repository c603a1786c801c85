package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/site"
)

const auditUsage = `usage: infitah audit verify [--database URL] [--data-dir DIR] [--site SLUG]

verify recomputes every hash of the public audit ledger and checks every
link, for one site (--site) or every site. It prints "ok: N entries" per
site, or names the first broken entry and exits with a non-zero status.
`

// auditCmd runs "infitah audit <subcommand>".
func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, auditUsage)
		if len(args) == 0 {
			return errors.New("audit: no subcommand given")
		}
		return fmt.Errorf("audit: unknown subcommand %q", args[0])
	}
	c := &config{}
	var slug string
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.database, "database", envOr(getenv, "INFITAH_DATABASE_URL", ""), "database: sqlite:PATH (default sqlite:infitah.db in the data dir) or postgres://…")
	fs.StringVar(&c.dataDir, "data-dir", envOr(getenv, "INFITAH_DATA_DIR", "data"), "folder for the SQLite database")
	fs.StringVar(&slug, "site", "", "the slug of the site to verify (default: every site)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("audit verify: unexpected argument %q", fs.Arg(0))
	}
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()

	var sites []site.Site
	if slug != "" {
		s, err := site.BySlug(ctx, d.R(), slug)
		if err != nil {
			return fmt.Errorf("audit verify: site %q: %w", slug, err)
		}
		sites = append(sites, *s)
	} else if sites, err = site.All(ctx, d.R()); err != nil {
		return err
	}
	var brokenSites []string
	for _, s := range sites {
		checked, broken, err := audit.Verify(ctx, d.R(), s.ID)
		if err != nil {
			return fmt.Errorf("audit verify: site %s: %w", s.Slug, err)
		}
		if broken != nil {
			fmt.Fprintf(stdout, "broken: site %s: %s (%d entries before it verified)\n", s.Slug, broken, checked)
			brokenSites = append(brokenSites, fmt.Sprintf("%s at seq %d", s.Slug, broken.Seq))
			continue
		}
		fmt.Fprintf(stdout, "ok: %d entries (site %s)\n", checked, s.Slug)
	}
	if len(brokenSites) > 0 {
		return fmt.Errorf("audit verify: the ledger is broken: %v", brokenSites)
	}
	return nil
}
