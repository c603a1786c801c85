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
}

// checkPeriod fails the end field when end comes before start.
func checkPeriod(f *web.Form, start, end db.Date, endName string, index int) {
	if !start.IsZero() && !end.IsZero() && end.Before(start.Time) {
		f.Fail(webform.ErrKey(endName, index), "planadmin.error.end_before_start")
	}
}
