package i18n

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The fast decoder must agree with encoding/json on every input: where it
// accepts, the same Text; elsewhere it declines and encoding/json decides.
func TestScanFlatAgreesWithJSON(t *testing.T) {
	inputs := []string{
		`{}`, ` { } `, `{"ar":"خطة","fr":"plan"}`, "{\n \"en\" : \"x\" ,\t\"fr\":\"\" }",
		`{"ar":"a","ar":"b"}`, `{"xx":"other key"}`, `{"ar":"say \"hi\""}`, `{"ar":"\u0041"}`,
		`{"ar":"tab	in"}`, "{\"ar\":\"\xff\"}", `{"ar":1}`, `{"ar":null}`, `{"ar":"x",}`, `{"ar":"x"`,
		`{"ar":"x"} trailing`, `{"ar" "x"}`, `{ar:"x"}`, `null`, `[]`, `{"ar":"x"}{}`, `{"":""}`,
		`{"ar":"Plan d’action 2021–2023"}`,
	}
	for _, in := range inputs {
		var want map[Locale]string
		jsonErr := json.Unmarshal([]byte(in), &want)
		got, ok := scanFlat([]byte(in))
		if !ok {
			continue // encoding/json decides
		}
		if jsonErr != nil {
			t.Errorf("scanFlat(%q) accepted what encoding/json refuses: %v", in, jsonErr)
			continue
		}
		if !equalText(got, Text(want)) || (got == nil) != (want == nil) {
			t.Errorf("scanFlat(%q) = %v; encoding/json gives %v", in, got, want)
		}
	}
	// The common shape must take the fast path.
	if _, ok := scanFlat([]byte(`{"ar":"خطة","en":"plan","fr":"plan"}`)); !ok {
		t.Error("scanFlat declined a plain stored Text")
	}
}

func BenchmarkTextScan(b *testing.B) {
	src := []byte(`{"ar":"تعزيز الشفافية في الصفقات العمومية","en":"Transparency in public procurement","fr":"Transparence des marchés publics"}`)
	b.ReportAllocs()
	for b.Loop() {
		var t Text
		if err := t.Scan(src); err != nil {
			b.Fatal(err)
		}
	}
}

// The fast encoder must write what encoding/json writes, byte for byte.
func TestEncodeFlatAgreesWithJSON(t *testing.T) {
	texts := []Text{
		nil, {}, {AR: ""}, {AR: "خطة", FR: "plan", EN: "plan"}, {EN: "b", AR: "a", ZGH: "ⵜ", FR: "c"},
		{AR: `say "hi"`}, {AR: "back\\slash"}, {AR: "line\nbreak"}, {AR: "<b>&</b>"}, {AR: "\u2028"},
		{AR: "\xff"}, {"x\"": "key"}, {FR: "Plan d’action 2021–2023", EN: ""},
	}
	for _, tx := range texts {
		m := make(map[Locale]string)
		for k, v := range tx {
			if v != "" {
				m[k] = v
			}
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		got, err := tx.encode()
		if err != nil {
			t.Fatal(err)
		}
		if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
			t.Errorf("encode(%q) = %s; encoding/json writes %s", tx, got, w)
		}
	}
}
