package i18n

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"testing"
)

// Compile-time checks: Text is usable directly as a database column.
var (
	_ sql.Scanner   = (*Text)(nil)
	_ driver.Valuer = Text(nil)
)

func TestTextIn(t *testing.T) {
	full := Text{AR: "خطة", FR: "plan", EN: "plan (en)", ZGH: "ⴰⵖⴰⵡⴰⵙ"}
	tests := []struct {
		name string
		text Text
		l    Locale
		want string
	}{
		{"own value", full, FR, "plan"},
		{"own value zgh", full, ZGH, "ⴰⵖⴰⵡⴰⵙ"},
		{"fr falls back to ar", Text{AR: "خطة", EN: "plan"}, FR, "خطة"},
		{"zgh falls back to ar first", Text{AR: "خطة", FR: "plan"}, ZGH, "خطة"},
		{"zgh then fr", Text{FR: "plan", EN: "plan (en)"}, ZGH, "plan"},
		{"ar then fr", Text{FR: "plan", EN: "plan (en)"}, AR, "plan"},
		{"en then ar", Text{AR: "خطة", FR: "plan"}, EN, "خطة"},
		{"empty own value is missing", Text{FR: "", AR: "خطة"}, FR, "خطة"},
		{"only zgh left", Text{ZGH: "ⴰⵖⴰⵡⴰⵙ"}, FR, "ⴰⵖⴰⵡⴰⵙ"},
		{"nil", nil, AR, ""},
		{"empty", Text{}, EN, ""},
		{"all empty", Text{AR: "", FR: ""}, EN, ""},
		{"unknown locale asks like default", Text{AR: "خطة", FR: "plan"}, Locale("de"), "خطة"},
	}
	for _, tt := range tests {
		if got := tt.text.In(tt.l); got != tt.want {
			t.Errorf("%s: In(%s) = %q; want %q", tt.name, tt.l, got, tt.want)
		}
	}
}

func TestTextHas(t *testing.T) {
	tx := Text{AR: "خطة", FR: ""}
	if !tx.Has(AR) || tx.Has(FR) || tx.Has(EN) || Text(nil).Has(AR) {
		t.Errorf("Has: got ar=%v fr=%v en=%v nil=%v", tx.Has(AR), tx.Has(FR), tx.Has(EN), Text(nil).Has(AR))
	}
}

func TestTextValue(t *testing.T) {
	tests := []struct {
		text Text
		want string
	}{
		{nil, "{}"},
		{Text{}, "{}"},
		{Text{FR: ""}, "{}"},
		{Text{FR: "plan", AR: "خطة", EN: ""}, `{"ar":"خطة","fr":"plan"}`},
		{Text{ZGH: "z", EN: "e", FR: "f", AR: "a"}, `{"ar":"a","en":"e","fr":"f","zgh":"z"}`},
		{Text{EN: `<b>"x" & y</b>`}, `{"en":"<b>\"x\" & y</b>"}`},
	}
	for _, tt := range tests {
		v, err := tt.text.Value()
		if err != nil {
			t.Fatalf("Value(%v): %v", tt.text, err)
		}
		s, ok := v.(string)
		if !ok {
			t.Fatalf("Value(%v) returned %T; want string (TEXT column)", tt.text, v)
		}
		if s != tt.want {
			t.Errorf("Value(%v) = %s; want %s", tt.text, s, tt.want)
		}
	}
}

func TestTextScan(t *testing.T) {
	tests := []struct {
		name string
		src  any
		want Text
	}{
		{"string", `{"ar":"خطة","fr":"plan"}`, Text{AR: "خطة", FR: "plan"}},
		{"bytes", []byte(`{"en":"plan"}`), Text{EN: "plan"}},
		{"nil", nil, nil},
		{"empty string", "", nil},
		{"json null", "null", nil},
		{"empty object", "{}", Text{}},
	}
	for _, tt := range tests {
		got := Text{AR: "stale"} // Scan must replace, not merge
		if err := got.Scan(tt.src); err != nil {
			t.Fatalf("%s: Scan: %v", tt.name, err)
		}
		if !equalText(got, tt.want) {
			t.Errorf("%s: Scan = %v; want %v", tt.name, got, tt.want)
		}
	}

	// The driver may reuse its buffer after Scan returns.
	buf := []byte(`{"fr":"plan"}`)
	var tx Text
	if err := tx.Scan(buf); err != nil {
		t.Fatal(err)
	}
	copy(buf, `{"fr":"XXXX"}`)
	if tx[FR] != "plan" {
		t.Errorf("Scan kept a reference to the driver's buffer: %q", tx[FR])
	}

	for _, bad := range []any{42, `"just a string"`, `{"ar":1}`, `[`, 3.14} {
		var tx Text
		if err := tx.Scan(bad); err == nil {
			t.Errorf("Scan(%v) succeeded; want error", bad)
		}
	}
}

func TestTextJSON(t *testing.T) {
	in := Text{AR: "خطة العمل", FR: "Plan d’action", EN: ""}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ar":"خطة العمل","fr":"Plan d’action"}`; string(b) != want {
		t.Errorf("Marshal = %s; want %s", b, want)
	}
	var out Text
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !equalText(out, Text{AR: "خطة العمل", FR: "Plan d’action"}) {
		t.Errorf("round trip = %v", out)
	}

	// Inside a struct, nil marshals as an empty object, not null, so API
	// clients always get an object.
	b, err = json.Marshal(struct{ Title Text }{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Title":{}}`; string(b) != want {
		t.Errorf("Marshal(nil Text field) = %s; want %s", b, want)
	}
}

func equalText(a, b Text) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
