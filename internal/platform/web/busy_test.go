package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/web"
)

// An error wrapping ErrBusy is answered 503 with Retry-After: a localized
// page, or a problem document under /api/.
func TestBusyAnswers(t *testing.T) {
	errs := newErrors(t)
	busy := fmt.Errorf("hasher full: %w", web.ErrBusy)
	ts := httptest.NewServer(web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { errs.Error(w, r, busy) }),
		web.Locales(errs)))
	defer ts.Close()
	for _, c := range []struct{ path, contentType, want string }{
		{"/login?lang=en", "text/html", "try again in a few seconds"},
		{"/login?lang=fr", "text/html", "Serveur occupé"},
		{"/login", "text/html", "الخادم مشغول"},
		{"/api/v1/x?lang=en", "application/problem+json", `"status":503`},
	} {
		res, err := http.Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 503 || res.Header.Get("Retry-After") != "5" || !strings.HasPrefix(res.Header.Get("Content-Type"), c.contentType) {
			t.Errorf("%s: %d, Retry-After %q, %s", c.path, res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Content-Type"))
		}
		if !strings.Contains(string(body), c.want) {
			t.Errorf("%s: the answer lacks %q:\n%s", c.path, c.want, body)
		}
	}
}
