package budget

import "embed"

// Templates holds the feature's pages and partials.
//
//go:embed templates/*.html
var Templates embed.FS
