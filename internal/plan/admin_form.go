package plan

import (
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// The administration's forms are built with webform and drawn by one
// template, adminplan_form.html.

// kit names the messages of the plan's forms, in the planadmin catalogue.
var kit = webform.Kit{
	InLanguage: "planadmin.form.in_language",
	ErrorItem:  "planadmin.form.error_item",
	RequiredAR: "planadmin.error.required_ar",
	Date:       "planadmin.error.date",
	Number:     "planadmin.error.not_a_number",
	URL:        "planadmin.error.url",
	TooLong:    "planadmin.error.too_long",
	TooMany:    "planadmin.error.too_many",
	// The plan's forms name their fields alike, so one table of bounds
	// serves them all.
	Max: map[string]int{
		"slug": MaxSlugLen, "ref": MaxRefLen, "title": MaxTitleLen, "stage_title": MaxTitleLen, "link_title": MaxTitleLen,
		"summary": MaxTextLen, "problem": MaxTextLen, "cause": MaxTextLen, "status_quo": MaxTextLen, "objective": MaxTextLen,
		"expected_results": MaxTextLen, "solution": MaxTextLen, "deliverable": MaxTextLen, "body": MaxTextLen,
		"early_results": MaxTextLen, "contact_name": MaxNameLen, "contact_role": MaxNameLen, "assessor": MaxNameLen,
		"link_url": MaxURLLen, "evidence_url": MaxURLLen,
	},
}

// checkPeriod fails the end field when end comes before start.
func checkPeriod(f *web.Form, start, end db.Date, endName string, index int) {
	if !start.IsZero() && !end.IsZero() && end.Before(start.Time) {
		f.Fail(webform.ErrKey(endName, index), "planadmin.error.end_before_start")
	}
}
