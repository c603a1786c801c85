package plan

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/infitah/infitah/internal/platform/web"
)

// The API's write errors are RFC 9457 problem documents, like every API
// error, extended (RFC 9457 §3.2) with an "errors" member: one entry per bad
// field, so an integration can show each message next to its input.
//
// This belongs in platform/web beside Problem; it lives here until the
// platform takes it (see the import and API-writes report).

// FieldError is one bad field of a request body: its JSON path ("progress",
// "evidence.0.url", "" for the body as a whole), a stable code for programs
// and a message in the request's language for people.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	key     string // catalogue key of Message
	args    []any  // its arguments
}

// fieldErrors collects a request's bad fields.
type fieldErrors []FieldError

// add records field as failing with the code; the message key is
// "import.api.<code>".
func (fe *fieldErrors) add(field, code string) {
	*fe = append(*fe, FieldError{Field: field, Code: code, key: "import.api." + code})
}

// addMax records field as failing with the code, whose message names the
// bound max ("too_long": characters; "too_many": items).
func (fe *fieldErrors) addMax(field, code string, max int) {
	*fe = append(*fe, FieldError{Field: field, Code: code, key: "import.api." + code, args: []any{"Max", max}})
}

// ValidationProblem is a problem document with its field errors.
type ValidationProblem struct {
	web.Problem
	Errors []FieldError `json:"errors"`
}

// problem answers status with a problem document titled by titleKey
// ("<key>.title" in the catalogues), detailed by detailKey, listing errs.
func (a *WriteAPI) problem(w http.ResponseWriter, r *http.Request, status int, titleKey, detailKey string, errs fieldErrors) {
	p := a.Errors.Catalog.Printer(web.Locale(r.Context()))
	if errs == nil {
		errs = fieldErrors{}
	}
	for i := range errs {
		errs[i].Message = p.T(errs[i].key, errs[i].args...)
	}
	body, err := json.Marshal(ValidationProblem{
		Problem: web.Problem{Type: "about:blank", Title: p.T(titleKey + ".title"), Status: status,
			Detail: p.T(detailKey), Instance: r.URL.Path, RequestID: web.RequestID(r.Context())},
		Errors: errs,
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	web.Send(w, r, status, "application/problem+json", body)
}

// invalid answers 422: the body was read, some of its values are wrong.
func (a *WriteAPI) invalid(w http.ResponseWriter, r *http.Request, errs fieldErrors) {
	a.problem(w, r, http.StatusUnprocessableEntity, "import.api.unprocessable", "import.api.unprocessable.body", errs)
}

// maxJSONBytes bounds a request body: a commitment with every text in three
// languages fits in a few kilobytes.
const maxJSONBytes = 1 << 20

// decodeJSON reads the request body into v, strictly: a JSON media type, one
// value, no field v does not declare. On failure it answers 400 (or 415) with
// the field at fault and returns false.
func (a *WriteAPI) decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]))
	if mt != "application/json" && mt != "application/merge-patch+json" {
		a.problem(w, r, http.StatusUnsupportedMediaType, "import.api.media_type", "import.api.media_type.body", nil)
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// Exactly one value: anything after it is a client's mistake.
		var extra json.RawMessage
		if dec.Decode(&extra) != io.EOF {
			err = errTrailingData
		}
	}
	if err == nil {
		return true
	}
	var fe fieldErrors
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &typeErr):
		fe.add(typeErr.Field, "wrong_type")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		fe.add(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown_field")
	case errors.As(err, &tooBig):
		fe.add("", "too_large")
	case errors.Is(err, io.EOF):
		fe.add("", "empty_body")
	default: // a syntax error, trailing data, a body cut short
		fe.add("", "bad_json")
	}
	a.problem(w, r, http.StatusBadRequest, "error.bad_request", "import.api.bad_body", fe)
	return false
}

var errTrailingData = errors.New("trailing data after the JSON value")
