// Package schema holds the database migrations, one folder per dialect.
// Both folders must describe the same tables; a test compares them.
package schema

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
