package i18n

import "testing"

func TestJoin(t *testing.T) {
	got := Join(Text{AR: "أ", FR: "a"}, Text{AR: "", FR: "b"}, nil, Text{EN: "c", AR: "ب"})
	want := Text{AR: "أ\n\nب", FR: "a\n\nb", EN: "c"}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for l, s := range want {
		if got[l] != s {
			t.Errorf("%s: %q, want %q", l, got[l], s)
		}
	}
}
