package account

import "embed"

//go:embed pages/templates/*.html
var pagesFS embed.FS
