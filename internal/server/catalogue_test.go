package server_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/opendata"
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
	for _, fsys := range []fs.FS{search.Templates, web.LayoutTemplates, plan.Templates, site.Templates, account.OrgTemplates, audit.Templates, account.AccountPages(), consult.Templates, comment.Templates, notify.Templates, news.Templates, event.Templates, forum.Templates, opendata.Templates} {
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
	for _, k := range event.Kinds {
		add("event.kind.", string(k))
	}
	add("event.notice.", "pending.short", "confirmed.short", "waiting.short", "cancelled.short", "confirmed.title", "waiting.title",
		"cancelled.title", "confirmed.body", "waiting.body", "cancelled.body")
	add("event.mine.", string(event.Pending), string(event.Confirmed), string(event.Waiting))
	add("eventadmin.reg_status.", string(event.Pending), string(event.Confirmed), string(event.Waiting), string(event.Cancelled))
	for _, m := range []string{"confirm", string(event.Confirmed), string(event.Waiting), "promoted", "already_" + string(event.Confirmed),
		"already_" + string(event.Waiting)} {
		add("event.mail."+m, ".subject", ".body")
	}
	// The pages of the account's emailed links (account_link).
	add("account.verify.", "title", "body", "button")
	add("account.email.confirm.", "title", "body", "button")
	for _, f := range notify.Frequencies {
		add("notify.prefs.", string(f))
	}
	// notify_page's titles and bodies, and the notification emails.
	add("notify.", "limited.title", "limited.body", "unsubscribe.title", "unsubscribe.body", "unsubscribed.title",
		"unsubscribed.body", "bad_link.title", "bad_link.body", "error.bad_target", "error.bad_frequency",
		"mail.hello", "mail.open", "mail.footer_instant", "mail.footer_digest", "mail.unsubscribe",
		"digest.daily.subject", "digest.daily.intro", "digest.weekly.subject", "digest.weekly.intro")
	for _, k := range notify.Kinds {
		add("notify.event."+k+".", "subject", "line", "line_anon")
	}
	add("", opendata.MessageKeys()...)
	add("search.kind.", search.Kinds...)
	add("search.kind_one.", search.Kinds...)
	add("search.error.filter.", "q", "type", "plan", "organisation", "from", "to", "page")
	add("", string(search.ProblemEmpty), string(search.ProblemTooLong), string(search.ProblemStopWords), string(search.ProblemOnlyMinus))
	for _, k := range consult.Kinds {
		add("consult.kind.", string(k))
	}
	for _, o := range consult.Outcomes {
		add("consult.outcome.", string(o))
	}
	for _, ph := range consult.Phases {
		add("consult.phase.", string(ph))
	}
	for _, s := range comment.Stances {
		add("comment.stance.", string(s))
	}
	for _, r := range comment.Reasons {
		add("comment.reason.", string(r))
	}
	add("comment.status.", string(comment.Visible), string(comment.Pending), string(comment.Hidden), string(comment.Deleted))
	add("comment.gone.", string(comment.Hidden), string(comment.Deleted))
	add("comment.moderation.done.", "hidden", "restored", "approved", "blocked", "unblocked")
	add("comment.problem.", "400", "401", "403", "404", "415", "422", "429")
	for _, st := range forum.Seats {
		add("forum.seat.", string(st))
	}
	for _, g := range forum.Genders {
		add("forumadmin.gender.", string(g))
	}
	for _, dt := range forum.DocTypes {
		add("docs.type.", string(dt))
	}
	for _, code := range []string{forum.ReqForum, forum.ReqProgress, forum.ReqRepository, forum.ReqTimeline, forum.ReqResponses, forum.ReqMeetings} {
		add("req."+code+".", "title", "rule")
	}
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		p := cat.Printer(l)
		for k := range keys {
			if !p.Has(k) {
				t.Errorf("%s: missing message %q", l, k)
			}
		}
	}
}
