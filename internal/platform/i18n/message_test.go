package i18n

import "testing"

func TestCompileMessage(t *testing.T) {
	tests := []struct {
		in      string
		plain   bool
		args    []string
		wantErr bool
	}{
		{"Hello", true, nil, false},
		{"", true, nil, false},
		{"{{.Name}}", false, []string{"Name"}, false},
		{"Mis à jour le {{.Date}}", false, []string{"Date"}, false},
		{"{{ .Start }} – {{.End}}", false, []string{"Start", "End"}, false},
		{"{{.Count}} التزامات", false, []string{"Count"}, false},
		{"a {{.X_1}} b", false, []string{"X_1"}, false},
		{"{{.Name", false, nil, true},
		{"{{Name}}", false, nil, true},
		{"{{.}}", false, nil, true},
		{"{{if .X}}x{{end}}", false, nil, true},
		{"{{.A.B}}", false, nil, true},
		{"{{.Name | html}}", false, nil, true},
		{"single } and { braces are fine", true, nil, false},
	}
	for _, tt := range tests {
		m, err := compileText(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("compileText(%q) error = %v; wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if m.plain() != tt.plain {
			t.Errorf("compileText(%q).plain() = %v; want %v", tt.in, m.plain(), tt.plain)
		}
		var args []string
		for _, s := range m.segs {
			if s.arg != "" {
				args = append(args, s.arg)
			}
		}
		if len(args) != len(tt.args) {
			t.Errorf("compileText(%q) args = %v; want %v", tt.in, args, tt.args)
			continue
		}
		for i := range args {
			if args[i] != tt.args[i] {
				t.Errorf("compileText(%q) args = %v; want %v", tt.in, args, tt.args)
			}
		}
	}
}
