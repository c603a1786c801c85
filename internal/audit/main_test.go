package audit_test

import (
	"os"
	"testing"

	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
