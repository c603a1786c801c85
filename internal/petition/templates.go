package petition

import "embed"

// Templates holds the feature's pages.
//
//go:embed templates/*.html
var Templates embed.FS
