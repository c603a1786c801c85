package account

import "github.com/infitah/infitah/internal/platform/web"

// Input is one labelled form field for the "account-field" partial, which
// draws the label, the value kept on re-render (never a password's), the
// hint, the field's message and the aria attributes that tie them together.
type Input struct {
	Form  *web.Form
	ID    string // the element id; hint and message ids derive from it
	Name  string
	Type  string // "text", "email", "password"
	Label string // message key
	Auto  string // autocomplete token
	Hint  string // message key, or ""
	Min   int    // the shortest password, for messages that name it
	Max   int    // maxlength, 0 for none
}

// inputs is embedded in page data so templates can describe their fields.
type inputs struct{}

// Input describes a field of form f (see Input).
func (inputs) Input(f *web.Form, id, name, typ, label, auto, hint string) Input {
	in := Input{Form: f, ID: id, Name: name, Type: typ, Label: label, Auto: auto, Hint: hint, Min: MinPasswordLength}
	switch typ {
	case "email":
		in.Max = MaxEmailLen
	case "text":
		in.Max = MaxPersonNameLen
	}
	return in
}
