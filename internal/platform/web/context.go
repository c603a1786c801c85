// Package web is the HTTP plumbing every feature shares: middleware (request
// ids, logs, recovery, security headers, compression, locale), page rendering
// in the site layout, JSON and problem+json answers, conditional GET, static
// assets with content-hashed names, and metrics. It knows no feature.
package web

import (
	"context"
	"net/http"

	"github.com/infitah/infitah/internal/platform/i18n"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyLocale
)

// RequestID returns the id the RequestID middleware gave the request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// Locale returns the request's locale, chosen by the Locale middleware.
func Locale(ctx context.Context) i18n.Locale {
	if l, ok := ctx.Value(keyLocale).(i18n.Locale); ok {
		return l
	}
	return i18n.Default
}

// WithLocale returns ctx carrying locale l; tests and the renderer use it.
func WithLocale(ctx context.Context, l i18n.Locale) context.Context {
	return context.WithValue(ctx, keyLocale, l)
}

// statusWriter remembers the status and size of a response for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routeInfo lets the outer middleware learn which pattern the router chose:
// the router sets Pattern on its own copy of the request.
type routeInfo struct{ pattern string }

type routeKey struct{}

// Route returns the pattern the router matched for the request, or "".
func Route(ctx context.Context) string {
	if ri, ok := ctx.Value(routeKey{}).(*routeInfo); ok {
		return ri.pattern
	}
	return ""
}

// Routed wraps the router so that Route works in outer middleware.
func Routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if ri, ok := r.Context().Value(routeKey{}).(*routeInfo); ok {
			ri.pattern = r.Pattern
		}
	})
}
