package server_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/search"
	"github.com/infitah/infitah/internal/site"
)

var staticKey = regexp.MustCompile(`\b(?:t|tn) "([a-z0-9_.]+)"`)

// TestTemplateKeysTranslated fails when a page uses a message key that a
// locale lacks, so no page shows a raw key. Keys built at run time from a
// prefix and a value are checked for every value the domain allows.
func TestTemplateKeysTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	keys := map[string]bool{}
	for _, fsys := range []fs.FS{search.Templates, web.LayoutTemplates, plan.Templates, site.Templates, account.OrgTemplates, audit.Templates, account.AccountPages()} {
		files, _ := fs.Glob(fsys, "templates/*.html")
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range staticKey.FindAllStringSubmatch(string(b), -1) {
				keys[m[1]] = true
			}
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	add := func(prefix string, values ...string) {
		for _, v := range values {
			keys[prefix+v] = true
		}
	}
	for _, s := range plan.Statuses {
		add("status.", string(s))
	}
	for _, s := range plan.PlanStatuses {
		add("plan_status.", string(s))
	}
	for _, v := range plan.Values {
		add("value.", string(v))
	}
	for _, k := range account.Kinds {
		add("org_kind.", string(k))
	}
	add("sector.", string(plan.SectorGovernment), string(plan.SectorCivilSociety), string(plan.SectorPrivate), string(plan.SectorAcademia), string(plan.SectorInternational))
	add("assessment.kind.", string(plan.SelfAssessment), string(plan.InceptionReview), string(plan.EndOfCommitment))
	add("assessment.potential.", plan.PotentialUnclear, plan.PotentialModest, plan.PotentialSubstantial)
	add("assessment.completion.", plan.CompletionNoEvidence, plan.CompletionNotStarted, plan.CompletionLimited, plan.CompletionSubstantial, plan.CompletionComplete)
	add("assessment.opened.", plan.OpenedWorsened, plan.OpenedNoChange, plan.OpenedMarginal, plan.OpenedMajor, plan.OpenedOutstanding)
	add("theme.", plan.Themes...)
	add("search.kind.", search.Kinds...)
	add("search.kind_one.", search.Kinds...)
	add("search.error.filter.", "q", "type", "plan", "organisation", "from", "to", "page")
	add("", string(search.ProblemEmpty), string(search.ProblemTooLong), string(search.ProblemStopWords), string(search.ProblemOnlyMinus))
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		p := cat.Printer(l)
		for k := range keys {
			if !p.Has(k) {
				t.Errorf("%s: missing message %q", l, k)
			}
		}
	}
}
