package news

import (
	"strconv"

	"github.com/infitah/infitah/internal/platform/webform"
)

// The administration forms of news posts, events and the forum are drawn by
// one page, FormPage, from a webform.FormView.

// FormPage is the page that draws a webform.FormView.
const FormPage = "newsadmin_form"

// FormKit names the messages of the forms FormPage draws, in the news
// catalogue, which events and the forum share.
var FormKit = webform.Kit{
	InLanguage: "newsadmin.form.in_language",
	ErrorItem:  "newsadmin.form.error_item",
	RequiredAR: "newsadmin.error.required_ar",
	DateTime:   "newsadmin.error.datetime",
	URL:        "newsadmin.error.url",
	TooLong:    "newsadmin.error.too_long",
	TooMany:    "newsadmin.error.too_many",
}

// Itoa writes an id.
func Itoa(id int64) string { return strconv.FormatInt(id, 10) }
