package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

type stdinKey struct{}

// withStdin returns ctx carrying the reader "user add" takes the password
// from (tests give their own; run's signature stays the same for everyone).
func withStdin(ctx context.Context, r io.Reader) context.Context {
	return context.WithValue(ctx, stdinKey{}, r)
}

func stdinOf(ctx context.Context) io.Reader {
	if r, ok := ctx.Value(stdinKey{}).(io.Reader); ok {
		return r
	}
	return os.Stdin
}

// userCmd runs "infitah user add --email E --name N --role admin [--site SLUG]":
// it creates a verified account, typically the first administrator. The
// password is asked for on a terminal, or read from the first line of stdin
// otherwise, so it never appears in the shell history or the process list.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf(`user: want "user add --email E --name N --role admin [--site SLUG]"`)
	}
	c := &config{}
	var email, name, role, siteSlug string
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.database, "database", envOr(getenv, "INFITAH_DATABASE_URL", ""), "database: sqlite:PATH or postgres://…")
	fs.StringVar(&c.dataDir, "data-dir", envOr(getenv, "INFITAH_DATA_DIR", "data"), "folder for the SQLite database and uploaded files")
	fs.StringVar(&c.logFormat, "log-format", envOr(getenv, "INFITAH_LOG_FORMAT", "text"), "log format: text or json")
	fs.StringVar(&email, "email", "", "the person's email address (required)")
	fs.StringVar(&name, "name", "", "the person's name (required)")
	fs.StringVar(&role, "role", string(auth.Admin), "role: citizen, member, editor, moderator or admin")
	fs.StringVar(&siteSlug, "site", "", "the site's slug (default: the first site)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("user add: unexpected argument %q", fs.Arg(0))
	}
	email, name = account.NormalizeEmail(email), strings.TrimSpace(name)
	switch {
	case !account.ValidEmail(email):
		return fmt.Errorf("user add: --email must be a valid address")
	case name == "":
		return fmt.Errorf("user add: --name is required")
	case !auth.Role(role).Valid():
		return fmt.Errorf("user add: unknown --role %q", role)
	}
	pw, err := readPassword(stdinOf(ctx), stderr)
	if err != nil {
		return err
	}
	if n := utf8.RuneCountInString(pw); n < account.MinPasswordLength {
		return fmt.Errorf("user add: the password must have at least %d characters", account.MinPasswordLength)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	s, err := userSite(ctx, d, siteSlug)
	if err != nil {
		return err
	}
	u := &account.UserRecord{SiteID: s.ID, Email: email, Name: name, PasswordHash: hash, Role: auth.Role(role), Locale: i18n.Default}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		u.VerifiedAt = db.Timestamp{Time: tx.Now()}
		if err := account.CreateUser(ctx, tx, u); err != nil {
			return err
		}
		if u.Role.Rank() < auth.Editor.Rank() {
			return nil
		}
		// Giving someone an official role is itself public business.
		return audit.Record(ctx, tx, s.ID, audit.Change{ActorName: "infitah user add", Action: "create", Entity: "user",
			EntityID: u.ID, Summary: "Account with role " + role + " created from the command line",
			After: map[string]string{"name": name, "role": role}})
	})
	if db.IsUniqueViolation(err) {
		return fmt.Errorf("user add: %s already has an account on site %q", email, s.Slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %d) on site %q\n", role, email, u.ID, s.Slug)
	return nil
}

// readPassword prompts on a terminal without echo, or reads one line.
func readPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password (at least 12 characters): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("user add: read password: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("user add: give the password on the first line of stdin")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// userSite is the site named by slug, or the first one (made now on a fresh
// installation, as "serve" would).
func userSite(ctx context.Context, d *db.DB, slug string) (*site.Site, error) {
	if slug != "" {
		s, err := site.BySlug(ctx, d.R(), slug)
		if errors.Is(err, db.ErrNotFound) {
			return nil, fmt.Errorf("user add: no site %q", slug)
		}
		return s, err
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	if err := site.EnsureDefault(ctx, d, i18n.Text{i18n.AR: cat.Printer(i18n.AR).T("site.name")}); err != nil {
		return nil, err
	}
	sites, err := site.All(ctx, d.R())
	if err != nil {
		return nil, err
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("user add: no site")
	}
	return &sites[0], nil
}
