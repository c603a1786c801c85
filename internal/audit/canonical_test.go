package audit

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestCanonicalSortsAndStrips(t *testing.T) {
	type contact struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		Phone    string `json:"phone_number"`
		Password string `json:"password_hash"`
	}
	type user struct {
		ID         int64            `json:"id"`
		Zeta       string           `json:"zeta"`
		Alpha      string           `json:"alpha"`
		Contact    contact          `json:"contact"`
		Tokens     []map[string]any `json:"tokens"`
		Keys       []map[string]any `json:"keys"`
		NationalID string           `json:"national_id"`
		TokenHash  string           `json:"token_hash"`
		Big        int64            `json:"big"`
		HTML       string           `json:"html"`
	}
	got, err := Canonical(user{
		ID: 1, Zeta: "z", Alpha: "a", Contact: contact{Name: "N", Email: "x@example.org", Phone: "+212600000000", Password: "h"},
		Tokens: []map[string]any{{"token": "t"}}, Keys: []map[string]any{{"label": "ci", "token": "secret", "Email": "y@x", "secret_key": "k"}},
		NationalID: "AB123", TokenHash: "th", Big: 1<<62 + 1, HTML: "<b>&</b>",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"alpha":"a","big":4611686018427387905,"contact":{"name":"N"},"html":"<b>&</b>","id":1,"keys":[{"label":"ci"}],"zeta":"z"}`
	if got != want {
		t.Errorf("Canonical:\n got %s\nwant %s", got, want)
	}
	for _, bad := range []string{"example.org", "+212", "AB123", "secret", "password", "token", "th\""} {
		if strings.Contains(got, bad) {
			t.Errorf("Canonical kept %q: %s", bad, got)
		}
	}
	// Marshalling a map or the same struct again gives the same text.
	again, _ := Canonical(map[string]any{"zeta": "z", "alpha": "a"})
	if again != `{"alpha":"a","zeta":"z"}` {
		t.Errorf("Canonical(map) = %s", again)
	}
	for _, v := range []any{nil, map[string]any(nil), (*user)(nil)} {
		if s, err := Canonical(v); err != nil || s != "{}" {
			t.Errorf("Canonical(%#v) = %q, %v; want {}", v, s, err)
		}
	}
	if _, err := Canonical(func() {}); err == nil {
		t.Error("Canonical(func) succeeded")
	}
}

func TestSensitive(t *testing.T) {
	for _, k := range []string{"email", "Email", "contact_email", "email_verified", "e_mail", "password", "password_hash",
		"PasswordHash", "token", "token_hash", "tokens", "api_token", "file_hash", "phone", "phone_number", "telephone",
		"national_id", "tel", "secret", "secret_key", "cin"} {
		if !Sensitive(k) {
			t.Errorf("Sensitive(%q) = false", k)
		}
	}
	for _, k := range []string{"name", "title", "status", "hash", "prev_hash_x", "contact_role", "website", "kind", "role"} {
		if Sensitive(k) {
			t.Errorf("Sensitive(%q) = true", k)
		}
	}
}

func TestDiff(t *testing.T) {
	type commitment struct {
		Ref      string            `json:"ref"`
		Title    map[string]string `json:"title"`
		Status   string            `json:"status"`
		Progress int               `json:"progress"`
		Themes   []string          `json:"themes"`
		Email    string            `json:"contact_email"`
	}
	before := commitment{Ref: "C1", Title: map[string]string{"ar": "أ", "fr": "A"}, Status: "in_progress", Progress: 40,
		Themes: []string{"budget"}, Email: "old@example.org"}
	after := before
	after.Title = map[string]string{"fr": "A", "ar": "أ"} // same content, other order
	after.Status, after.Progress = "completed", 100
	after.Themes = []string{"budget", "digital"}
	after.Email = "new@example.org"

	b, a := Diff(before, after)
	wantB := map[string]any{"status": "in_progress", "progress": json.Number("40"), "themes": []any{"budget"}}
	wantA := map[string]any{"status": "completed", "progress": json.Number("100"), "themes": []any{"budget", "digital"}}
	if !reflect.DeepEqual(b, wantB) || !reflect.DeepEqual(a, wantA) {
		t.Errorf("Diff = %v, %v\nwant %v, %v", b, a, wantB, wantA)
	}

	// Keys on one side only stay on that side; maps and structs mix.
	b, a = Diff(map[string]any{"ref": "C1", "old": 1}, map[string]any{"ref": "C1", "new": true})
	if !reflect.DeepEqual(b, map[string]any{"old": json.Number("1")}) || !reflect.DeepEqual(a, map[string]any{"new": true}) {
		t.Errorf("one-sided keys: %v, %v", b, a)
	}

	// A creation has no before, a deletion no after; secrets never pass.
	b, a = Diff(nil, map[string]any{"name": "N", "password_hash": "x"})
	if b != nil || !reflect.DeepEqual(a, map[string]any{"name": "N"}) {
		t.Errorf("creation: %v, %v", b, a)
	}
	b, a = Diff(map[string]any{"name": "N", "email": "x@y"}, nil)
	if !reflect.DeepEqual(b, map[string]any{"name": "N"}) || a != nil {
		t.Errorf("deletion: %v, %v", b, a)
	}
	if b, a = Diff(nil, nil); b != nil || a != nil {
		t.Errorf("nothing: %v, %v", b, a)
	}

	// No change: two empty maps, which Record stores as {}.
	b, a = Diff(before, before)
	if len(b) != 0 || len(a) != 0 {
		t.Errorf("no change: %v, %v", b, a)
	}
	cb, _ := Canonical(b)
	if cb != "{}" {
		t.Errorf("Canonical(no change) = %s", cb)
	}
}

func TestChangeValidate(t *testing.T) {
	ok := Change{Action: ActionUpdate, Entity: "commitment", EntityID: 1}
	if err := ok.validate(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]Change{
		"action":    {Action: "edit", Entity: "commitment", EntityID: 1},
		"entity":    {Action: ActionCreate, Entity: "budget_line", EntityID: 1},
		"entity id": {Action: ActionCreate, Entity: "plan"},
		"actor":     {Action: ActionCreate, Entity: "plan", EntityID: 1, ActorID: -1},
	} {
		if err := c.validate(); err == nil {
			t.Errorf("%s: invalid change accepted", name)
		}
	}
}
