package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxQueryBytes bounds a query string. The longest a page makes — a search
// of 500 Arabic characters, percent-encoded, with its filters — is under
// half of it; each parameter has its own, smaller bound where it is read.
const MaxQueryBytes = 8 << 10

// MaxJSONBytes is the largest JSON body CheckInput reads to check its text.
// Every API handler refuses a larger body itself (with its own, smaller or
// equal, limit), so a longer one is passed on unread and refused there.
const MaxJSONBytes = 1 << 20

// CheckInput refuses, with 400 and a message in the person's language,
// a request whose path, query string, URL-encoded form or JSON body holds
// text that is not valid UTF-8 or has a control character (see ValidText).
// A query string longer than MaxQueryBytes is answered 414. It runs before
// every handler, so a handler reading r.FormValue or
// r.URL.Query() directly is covered as well as web.ParseForm. A URL-encoded
// body is parsed here, bounded like ParseForm's, and its line breaks written
// as line feeds; multipart bodies are streamed by their readers, which check
// each part with CheckField and CheckFileName.
func CheckInput(errs *Errors) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if len(r.URL.RawQuery) > MaxQueryBytes {
				errs.answer(w, r, http.StatusRequestURITooLong, "error.uri_too_long", "error.uri_too_long.body")
				return
			}
			if !ValidText(r.URL.Path) || !validQuery(r.URL.RawQuery) {
				errs.BadRequest(w, r, ErrBadText.Key)
				return
			}
			if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
				if err := checkBody(w, r); err != nil {
					errs.Error(w, r, err)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func checkBody(w http.ResponseWriter, r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "application/x-www-form-urlencoded":
		_, err := ParseForm(w, r)
		return err
	case mt == "application/json" || strings.HasSuffix(mt, "+json") || IsAPI(r) && !strings.HasPrefix(mt, "multipart/"):
		// The API reads JSON whatever the Content-Type says (a wrong one is
		// refused there): its text is checked all the same.
		if r.Body == nil || r.Body == http.NoBody {
			return nil
		}
		buf, err := io.ReadAll(io.LimitReader(r.Body, MaxJSONBytes+1))
		if err != nil {
			return Invalid("error.bad_form")
		}
		if len(buf) > MaxJSONBytes {
			// Too long for any API handler, which will say so.
			r.Body = readCloser{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
			return nil
		}
		r.Body = readCloser{bytes.NewReader(buf), r.Body}
		return CheckJSON(buf)
	}
	return nil
}

// readCloser reads from a replay of the body and closes the original.
type readCloser struct {
	io.Reader
	io.Closer
}
