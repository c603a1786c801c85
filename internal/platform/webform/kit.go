package webform

import (
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Kit names the messages a feature's forms use. Each feature keeps its own
// keys in its catalogue, so its wording can change without touching the
// others; a key a feature's forms never need may be left empty.
type Kit struct {
	InLanguage string // a language's input label: {{.Field}} ({{.Language}})
	ErrorItem  string // a line of the summary: {{.Field}}: {{.Message}}
	RequiredAR string // the Arabic text of a required translatable field is empty
	Date       string // not a YYYY-MM-DD date
	DateTime   string // not a datetime-local value
	Number     string // not a whole number
	URL        string // not an absolute http(s) address
	TooLong    string // a text longer than its bound: {{.Max}} characters
	TooMany    string // more rows or choices than a list allows: {{.Max}}
	// Max is the bound of each text field by name, for the forms whose
	// fields share their names' bounds (see Builder.Max).
	Max map[string]int
}

// Builder returns a builder of fields from f in p's language.
func (k Kit) Builder(p *i18n.Printer, f *web.Form) *Builder {
	return &Builder{P: p, F: f, Kit: k, Max: k.Max}
}

// Summarize lists the failed fields of v, in form order, for the message
// above the form.
func (k Kit) Summarize(v *FormView, p *i18n.Printer) {
	v.Summary = nil
	for _, s := range v.Sets {
		for _, f := range s.Fields {
			if f.Error != "" {
				v.Summary = append(v.Summary, SummaryItem{ID: f.ID, Message: p.T(k.ErrorItem, "Field", f.Label, "Message", f.Error)})
			}
			for _, l := range f.Langs {
				if l.Error != "" {
					v.Summary = append(v.Summary, SummaryItem{ID: l.ID, Message: p.T(k.ErrorItem, "Field", l.Label, "Message", l.Error)})
				}
			}
		}
	}
}
