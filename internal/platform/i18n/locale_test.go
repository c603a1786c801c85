package i18n

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Locale
		ok   bool
	}{
		{"ar", AR, true},
		{"AR", AR, true},
		{"fr", FR, true},
		{"En", EN, true},
		{"zgh", ZGH, true},
		{"ZGH", ZGH, true},
		{" fr ", FR, true},
		{"ar-MA", AR, true},
		{"ar_MA", AR, true},
		{"fr-FR", FR, true},
		{"en-GB", EN, true},
		{"zgh-Tfng-MA", ZGH, true},
		{"", "", false},
		{"-", "", false},
		{"ar-", "", false},
		{"arabic", "", false},
		{"a", "", false},
		{"de", "", false},
		{"tzm", "", false},
		{"fr-!!", "", false},
		{"fr-toolongsubtag", "", false},
		{"*", "", false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDirAndName(t *testing.T) {
	tests := []struct {
		l    Locale
		dir  string
		name string
	}{
		{AR, "rtl", "العربية"},
		{FR, "ltr", "Français"},
		{EN, "ltr", "English"},
		{ZGH, "ltr", "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
	}
	for _, tt := range tests {
		if got := tt.l.Dir(); got != tt.dir {
			t.Errorf("%s.Dir() = %q; want %q", tt.l, got, tt.dir)
		}
		if got := tt.l.Name(); got != tt.name {
			t.Errorf("%s.Name() = %q; want %q", tt.l, got, tt.name)
		}
	}
	if Default != AR {
		t.Errorf("Default = %q; want ar", Default)
	}
	if len(Locales) != 4 || Locales[0] != AR || Locales[1] != FR || Locales[2] != EN || Locales[3] != ZGH {
		t.Errorf("Locales = %v; want [ar fr en zgh]", Locales)
	}
}
