package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
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
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	// Features are developed side by side and merge in any order, so a
	// migration may land with a lower number than one a database has
	// applied already: it is applied then, rather than refused.
	// Features are developed side by side and merge in any order, so a
	// migration may land with a lower number than one a database has
	// applied already: it is applied then, rather than refused.
	p, err := goose.NewProvider(dialect, d.write, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
