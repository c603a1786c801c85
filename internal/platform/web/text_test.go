package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/web"
)

func TestValidText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", true},
		{"نص عربي مع أرقام 123", true},
		{"Élodie – « texte » ✓ 😀", true},
		{"line one\nline two\r\nline three\rend", true},
		{"a\ttab", true},
		{"\u200f\u202bbidi marks\u202c", true},
		{"\ufffd replacement character typed on purpose", true},
		{"\x00", false},
		{"nul\x00inside", false},
		{"\x01", false},
		{"bell\x07", false},
		{"backspace\b", false},
		{"form feed\f", false},
		{"vertical tab\v", false},
		{"escape\x1b[31m", false},
		{"\x1f", false},
		{"del\x7f", false},
		{"c1 \u0080", false},
		{"c1 \u0085 next line", false},
		{"c1 \u009f", false},
		{"\xff\xfe", false},
		{"latin-1 caf\xe9", false},
		{"truncated \xd8", false},
		{"surrogate \xed\xa0\x80", false},
		{"overlong \xc0\xaf", false},
	} {
		if got := web.ValidText(tc.in); got != tc.want {
			t.Errorf("ValidText(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeNewlines(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb":       "a\nb",
		"a\rb":         "a\nb",
		"a\r\n\r\nb\r": "a\n\nb\n",
		"a\nb":         "a\nb",
		"plain":        "plain",
	} {
		if got := web.NormalizeNewlines(in); got != want {
			t.Errorf("NormalizeNewlines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{`{"title":{"ar":"عنوان","fr":"Titre"}}`, true},
		{`{"body":"line\nline\r\n\ttab \"quoted\" back\\slash \/"}`, true},
		{`{"emoji":"\ud83d\ude00","accent":"\u00e9","arabic":"\u0627"}`, true},
		{`{"n":12,"ok":true,"list":[1,"two",null]}`, true},
		{`{"text":"\u0009\u000a\u000d"}`, true},
		{`not json at all`, true}, // the decoder's business
		{`{"cut":"\u12`, true},
		{`{"body":"\u0000"}`, false},
		{`{"body":"\u0001"}`, false},
		{`{"body":"\u001f"}`, false},
		{`{"body":"\u007f"}`, false},
		{`{"body":"\u0085"}`, false},
		{`{"body":"\b"}`, false},
		{`{"body":"\f"}`, false},
		{`{"body":"\ud800"}`, false},
		{`{"body":"\ud800x"}`, false},
		{`{"body":"\ud800\u0041"}`, false},
		{`{"body":"\udc00"}`, false},
		{`{"body":"\uDFFF"}`, false},
		{"{\"body\":\"raw \x01\"}", false},
		{"{\"body\":\"raw \u0085\"}", false},
		{"{\"body\":\"raw \x7f\"}", false},
		{"{\"body\":\"\xff\xfe\"}", false},
		{"{\"b\xffody\":\"x\"}", false},
		{`{"\u0000key":"x"}`, false},
	} {
		err := web.CheckJSON([]byte(tc.in))
		if (err == nil) != tc.want {
			t.Errorf("CheckJSON(%q) = %v, want ok=%v", tc.in, err, tc.want)
		}
	}
}

func TestCursorBound(t *testing.T) {
	long := web.EncodeCursor(1) + strings.Repeat("A", web.MaxCursorLen)
	if _, err := web.DecodeCursor(long); err == nil {
		t.Errorf("a cursor of %d characters was read", len(long))
	}
}

func TestCheckValues(t *testing.T) {
	vs := url.Values{"body": {"one\r\ntwo"}, "name": {"x"}}
	if err := web.CheckValues(vs); err != nil || vs.Get("body") != "one\ntwo" {
		t.Errorf("CheckValues = %v, body %q", err, vs.Get("body"))
	}
	for _, bad := range []url.Values{{"a": {"\x00"}}, {"a\xff": {"x"}}, {"a": {"ok", "\u0085"}}} {
		if web.CheckValues(bad) == nil {
			t.Errorf("CheckValues(%q) accepted", bad)
		}
	}
}

// TestCheckInput drives the middleware over a real socket: bad text in the
// path, the query, a URL-encoded form or a JSON body is answered 400 with
// the localized message before the handler runs; good text reaches it,
// with the form's line breaks as line feeds.
func TestCheckInput(t *testing.T) {
	errs := newErrors(t)
	reached := 0
	var gotBody string
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reached++
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			gotBody = r.FormValue("body") // read directly, as a handler might
		}
		io.WriteString(w, "ok")
	})
	ts := httptest.NewServer(web.Chain(mux, web.Locales(errs), web.CheckInput(errs)))
	defer ts.Close()

	send := func(method, path, ctype, body string) (int, string, string) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	const form = "application/x-www-form-urlencoded"
	bad := []struct{ method, path, ctype, body string }{
		{"GET", "/search?q=%ff%fe", "", ""},
		{"GET", "/search?q=a%00b", "", ""},
		{"GET", "/search?%ff=x", "", ""},
		{"GET", "/news/%ff", "", ""},
		{"GET", "/x?q=%c2%85", "", ""},
		{"POST", "/comments", form, "body=%ff%fe"},
		{"POST", "/comments", form, "body=a%00b"},
		{"POST", "/comments", form, "body=%1b%5b31m"},
		{"POST", "/comments", form, "body=%c2%9b"},
		{"POST", "/comments", form, "b%00dy=x"},
		{"POST", "/comments", form, "body=%ed%a0%80"},
		{"PATCH", "/api/v1/commitments/1", "application/merge-patch+json", `{"title":{"ar":"\ud800"}}`},
		{"POST", "/api/v1/comments", "application/json", `{"body":"a\u0000b"}`},
		{"POST", "/api/v1/comments", "text/plain", `{"body":"a\u0007b"}`},
		{"POST", "/api/v1/comments", "application/json", "{\"body\":\"\xff\"}"},
	}
	for _, tc := range bad {
		for _, lang := range []struct{ q, want string }{{"ar", "رموز غير مقبولة"}, {"fr", "caractères non admis"}} {
			path := tc.path + "?lang=" + lang.q
			if strings.Contains(tc.path, "?") {
				path = tc.path + "&lang=" + lang.q
			}
			reached = 0
			status, ctype, body := send(tc.method, path, tc.ctype, tc.body)
			if status != 400 || reached != 0 || !strings.Contains(body, lang.want) {
				t.Errorf("%s %s %q (%s): %d, handler reached %d times; body %.300s", tc.method, path, tc.body, lang.q, status, reached, body)
			}
			if strings.HasPrefix(tc.path, "/api/") && ctype != "application/problem+json" {
				t.Errorf("%s %s: Content-Type %q, want problem+json", tc.method, path, ctype)
			}
		}
	}
	good := []struct{ method, path, ctype, body string }{
		{"GET", "/search?q=%D8%B9%D8%B1%D8%A8%D9%8A", "", ""},
		{"GET", "/news/%D8%AE%D8%A8%D8%B1", "", ""},
		{"POST", "/comments", form, "body=one%0D%0Atwo%09three"},
		{"POST", "/api/v1/comments", "application/json", `{"body":"line\r\nline \u00e9 \ud83d\ude00"}`},
		{"POST", "/upload", "multipart/form-data; boundary=x", "--x--\r\n"}, // multipart is checked by its readers
	}
	for _, tc := range good {
		reached = 0
		if status, _, body := send(tc.method, tc.path, tc.ctype, tc.body); status != 200 || reached != 1 {
			t.Errorf("%s %s %q: %d, reached %d: %.300s", tc.method, tc.path, tc.body, status, reached, body)
		}
	}
	reached = 0
	if status, _, body := send("GET", "/search?lang=fr&q="+strings.Repeat("a", web.MaxQueryBytes), "", ""); status != http.StatusRequestURITooLong ||
		reached != 0 || !strings.Contains(body, "Adresse trop longue") {
		t.Errorf("a query of %d bytes: %d, reached %d: %.300s", web.MaxQueryBytes+13, status, reached, body)
	}
	send("POST", "/comments", form, "body=one%0D%0Atwo%0Dthree")
	if gotBody != "one\ntwo\nthree" {
		t.Errorf("FormValue after CheckInput = %q, want line feeds", gotBody)
	}
}
