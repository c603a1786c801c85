package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Sensitive reports whether a JSON key may hold personal or secret data that
// must never reach the public ledger: any key containing "email", "e_mail",
// "phone" or "password", starting with "token" or "secret", ending in
// "_hash" or "_token", or named "national_id", "tel" or "cin" (the Moroccan
// national identity card), compared case-insensitively. Record and Diff
// remove such keys at every depth, whatever the caller passed.
func Sensitive(key string) bool {
	k := strings.ToLower(key)
	switch {
	case strings.Contains(k, "email"), strings.Contains(k, "e_mail"), strings.Contains(k, "phone"),
		strings.Contains(k, "password"):
		return true
	case strings.HasPrefix(k, "token"), strings.HasPrefix(k, "secret"):
		return true
	case strings.HasSuffix(k, "_hash"), strings.HasSuffix(k, "_token"):
		return true
	case k == "national_id", k == "tel", k == "cin":
		return true
	}
	return false
}

// tree turns v into its generic JSON form (maps, slices, strings,
// json.Number, bools, nil) with the sensitive keys removed. Numbers stay
// json.Number so that large ids keep every digit.
func tree(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var t any
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("audit: unmarshal: %w", err)
	}
	return strip(t), nil
}

func strip(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if Sensitive(k) {
				delete(v, k)
				continue
			}
			v[k] = strip(x)
		}
	case []any:
		for i, x := range v {
			v[i] = strip(x)
		}
	}
	return v
}

// encode writes a generic JSON value canonically: object keys sorted (as
// encoding/json does for maps), no insignificant space, and <, >, & left as
// they are.
func encode(t any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// Canonical returns the canonical JSON text of v as the ledger stores it:
// sensitive keys removed (see Sensitive), keys sorted, compact. nil, and
// anything that marshals to null, gives "{}".
func Canonical(v any) (string, error) {
	t, err := tree(v)
	if err != nil {
		return "", err
	}
	if t == nil {
		return "{}", nil
	}
	return encode(t)
}

// Diff keeps only the fields that differ between before and after, so that
// an entry shows the change compactly. Each side may be a struct, a map or
// nil; fields are compared by their canonical JSON. A field present on one
// side only is kept on that side. A nil before (a creation) gives b = nil
// and every field of after; a nil after (a deletion) gives every field of
// before and a = nil. Sensitive keys are removed (see Sensitive). A side
// that is not a JSON object counts as having no fields.
func Diff(before, after any) (b, a map[string]any) {
	bt, errB := tree(before)
	at, errA := tree(after)
	bm, bObj := bt.(map[string]any)
	am, aObj := at.(map[string]any)
	if errB != nil {
		bObj = false
	}
	if errA != nil {
		aObj = false
	}
	switch {
	case !bObj && !aObj:
		return nil, nil
	case !bObj:
		return nil, am
	case !aObj:
		return bm, nil
	}
	b, a = map[string]any{}, map[string]any{}
	for k, av := range am {
		bv, ok := bm[k]
		if !ok {
			a[k] = av
			continue
		}
		if !sameJSON(bv, av) {
			b[k], a[k] = bv, av
		}
	}
	for k, bv := range bm {
		if _, ok := am[k]; !ok {
			b[k] = bv
		}
	}
	return b, a
}

func sameJSON(x, y any) bool {
	ex, err1 := encode(x)
	ey, err2 := encode(y)
	return err1 == nil && err2 == nil && ex == ey
}
