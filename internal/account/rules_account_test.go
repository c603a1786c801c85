package account

import "testing"

func TestValidEmail(t *testing.T) {
	for in, want := range map[string]bool{
		"amina@example.ma": true, "a.b+c@sub.example.org": true,
		"": false, "amina": false, "@example.ma": false, "amina@": false, "amina@localhost": false,
		"a@b@c.ma": false, "a b@c.ma": false, "a@c.ma.": false, "<a@c.ma>": false,
	} {
		if got := ValidEmail(in); got != want {
			t.Errorf("ValidEmail(%q) = %v", in, got)
		}
	}
	if NormalizeEmail("  Amina@Example.MA ") != "amina@example.ma" {
		t.Error("NormalizeEmail")
	}
}

func TestCheckNewPassword(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "form.required",
		"elevenchars":              "account.password.too_short",
		"twelve chars":             "",
		"كلمة سر طويلة":            "", // counted in characters, not bytes
		"كلمةسرقصيرة":              "account.password.too_short",
		string(make([]byte, 2000)): "account.password.too_long",
	} {
		if got := CheckNewPassword(in); got != want {
			t.Errorf("CheckNewPassword(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	if got := maskEmail("amina@example.ma"); got != "a***@example.ma" {
		t.Error(got)
	}
	if got := maskEmail("nonsense"); got != "***" {
		t.Error(got)
	}
}

func TestValidScopes(t *testing.T) {
	got := ValidScopes([]string{"plans:write", "bogus", " plans:write "})
	if len(got) != 1 || got[0] != "plans:write" {
		t.Errorf("ValidScopes = %v", got)
	}
}
