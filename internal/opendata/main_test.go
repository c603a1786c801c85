package opendata_test

import (
	"os"
	"testing"

	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestMain stops the throw-away PostgreSQL cluster, if the tests started one.
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
