package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// ErrBusy is wrapped by errors that mean "not now": a bounded resource (the
// password hasher, say) had no room for this request in time. Errors
// answers it 503 Service Unavailable with a Retry-After header.
var ErrBusy = errors.New("server busy")

// RetryBusy is what the Retry-After of a busy answer asks a client to wait.
const RetryBusy = 5 * time.Second

// SetRetryAfter sets the Retry-After header to d, in whole seconds (at
// least one).
func SetRetryAfter(w http.ResponseWriter, d time.Duration) {
	secs := int64((d + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.FormatInt(max(secs, 1), 10))
}

// Busy answers 503 with Retry-After: the server cannot take this request
// now, and says when to try again.
func (e *Errors) Busy(w http.ResponseWriter, r *http.Request) {
	SetRetryAfter(w, RetryBusy)
	e.answer(w, r, http.StatusServiceUnavailable, "error.busy", "error.busy.body")
}
