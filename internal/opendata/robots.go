package opendata

import (
	"net/http"
	"strings"

	"github.com/infitah/infitah/internal/platform/web"
)

// disallowed are the parts of the site crawlers should leave alone: the
// administration and people's own pages, the forms of signing in and up,
// the emailed links (each is one person's, and a GET never acts on one
// anyway), and the search, whose result pages have no end. Everything
// else — pages, feeds, exports, the API — may be crawled.
var disallowed = []string{
	"/admin",
	"/account",
	"/login",
	"/logout",
	"/signup",
	"/password/",
	"/verify",
	"/email/confirm",
	"/comments/confirm",
	"/events/registrations/",
	"/unsubscribe/",
	"/search",
	"/api/v1/search",
}

// Robots is the robots.txt of the site whose sitemap is at sitemap (an
// absolute URL).
func Robots(sitemap string) string {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range disallowed {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Allow: /\n\nSitemap: " + sitemap + "\n")
	return b.String()
}

// robots answers GET /robots.txt. The sitemap's address is the site's
// public URL (web.SiteInfo.URL), never one taken from the request.
func robots(w http.ResponseWriter, r *http.Request) {
	body := Robots(web.SiteOf(r.Context()).URL("/sitemap.xml"))
	web.Send(w, r, http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
