package opendata

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Formats of the downloads, as the page names them (not translated: they
// are the formats' own names).
const (
	CSV      = "CSV"
	JSON     = "JSON"
	JSONL    = "JSON Lines"
	Atom     = "Atom"
	ICal     = "iCalendar"
	XML      = "XML"
	OpenAPIF = "OpenAPI 3.1 (JSON)"
)

// Section is a group of downloads on /data.
type Section struct {
	ID    string // the heading's anchor
	Title string // message key of the heading
	Items []Download
}

// Download is one thing to download. What is the message key of the
// sentence saying what it holds; when Name is set (a plan, a consultation,
// a tag), the sentence names it as {{.Name}}. A Pattern is an address with
// a part to fill in (an event's number), shown but not linked.
type Download struct {
	What    string
	Name    i18n.Text
	Format  string
	URL     string
	Pattern bool
}

// apiLists are the JSON lists of the API, each with its sentence. A test
// checks that every list the OpenAPI document describes (a GET under
// /api/v1 without a path parameter or a required query parameter) is here.
var apiLists = []struct{ path, what string }{
	{"/api/v1/sites", "opendata.api.sites"},
	{"/api/v1/plans", "opendata.api.plans"},
	{"/api/v1/commitments", "opendata.api.commitments"},
	{"/api/v1/organisations", "opendata.api.organisations"},
	{"/api/v1/consultations", "opendata.api.consultations"},
	{"/api/v1/proposals", "opendata.api.proposals"},
	{"/api/v1/comments", "opendata.api.comments"},
	{"/api/v1/news", "opendata.api.news"},
	{"/api/v1/events", "opendata.api.events"},
	{"/api/v1/forum", "opendata.api.forum"},
	{"/api/v1/documents", "opendata.api.documents"},
	{"/api/v1/audit", "opendata.api.audit"},
	{"/api/v1/information-requests", "opendata.api.information_requests"},
	{"/api/v1/petitions", "opendata.api.petitions"},
	{"/api/v1/budgets", "opendata.api.budgets"},
}

// APIListPaths are the API lists /data links to.
func APIListPaths() []string {
	out := make([]string, len(apiLists))
	for i, l := range apiLists {
		out[i] = l.path
	}
	return out
}

// maxNamed bounds the plans, consultations and tags named one by one; a
// site with more still has every download through the API.
const maxNamed = 100

// Downloads lists what the site offers for download, the per-plan,
// per-consultation and per-tag ones read from the database.
func Downloads(ctx context.Context, q db.Querier, siteID int64, now time.Time) ([]Section, error) {
	plans, err := plan.Plans(ctx, q, siteID, 0, maxNamed)
	if err != nil {
		return nil, err
	}
	consultations, err := consult.Consultations(ctx, q, siteID, false, 0, maxNamed, now)
	if err != nil {
		return nil, err
	}
	tags, err := news.Tags(ctx, q, siteID, now)
	if err != nil {
		return nil, err
	}
	budgets, err := budget.Summaries(ctx, q, siteID, maxNamed)
	if err != nil {
		return nil, err
	}

	sheets := Section{ID: "spreadsheets", Title: "opendata.section.spreadsheets"}
	for _, p := range plans {
		base := "/plans/" + url.PathEscape(p.Slug)
		sheets.Items = append(sheets.Items,
			Download{What: "opendata.plan.commitments_csv", Name: p.Title, Format: CSV, URL: base + "/commitments.csv"},
			Download{What: "opendata.plan.milestones_csv", Name: p.Title, Format: CSV, URL: base + "/milestones.csv"})
	}

	reports := Section{ID: "consultations", Title: "opendata.section.consultations"}
	reports.Items = append(reports.Items, Download{What: "opendata.participation_csv", Format: CSV, URL: "/participation.csv"})
	for _, c := range consultations {
		base := "/consultations/" + strconv.FormatInt(c.ID, 10) + "/report"
		reports.Items = append(reports.Items,
			Download{What: "opendata.consultation.report_csv", Name: c.Title, Format: CSV, URL: base + ".csv"},
			Download{What: "opendata.consultation.report_json", Name: c.Title, Format: JSON, URL: base + ".json"})
	}

	// Each budget, year by year and stage by stage, in the import's own
	// columns (CSV) and as JSON.
	budgetFiles := Section{ID: "budgets", Title: "opendata.section.budgets"}
	for _, b := range budgets {
		year := strconv.Itoa(b.Year)
		base := "/budget/" + year + "/" + string(b.Stage)
		name := i18n.Text{i18n.AR: year, i18n.FR: year, i18n.EN: year}
		budgetFiles.Items = append(budgetFiles.Items,
			Download{What: "opendata.budget_csv_" + string(b.Stage), Name: name, Format: CSV, URL: base + ".csv"},
			Download{What: "opendata.budget_json_" + string(b.Stage), Name: name, Format: JSON, URL: base + ".json"})
	}

	api := Section{ID: "api", Title: "opendata.section.api"}
	for _, l := range apiLists {
		api.Items = append(api.Items, Download{What: l.what, Format: JSON, URL: l.path})
	}
	api.Items = append(api.Items, Download{What: "opendata.api.openapi", Format: OpenAPIF, URL: "/api/v1/openapi.json"})

	feeds := Section{ID: "feeds", Title: "opendata.section.feeds"}
	feeds.Items = append(feeds.Items, Download{What: "opendata.feed.news", Format: Atom, URL: "/feeds/news.atom"})
	for _, t := range tags {
		feeds.Items = append(feeds.Items, Download{What: "opendata.feed.tag", Name: i18n.Text{i18n.AR: t.Tag}, Format: Atom,
			URL: "/feeds/tags/" + url.PathEscape(t.Tag) + ".atom"})
	}
	feeds.Items = append(feeds.Items,
		Download{What: "opendata.feed.information_requests", Format: Atom, URL: "/feeds/information-requests.atom"},
		Download{What: "opendata.feed.petitions", Format: Atom, URL: "/feeds/petitions.atom"},
		Download{What: "opendata.feed.events", Format: ICal, URL: "/feeds/events.ics"},
		Download{What: "opendata.feed.event", Format: ICal, URL: "/events/{id}.ics", Pattern: true})

	records := Section{ID: "records", Title: "opendata.section.records"}
	records.Items = append(records.Items,
		Download{What: "opendata.ledger", Format: JSONL, URL: "/audit/download"},
		Download{What: "opendata.sitemap", Format: XML, URL: "/sitemap.xml"})

	out := []Section{sheets, reports, budgetFiles, api, feeds, records}
	// A section with nothing in it (a site without plans yet) is left out.
	kept := out[:0]
	for _, s := range out {
		if len(s.Items) > 0 {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

// MessageKeys are the message keys /data builds at run time (headings and
// sentences), for the test that every key the pages use is translated.
func MessageKeys() []string {
	keys := []string{
		"opendata.section.spreadsheets", "opendata.section.consultations", "opendata.section.api", "opendata.section.feeds",
		"opendata.section.records", "opendata.section.budgets", "opendata.plan.commitments_csv", "opendata.plan.milestones_csv",
		"opendata.participation_csv", "opendata.consultation.report_csv", "opendata.consultation.report_json", "opendata.api.openapi",
		"opendata.feed.news", "opendata.feed.information_requests", "opendata.feed.petitions", "opendata.feed.tag", "opendata.feed.events", "opendata.feed.event", "opendata.ledger", "opendata.sitemap",
	}
	for _, l := range apiLists {
		keys = append(keys, l.what)
	}
	for _, stage := range []budget.Stage{budget.StageAdopted, budget.StageAmending, budget.StageExecution} {
		keys = append(keys, "opendata.budget_csv_"+string(stage), "opendata.budget_json_"+string(stage))
	}
	return keys
}
