package audit_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// TestTemplateKeysTranslated fails when the ledger's pages use a message key
// that ar, fr or en lacks, including the labels built from an entry's action
// and entity.
func TestTemplateKeysTranslated(t *testing.T) {
	keys := map[string]bool{}
	files, _ := fs.Glob(audit.Templates, "templates/*.html")
	for _, f := range files {
		b, err := fs.ReadFile(audit.Templates, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\b(?:t|tn) "([a-z0-9_.]+)"`).FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, a := range audit.Actions {
		keys["audit.action."+a] = true
	}
	for _, e := range audit.Entities {
		keys["audit.entity."+e] = true
	}
	for _, k := range []string{"audit.error.bad_commitment", "audit.error.bad_organisation", "audit.error.bad_query"} {
		keys[k] = true
	}
	cat := i18n.MustLoad()
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		p := cat.Printer(l)
		for k := range keys {
			if !p.Has(k) {
				t.Errorf("%s: missing message %q", l, k)
			}
		}
	}
}
