package auth

import (
	"strings"
	"testing"
)

func TestRoles(t *testing.T) {
	editor := &User{Role: Editor}
	for _, tt := range []struct {
		u    *User
		r    Role
		want bool
	}{
		{nil, Citizen, false},
		{editor, Citizen, true},
		{editor, Editor, true},
		{editor, Moderator, false},
		{editor, Admin, false},
		{&User{Role: Admin}, Editor, true},
		{&User{Role: "root"}, Citizen, false},
		{editor, "root", false},
	} {
		if got := tt.u.AtLeast(tt.r); got != tt.want {
			t.Errorf("%v.AtLeast(%s) = %v", tt.u, tt.r, got)
		}
	}
}

func TestPassword(t *testing.T) {
	h, err := HashPassword("كلمة سر طويلة")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q", h)
	}
	if !CheckPassword(h, "كلمة سر طويلة") || CheckPassword(h, "كلمة سر طويلة ") || CheckPassword("garbage", "x") {
		t.Error("CheckPassword")
	}
	h2, _ := HashPassword("كلمة سر طويلة")
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
}
