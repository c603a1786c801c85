package account_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/i18n"
)

var templateKey = regexp.MustCompile(`\b(?:t|tn) "([a-z0-9_.]+)"`)

// TestOrgTemplateKeysTranslated fails when a page of the administration of
// organisations and people uses a message that ar, fr or en lacks, the keys
// built at run time included.
func TestOrgTemplateKeysTranslated(t *testing.T) {
	keys := map[string]bool{}
	files, err := fs.Glob(account.OrgTemplates, "templates/*.html")
	if err != nil || len(files) < 5 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(account.OrgTemplates, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, f := range account.OrgFilters {
		keys["org.admin.show."+map[bool]string{true: "all", false: string(f)}[f == ""]] = true
	}
	for _, a := range []account.MembershipAction{account.ActionApprove, account.ActionReject, account.ActionRemove} {
		keys["org.members.action."+string(a)] = true
		keys["org.members.action_who."+string(a)] = true
	}
	for _, s := range []account.MembershipStatus{account.MembershipPending, account.MembershipActive, account.MembershipRejected} {
		keys["org.membership."+string(s)] = true
	}
	for _, r := range auth.Roles {
		keys["siteadmin.role."+string(r)] = true
	}
	for _, l := range account.TextLocales {
		keys["org.form.name_"+string(l)] = true
		keys["org.form.description_"+string(l)] = true
	}
	for _, k := range []string{"org.error.too_long", "org.error.kind", "org.error.website", "org.error.date",
		"org.error.date_future", "org.error.required_to_verify", "org.members.bad_action", "org.form.website_hint",
		"org.form.registration_number", "org.form.registration_date", "org.form.registration_date_hint", "org.form.seat",
		"org.form.seat_hint", "org.form.acronym", "org.form.website", "siteadmin.error.role", "siteadmin.error.last_admin",
		"org.notice.created", "org.notice.saved", "org.notice.verified", "org.notice.withdrawn", "org.notice.approved",
		"org.notice.rejected", "org.notice.removed", "siteadmin.notice.role"} {
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
