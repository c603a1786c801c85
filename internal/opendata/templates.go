package opendata

import "embed"

// Templates holds the /data and /data/api pages.
//
//go:embed templates/*.html
var Templates embed.FS
