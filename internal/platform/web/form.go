package web

import (
	"net/http"
	"net/url"
	"strings"
)

// Form carries what a person typed and a message key per field that failed
// validation, so a form re-renders with every value kept and each message
// beside its field.
type Form struct {
	Values url.Values
	Errors map[string]string // field name -> message key
	Args   map[string][]any  // field name -> message arguments, when the message has placeholders
}

// maxFormBytes bounds a form body (uploads use ParseMultipartForm with their own limit).
const maxFormBytes = 1 << 20

// ParseForm reads a POSTed form. A body that cannot be read is bad input,
// and so is text that is not valid UTF-8 or holds a control character
// (ErrBadText); line breaks are written as line feeds. CheckInput calls it
// for every URL-encoded body before the handlers run; a second call finds
// the form parsed.
func ParseForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	}
	if err := r.ParseForm(); err != nil {
		return nil, Invalid("error.bad_form")
	}
	if err := CheckValues(r.Form); err != nil {
		return nil, err
	}
	if err := CheckValues(r.PostForm); err != nil {
		return nil, err
	}
	return &Form{Values: r.PostForm, Errors: map[string]string{}}, nil
}

// NewForm returns an empty form, optionally filled from values.
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// Get returns the trimmed value of field.
func (f *Form) Get(field string) string { return strings.TrimSpace(f.Values.Get(field)) }

// Fail records message key for field (the first failure of a field wins).
func (f *Form) Fail(field, key string, args ...any) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, ok := f.Errors[field]; ok {
		return
	}
	f.Errors[field] = key
	if len(args) > 0 {
		if f.Args == nil {
			f.Args = map[string][]any{}
		}
		f.Args[field] = args
	}
}

// Required fails field with "form.required" when it is empty.
func (f *Form) Required(fields ...string) {
	for _, name := range fields {
		if f.Get(name) == "" {
			f.Fail(name, "form.required")
		}
	}
}

// Valid reports whether no field failed.
func (f *Form) Valid() bool { return len(f.Errors) == 0 }

// Error returns the message key of field, or "".
func (f *Form) Error(field string) string { return f.Errors[field] }

// ErrorArgs returns the arguments of field's message.
func (f *Form) ErrorArgs(field string) []any { return f.Args[field] }
