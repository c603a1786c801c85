package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

func newErrors(t *testing.T) *web.Errors {
	t.Helper()
	cat := i18n.MustLoad()
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := web.NewRenderer(cat, assets)
	if err != nil {
		t.Fatal(err)
	}
	return &web.Errors{Renderer: r, Catalog: cat, Log: slog.New(slog.DiscardHandler)}
}

func TestRecoverKeepsServing(t *testing.T) {
	errs := newErrors(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "fine") })
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ts := httptest.NewServer(web.Chain(web.Routed(mux), web.RequestIDs, web.Recover(log, errs), web.Locales(errs)))
	defer ts.Close()

	res, err := http.Get(ts.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 500 || !strings.Contains(string(body), "خطأ في الخادم") {
		t.Errorf("panic answered %d %q", res.StatusCode, body)
	}
	id := res.Header.Get("X-Request-Id")
	if id == "" || !strings.Contains(logs.String(), id) || !strings.Contains(logs.String(), "panic") {
		t.Errorf("log line lacks the request id %q: %s", id, logs.String())
	}
	res, err = http.Get(ts.URL + "/ok")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("server stopped serving after a panic: %v", err)
	}
	res.Body.Close()
}

func TestProblemJSON(t *testing.T) {
	errs := newErrors(t)
	ts := httptest.NewServer(web.Chain(http.HandlerFunc(errs.NotFound), web.Locales(errs)))
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/v1/x?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{`"status":404`, `"title":"`, `"type":"about:blank"`, `"instance":"/api/v1/x"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("problem lacks %s: %s", want, body)
		}
	}
}

func TestCursor(t *testing.T) {
	for _, id := range []int64{0, 1, 42, 1 << 40} {
		got, err := web.DecodeCursor(web.EncodeCursor(id))
		if err != nil || got != id {
			t.Errorf("round trip %d = %d, %v", id, got, err)
		}
	}
	for _, bad := range []string{"%%%", "aWQ6", "eHl6", web.EncodeCursor(-1)[:2], "aWQ6LTE"} {
		if _, err := web.DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) accepted", bad)
		}
	}
}

func TestSendConditional(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.Send(w, r, 200, "text/plain", []byte(strings.Repeat("x", 2000)))
	})
	ts := httptest.NewServer(web.Compress(h))
	defer ts.Close()
	res, _ := http.Get(ts.URL)
	res.Body.Close()
	etag := res.Header.Get("ETag")
	req, _ := http.NewRequest("GET", ts.URL, nil)
	req.Header.Set("If-None-Match", etag)
	res2, _ := http.DefaultClient.Do(req)
	res2.Body.Close()
	if etag == "" || res2.StatusCode != 304 {
		t.Errorf("ETag %q then %d", etag, res2.StatusCode)
	}
}
