package account

import (
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

func TestValidWebsite(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org":                           true,
		"http://example.org/path?q=1":                   true,
		"HTTPS://EXAMPLE.ORG":                           true, // schemes are case-insensitive
		"javascript:alert(1)":                           false,
		"ftp://example.org":                             false,
		"data:text/html,hi":                             false,
		"//example.org":                                 false,
		"example.org":                                   false,
		"https://":                                      false,
		"https://user:pw@example.org/":                  false,
		"https://exa mple.org":                          false,
		"https://" + strings.Repeat("a", MaxWebsiteLen): false,
	} {
		if got := ValidWebsite(s); got != want {
			t.Errorf("ValidWebsite(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestOrganisationCheck(t *testing.T) {
	today := db.NewDate(2024, time.May, 1)
	ok := func() *Organisation {
		return &Organisation{Kind: Association, Name: i18n.Text{i18n.AR: "جمعية"}, Website: "https://example.org"}
	}
	tests := []struct {
		name   string
		change func(o *Organisation)
		want   FieldErrors
	}{
		{"valid", func(o *Organisation) {}, FieldErrors{}},
		{"arabic name required", func(o *Organisation) { o.Name = i18n.Text{i18n.FR: "Association"} }, FieldErrors{"name_ar": "form.required"}},
		{"unknown kind", func(o *Organisation) { o.Kind = "club" }, FieldErrors{"kind": "org.error.kind"}},
		{"bad website", func(o *Organisation) { o.Website = "javascript:alert(1)" }, FieldErrors{"website": "org.error.website"}},
		{"long name", func(o *Organisation) { o.Name[i18n.EN] = strings.Repeat("x", MaxNameLen+1) }, FieldErrors{"name_en": "org.error.too_long"}},
		{"arabic length in characters", func(o *Organisation) { o.Name[i18n.AR] = strings.Repeat("ج", MaxNameLen) }, FieldErrors{}},
		{"registration date today", func(o *Organisation) { o.RegistrationDate = today }, FieldErrors{}},
		{"registration date in the future", func(o *Organisation) { o.RegistrationDate = db.NewDate(2024, time.May, 2) },
			FieldErrors{"registration_date": "org.error.date_future"}},
		{"a verified association keeps its registration", func(o *Organisation) { o.Verified = true }, FieldErrors{
			"registration_number": "org.error.required_to_verify", "registration_date": "org.error.required_to_verify",
			"seat": "org.error.required_to_verify"}},
		{"a verified company needs none", func(o *Organisation) { o.Verified, o.Kind = true, Company }, FieldErrors{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok()
			tt.change(o)
			got := o.Check(today)
			if len(got) != len(tt.want) {
				t.Fatalf("Check = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("Check[%s] = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestCheckVerifiable(t *testing.T) {
	today := db.NewDate(2024, time.May, 1)
	a := &Organisation{Kind: Association, RegistrationNumber: "123/2019", RegistrationDate: db.NewDate(2019, time.May, 14), Seat: "Tanger"}
	if e := a.CheckVerifiable(today); len(e) != 0 {
		t.Errorf("complete association: %v", e)
	}
	a.RegistrationDate = db.NewDate(2025, time.January, 1)
	if e := a.CheckVerifiable(today); e["registration_date"] != "org.error.date_future" || len(e) != 1 {
		t.Errorf("future date: %v", e)
	}
	a.Seat, a.RegistrationNumber = " ", ""
	if e := a.CheckVerifiable(today); e["seat"] == "" || e["registration_number"] == "" {
		t.Errorf("blank seat and number: %v", e)
	}
	if e := (&Organisation{Kind: Government}).CheckVerifiable(today); len(e) != 0 {
		t.Errorf("government body: %v", e)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Association Tamkine":           "association-tamkine",
		"Université Abdelmalek Essaâdi": "universite-abdelmalek-essaadi",
		"  OCDE / OECD  ":               "ocde-oecd",
		"جمعية التمكين":                 "",
		"Réseau 2030 — l’avenir":        "reseau-2030-l-avenir",
		strings.Repeat("ab ", 40):       strings.TrimRight(strings.Repeat("ab-", 20), "-"),
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPublicRegistration(t *testing.T) {
	o := &Organisation{Kind: Association, RegistrationNumber: "12", Seat: "Tétouan", RegistrationDate: db.NewDate(2020, 1, 2)}
	if o.publicRegistration() != nil {
		t.Error("an unverified association's registration is published")
	}
	o.Verified = true
	if r := o.publicRegistration(); r == nil || r.Number != "12" || r.Seat != "Tétouan" {
		t.Errorf("verified association: %+v", r)
	}
	o.Kind = Company
	if o.publicRegistration() != nil {
		t.Error("a company's registration is published")
	}
}

func TestNextMembership(t *testing.T) {
	tests := []struct {
		cur    MembershipStatus
		action MembershipAction
		next   MembershipStatus
		remove bool
		err    error
	}{
		{MembershipPending, ActionApprove, MembershipActive, false, nil},
		{MembershipRejected, ActionApprove, MembershipActive, false, nil},
		{MembershipActive, ActionApprove, MembershipActive, false, ErrNoChange},
		{MembershipPending, ActionReject, MembershipRejected, false, nil},
		{MembershipRejected, ActionReject, MembershipRejected, false, ErrNoChange},
		{MembershipActive, ActionReject, MembershipActive, false, ErrBadAction},
		{MembershipActive, ActionRemove, "", true, nil},
		{MembershipPending, ActionRemove, "", true, nil},
		{MembershipPending, "promote", MembershipPending, false, ErrBadAction},
	}
	for _, tt := range tests {
		next, remove, err := NextMembership(tt.cur, tt.action)
		if next != tt.next || remove != tt.remove || err != tt.err {
			t.Errorf("NextMembership(%s, %s) = %q, %v, %v; want %q, %v, %v", tt.cur, tt.action, next, remove, err, tt.next, tt.remove, tt.err)
		}
	}
}

func TestRolesAfterMembership(t *testing.T) {
	for r, want := range map[auth.Role]auth.Role{auth.Citizen: auth.Member, auth.Member: auth.Member, auth.Editor: auth.Editor, auth.Admin: auth.Admin} {
		if got := RoleAfterApproval(r); got != want {
			t.Errorf("RoleAfterApproval(%s) = %s, want %s", r, got, want)
		}
	}
	if RoleAfterRemoval(auth.Member, 0) != auth.Citizen || RoleAfterRemoval(auth.Member, 1) != auth.Member ||
		RoleAfterRemoval(auth.Editor, 0) != auth.Editor {
		t.Error("RoleAfterRemoval")
	}
}

func TestLikePattern(t *testing.T) {
	if got := likePattern(" A_b%c\\ "); got != `%a\_b\%c\\%` {
		t.Errorf("likePattern = %q", got)
	}
}
