package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// BadInput is an error in what the client sent: a message key of the
// catalogues and its arguments, shown to the user in their language.
type BadInput struct {
	Key  string
	Args []any
}

func (e *BadInput) Error() string { return "bad input: " + e.Key }

// Invalid returns a BadInput for key with name/value arguments.
func Invalid(key string, args ...any) error { return &BadInput{Key: key, Args: args} }

// Errors answers errors in the client's language: a page for browsers, an
// RFC 9457 problem document for the API (paths under /api/). Only internal
// errors are logged; only user-safe messages are shown.
type Errors struct {
	Renderer *Renderer
	Catalog  *i18n.Catalog
	Log      *slog.Logger
}

// Error maps err to its answer: db.ErrNotFound → 404, *BadInput → 400,
// ErrBusy → 503 with Retry-After, anything else → 500 (logged with the
// request id).
func (e *Errors) Error(w http.ResponseWriter, r *http.Request, err error) {
	var bad *BadInput
	switch {
	case errors.Is(err, db.ErrNotFound):
		e.NotFound(w, r)
	case errors.As(err, &bad):
		e.BadRequest(w, r, bad.Key, bad.Args...)
	case errors.Is(err, ErrBusy):
		e.Busy(w, r)
	default:
		e.Log.Error("internal error", "id", RequestID(r.Context()), "path", r.URL.Path, "err", err)
		e.Internal(w, r)
	}
}

// NotFound answers 404.
func (e *Errors) NotFound(w http.ResponseWriter, r *http.Request) {
	e.answer(w, r, http.StatusNotFound, "error.not_found", "error.not_found.body")
}

// BadRequest answers 400 with the message key as the detail.
func (e *Errors) BadRequest(w http.ResponseWriter, r *http.Request, key string, args ...any) {
	e.answer(w, r, http.StatusBadRequest, "error.bad_request", key, args...)
}

// Unauthorized answers 401: the API needs credentials.
func (e *Errors) Unauthorized(w http.ResponseWriter, r *http.Request) {
	e.answer(w, r, http.StatusUnauthorized, "error.unauthorized", "error.unauthorized.body")
}

// Forbidden answers 403: signed in, but not allowed.
func (e *Errors) Forbidden(w http.ResponseWriter, r *http.Request) {
	e.answer(w, r, http.StatusForbidden, "error.forbidden", "error.forbidden.body")
}

// MethodNotAllowed answers 405.
func (e *Errors) MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	e.answer(w, r, http.StatusMethodNotAllowed, "error.method_not_allowed", "error.method_not_allowed.body")
}

// Internal answers 500 without detail beyond the request id.
func (e *Errors) Internal(w http.ResponseWriter, r *http.Request) {
	e.answer(w, r, http.StatusInternalServerError, "error.internal", "error.internal.body")
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Status int
	Title  string
	Detail string
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

func (e *Errors) answer(w http.ResponseWriter, r *http.Request, status int, titleKey, detailKey string, args ...any) {
	p := e.Catalog.Printer(Locale(r.Context()))
	title, detail := p.T(titleKey+".title"), p.T(detailKey, args...)
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	if IsAPI(r) {
		body, _ := json.Marshal(Problem{Type: "about:blank", Title: title, Status: status, Detail: detail,
			Instance: r.URL.Path, RequestID: RequestID(r.Context())})
		Send(w, r, status, "application/problem+json", body)
		return
	}
	page := ErrorPage{Status: status, Title: title, Detail: detail}
	if err := e.Renderer.Page(w, r, status, "error", "", page); err != nil {
		e.Log.Error("render error page", "err", err)
		http.Error(w, title, status)
	}
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
