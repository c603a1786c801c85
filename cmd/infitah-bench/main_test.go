package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the program when the page run
// starts it again as the server process.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
			os.Stderr.WriteString("infitah-bench child: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A short page run serves the site from a process of its own, drives every
// target without errors and reports that process's memory.
func TestPageRunInServerProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and drives it")
	}
	var out, errb bytes.Buffer
	args := []string{"-duration", "500ms", "-rounds", "1", "-warmup", "0", "-conns", "2", "-uncached"}
	if err := run(t.Context(), args, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s\n%s", err, out.String(), errb.String())
	}
	for _, want := range []string{"plan page", "commitment page", "home page", "search page", "API commitments", "memory (the server process alone)", "peak, 2 connections on plan page"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "n/a") {
		t.Errorf("a memory figure could not be read:\n%s", out.String())
	}
}
