package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrate applies every pending migration from migrations, which holds one
// folder per dialect ("sqlite", "postgres") of numbered goose SQL files,
// including one numbered below the latest applied.
func (d *DB) Migrate(ctx context.Context, migrations fs.FS) error {
	sub, err := fs.Sub(migrations, string(d.Dialect))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Instances that start together on one database take turns: the
		// first migrates under a session advisory lock, the others wait
		// for it and find nothing left to do. (SQLite serializes writers
		// by itself, and has one process.)
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 600))
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	// Features are developed side by side and merge in any order, so a
	// migration may land with a lower number than one a database has
	// applied already: it is applied then, rather than refused.
	// Features are developed side by side and merge in any order, so a
	// migration may land with a lower number than one a database has
	// applied already: it is applied then, rather than refused.
	opts = append(opts, goose.WithAllowOutofOrder(true))
	p, err := goose.NewProvider(dialect, d.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
