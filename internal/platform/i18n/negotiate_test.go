package i18n

import (
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Locale
	}{
		{"", AR},
		{"fr-FR,fr;q=0.9,en;q=0.8", FR},
		{"de", AR},
		{"de-DE,de;q=0.9", AR},
		{"en;q=0.1, fr;q=0.5", FR},
		{"en-US,en;q=0.9,ar;q=0.8", EN},
		{"ar-MA", AR},
		{"zgh", ZGH},
		{"zgh-Tfng-MA;q=0.9, ar;q=0.8", ZGH},
		{"fr;q=0.5, en;q=0.5", FR},            // ties keep header order
		{"en;q=0.5, fr;q=0.5", EN},            //
		{"*", AR},                             // wildcard means "anything": the default
		{"ar;q=0, *", FR},                     // wildcard excluding Arabic: first other locale
		{"fr;q=0", AR},                        // nothing acceptable that we have: default
		{"fr, *;q=0.5", FR},                   //
		{"*;q=0.5, en;q=0.9", EN},             //
		{"de, en;q=0.001", EN},                //
		{"en;q=1.000", EN},                    //
		{"en;q=1.5, fr;q=0.2", FR},            // invalid q-value drops the element
		{"en;q=abc, fr;q=0.2", FR},            //
		{"en;q=0.1234, fr;q=0.2", FR},         // more than three decimals is invalid
		{"EN ; Q=0.7 , fr ; q=0.6", EN},       // whitespace and case tolerated
		{"garbage!!!", AR},                    //
		{";;;,,,", AR},                        //
		{"q=1", AR},                           //
		{"en;", EN},                           // empty parameter is ignored
		{"\xff\xfe", AR},                      // invalid UTF-8
		{strings.Repeat("en-US,", 10000), EN}, // long headers are linear, not a problem
	}
	for _, tt := range tests {
		if got := Negotiate(tt.header); got != tt.want {
			h := tt.header
			if len(h) > 40 {
				h = h[:40] + "…"
			}
			t.Errorf("Negotiate(%q) = %q; want %q", h, got, tt.want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "fr-FR,fr;q=0.9", "*;q=0", "en;q=0.", "ar;q=1.0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := Negotiate(s) // must never panic
		if _, ok := Parse(string(l)); !ok {
			t.Fatalf("Negotiate(%q) = %q, not a supported locale", s, l)
		}
	})
}
