package account

import "embed"

// OrgTemplates holds the pages of the administration of organisations,
// people and roles (org_*.html and siteadmin_*.html).
//
//go:embed templates/*.html
var OrgTemplates embed.FS
