package participation

import "embed"

// Templates holds the feature's page.
//
//go:embed templates/*.html
var Templates embed.FS
