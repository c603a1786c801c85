// Package opendata is the site's open-data face: /data lists every download
// the site offers (CSV exports, the JSON API's lists, the Atom and
// iCalendar feeds, the ledger, the consultation reports, the sitemap) with
// what each holds, its format and its address; /data/api is a reference of
// the API rendered on the server from the OpenAPI document; /robots.txt
// tells crawlers what to leave alone and where the sitemap is.
//
// It reads other features' data only through their exported functions
// (plan.Plans, consult.Consultations, news.Tags), to name the downloads each
// plan, consultation and tag has.
package opendata
