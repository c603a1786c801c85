package audit

import "embed"

// Templates holds the ledger's page and partials.
//
//go:embed templates/*.html
var Templates embed.FS
