// Package webform is the administration's form kit. Forms are described in
// Go and drawn by a feature's form template, so that every field gets the
// same care: a label, a message beside it that aria-describedby points at,
// the value the person typed kept on a failed submission, and, for texts
// kept per language, one input per language with a "missing translation"
// marker on those left empty. News, events, the forum and the action plan
// share it so that this care is written once.
package webform

import "github.com/infitah/infitah/internal/platform/i18n"

// FormView is what a feature's form template draws. Features fill the parts
// their template uses (Back or Crumbs, Cancel, StaleURL).
type FormView struct {
	Heading   string
	Crumbs    []Crumb // the way back, from the dashboard
	Back      string  // the list the form belongs to
	BackLabel string
	Action    string
	Multipart bool
	Version   int // the row version the form was read at; 0 on creation forms
	Sets      []FieldSet
	Summary   []SummaryItem // the failed fields, listed above the form
	Stale     bool          // someone else saved the row meanwhile
	StaleURL  string        // where the current version is
	Submit    string
	Cancel    string
	Kept      []KeptFile // files already uploaded with this form
}

// Crumb is one step of the way back above a form.
type Crumb struct{ Label, URL string }

// FieldSet is a group of fields under a legend.
type FieldSet struct {
	Legend string
	Hint   string
	Fields []Field
}

// SummaryItem is one failed field, listed above the form and linking to it.
type SummaryItem struct{ ID, Message string }

// Field is one control, or a group of per-language inputs (Kind "i18n" or
// "i18n-area").
type Field struct {
	Kind      string // text, url, email, number, datetime-local, date, select, checks, checkbox, file, area, static, i18n, i18n-area
	ID        string
	Name      string
	Label     string
	Hint      string
	Value     string
	Required  bool
	Error     string
	Options   []Option
	Langs     []LangInput
	Min, Max  string
	MaxLen    int // the bound of a text, drawn as maxlength; 0 for none
	Accept    string
	Multiple  bool
	Checked   bool
	Describes string // ids for aria-describedby
}

// Option is a choice of a select or of a group of checkboxes.
type Option struct {
	Value, Label string
	Selected     bool
}

// LangInput is a translatable field's input in one language.
type LangInput struct {
	Locale    i18n.Locale
	Dir       string
	ID        string
	Name      string
	Label     string
	Value     string
	Required  bool
	Missing   bool // written in another language, not yet in this one
	MaxLen    int  // the bound of the text, drawn as maxlength; 0 for none
	Error     string
	Describes string
}

// KeptFile is an upload kept on the server while the person corrects the
// rest of the form, so it need not be chosen again.
type KeptFile struct {
	Field string // the hidden input's name, when the form has several upload fields
	Value string // hash:name
	Name  string
}
