package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestHelp: "infitah help", "--help" and "-h" print the usage on stdout
// and succeed (exit status 0); "-h" after a command lists that command's
// flags and succeeds too. No command at all, or an unknown one, is still
// an error.
func TestHelp(t *testing.T) {
	ctx := context.Background()
	for _, arg := range []string{"help", "--help", "-h"} {
		var out, errOut strings.Builder
		if err := run(ctx, []string{arg}, noEnv, &out, &errOut); err != nil {
			t.Errorf("infitah %s: %v", arg, err)
		}
		if !strings.HasPrefix(out.String(), "usage: infitah") || !strings.Contains(out.String(), "serve") || errOut.Len() != 0 {
			t.Errorf("infitah %s printed %q, and %q on stderr", arg, out.String(), errOut.String())
		}
	}
	for _, args := range [][]string{{"serve", "-h"}, {"migrate", "--help"}, {"demo", "-h"}, {"user", "add", "-h"}} {
		var errOut strings.Builder
		if err := run(ctx, args, noEnv, io.Discard, &errOut); err != nil {
			t.Errorf("infitah %v: %v", args, err)
		}
		if !strings.Contains(errOut.String(), "-data-dir") {
			t.Errorf("infitah %v listed no flags: %q", args, errOut.String())
		}
	}
	for _, args := range [][]string{{}, {"nope"}, {"-x"}} {
		if err := run(ctx, args, noEnv, io.Discard, io.Discard); err == nil {
			t.Errorf("infitah %v succeeded", args)
		}
	}
}
