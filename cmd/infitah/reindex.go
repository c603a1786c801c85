package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/infitah/infitah/internal/server"
)

// reindex rebuilds the search index. Writes keep it current; this is for
// after a restore, or when the analyzer changes.
func reindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseFlags("reindex", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	d, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	counts, err := server.Reindex(ctx, d)
	if err != nil {
		return err
	}
	for _, slug := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(stdout, "site %s: %d documents indexed\n", slug, counts[slug])
	}
	return nil
}
