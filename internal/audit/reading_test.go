package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
)

var readCat = i18n.MustLoad()

func entryOf(action, entity string, id int64, commitment *int64, before, after string) *Entry {
	return &Entry{Action: action, Entity: entity, EntityID: id, CommitmentID: commitment, BeforeData: before, AfterData: after}
}

func ptrTo(n int64) *int64 { return &n }

// stripIsolates removes the bidi isolates the summary puts around people's
// text, to compare sentences.
func stripIsolates(s string) string {
	return strings.NewReplacer("\u2068", "", "\u2069", "").Replace(s)
}

func TestReadSummaries(t *testing.T) {
	casa, _ := time.LoadLocation("Africa/Casablanca")
	update := entryOf(ActionCreate, "progress_update", 7, ptrTo(10), `{"progress":40,"status":"in_progress"}`,
		`{"date":"2024-03-01","evidence":[],"milestone_id":null,"progress":60,"status":"in_progress","text":{"ar":"تقدم","fr":"Avancée"}}`)
	for _, c := range []struct {
		name string
		e    *Entry
		ref  string
		want map[i18n.Locale]string
	}{
		{"progress from before to after", update, "TTA-03", map[i18n.Locale]string{
			i18n.EN: "Progress update on TTA-03: 40% → 60%",
			i18n.FR: "Point d’avancement sur TTA-03 : 40\u202F% → 60\u202F%",
			i18n.AR: "تحديث التقدم في TTA-03: من 40% إلى 60%",
		}},
		{"progress without a before (older entries)", entryOf(ActionCreate, "progress_update", 7, ptrTo(10), "{}", `{"progress":60}`), "TTA-03",
			map[i18n.Locale]string{i18n.EN: "Progress update on TTA-03: 60%"}},
		{"progress on a commitment whose reference is unknown", entryOf(ActionCreate, "progress_update", 7, ptrTo(10), "{}", `{"progress":60}`), "",
			map[i18n.Locale]string{i18n.EN: "Progress update on #10: 60%"}},
		{"commitment edited, reference looked up", entryOf(ActionUpdate, "commitment", 10, ptrTo(10), `{"status":"in_progress"}`, `{"status":"completed"}`), "TTA-02",
			map[i18n.Locale]string{i18n.EN: "Commitment TTA-02 edited", i18n.FR: "Engagement TTA-02 modifié", i18n.AR: "تعديل الالتزام TTA-02"}},
		{"commitment created, reference from its fields", entryOf(ActionCreate, "commitment", 10, ptrTo(10), "{}", `{"ref":"TTA-09","title":{"ar":"ع"}}`), "",
			map[i18n.Locale]string{i18n.EN: "Commitment TTA-09 created"}},
		{"proposal answered", entryOf(ActionCreate, "proposal_response", 4, nil, "{}", `{"outcome":"accepted","proposal_id":4,"reason":{"ar":"س"}}`), "",
			map[i18n.Locale]string{i18n.EN: "Proposal no. 4 answered: Accepted", i18n.AR: "الرد على المقترح رقم 4: مقبول"}},
		{"titled record in the reader's language", entryOf(ActionUpdate, "plan", 3, nil, `{"title":{"ar":"خطة","fr":"Plan 2024"}}`, `{"title":{"ar":"خطة جديدة","fr":"Plan 2025"}}`), "",
			map[i18n.Locale]string{i18n.FR: "Modification : plan d’action «\u00a0Plan 2025\u00a0»", i18n.AR: "تعديل خطة عمل «خطة جديدة»"}},
		{"unknown entity and fields: generic", entryOf(ActionDelete, "spaceship", 8, nil, `{"zzz":1}`, "{}"), "",
			map[i18n.Locale]string{i18n.EN: "Deleted: spaceship no. 8", i18n.FR: "Suppression : spaceship n°\u00a08"}},
		{"role change", entryOf(ActionUpdate, "user", 5, nil, `{"role":"editor"}`, `{"role":"admin"}`), "",
			map[i18n.Locale]string{i18n.EN: "Role of user no. 5 changed: Editor → Administrator"}},
		{"site settings", entryOf(ActionUpdate, "site", 1, nil, `{"timezone":"UTC"}`, `{"timezone":"Africa/Casablanca"}`), "",
			map[i18n.Locale]string{i18n.EN: "Site settings changed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for l, want := range c.want {
				got := Read(c.e, readCat.Printer(l), casa, c.ref).Summary
				if stripIsolates(got) != want {
					t.Errorf("%s: %q, want %q", l, stripIsolates(got), want)
				}
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	casa, _ := time.LoadLocation("Africa/Casablanca")
	long := strings.Repeat("كلمة ", 100)
	e := entryOf(ActionUpdate, "commitment", 10, ptrTo(10),
		`{"status":"in_progress","title":{"ar":"عنوان","fr":"Titre"},"problem":{"ar":"`+long+`"},"zzz_custom":1,"ogp_values":["civic_participation"],"start_date":"2024-01-15"}`,
		`{"status":"completed","title":{"ar":"عنوان جديد"},"problem":{"ar":"قصير"},"ogp_values":[],"partners":[{"organisation_id":5,"sector":"academia"}],"start_date":"2024-02-01"}`)
	r := Read(e, readCat.Printer(i18n.FR), casa, "")
	if !r.Paired {
		t.Error("an update with both sides is not paired")
	}
	by := map[string]FieldReading{}
	for _, f := range r.Fields {
		by[f.Name] = f
	}
	if len(by) != 7 {
		t.Fatalf("%d fields: %+v", len(r.Fields), r.Fields)
	}
	check := func(name, label, before, after string) {
		t.Helper()
		f := by[name]
		if f.Label != label || f.Before.Text != before || f.After.Text != after {
			t.Errorf("%s: %q %q → %q, want %q %q → %q", name, f.Label, f.Before.Text, f.After.Text, label, before, after)
		}
	}
	check("status", "Statut", "En cours", "Achevé")
	check("start_date", "Date de début", "15 janvier 2024", "1er février 2024")
	check("ogp_values", "Valeurs du PGO", "Participation citoyenne", "")
	check("partners", "Acteurs associés", "", "N° de l’organisation : 5, Secteur : Monde académique")
	// The French reader sees the French title, and the Arabic one where
	// there is no French: each value says which language it is in.
	if f := by["title"]; f.Before.Text != "Titre" || f.Before.Lang != i18n.FR || f.After.Text != "عنوان جديد" || f.After.Lang != i18n.AR {
		t.Errorf("title: %+v", f)
	}
	if f := by["problem"]; !f.Before.Cut || !strings.HasSuffix(f.Before.Text, "…") || len([]rune(f.Before.Text)) > maxValueRunes+1 ||
		strings.HasSuffix(strings.TrimSuffix(f.Before.Text, "…"), "كلم") {
		t.Errorf("long text not cut at a word: %q", f.Before.Text)
	}
	if f := by["zzz_custom"]; f.Labelled || f.Label != "zzz_custom" || !f.After.Absent || f.Before.Text != "1" {
		t.Errorf("unknown field: %+v", f)
	}
	if f := by["ogp_values"]; !f.After.Empty {
		t.Errorf("an empty list is not empty: %+v", f.After)
	}
	if f := by["partners"]; !f.Before.Absent {
		t.Errorf("a field on one side only: %+v", f)
	}
}

func TestReadValues(t *testing.T) {
	p := readCat.Printer(i18n.AR)
	hash := strings.Repeat("ab", 32)
	e := entryOf(ActionCreate, "news_post", 3, nil, "{}",
		`{"comments_open":true,"cover":"`+hash+`","published_at":"2024-03-01T10:00:00Z","slug":"x","url":"https://example.org/a","progress":50,"nothing":null}`)
	r := Read(e, p, time.UTC, "")
	if r.Paired {
		t.Error("a creation is paired")
	}
	by := map[string]Value{}
	for _, f := range r.Fields {
		if !f.Before.Absent {
			t.Errorf("%s has a before", f.Name)
		}
		by[f.Name] = f.After
	}
	for name, want := range map[string]Value{
		"comments_open": {Text: "نعم"},
		"cover":         {Text: hash[:12] + "…", Code: true},
		"published_at":  {Text: p.DateTime(time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC))},
		"url":           {Text: "https://example.org/a", Code: true},
		"progress":      {Text: "50%"},
		"nothing":       {Empty: true},
	} {
		if by[name] != want {
			t.Errorf("%s: %+v, want %+v", name, by[name], want)
		}
	}
	// Not JSON (a row altered by hand) is shown, not hidden.
	r = Read(entryOf(ActionUpdate, "plan", 1, nil, "not json", `[1,2]`), p, time.UTC, "")
	if len(r.Fields) != 1 || r.Fields[0].Before.Text != "not json" || r.Fields[0].After.Text != "1، 2" {
		t.Errorf("non-objects: %+v", r.Fields)
	}
	// The settings name the fields the ledger leaves out; they are named for people too.
	r = Read(entryOf(ActionUpdate, "site", 1, nil, "{}", `{"other_changes":["contact_phone","mail_from_address"]}`), readCat.Printer(i18n.EN), time.UTC, "")
	if len(r.Fields) != 1 || r.Fields[0].Label != "Also changed (not shown in the ledger)" ||
		r.Fields[0].After.Text != "Council’s phone number, Address of the email sender" {
		t.Errorf("other changes: %+v", r.Fields)
	}
	if r := Read(entryOf(ActionUpdate, "plan", 1, nil, "{}", "{}"), p, time.UTC, ""); len(r.Fields) != 0 || r.Paired {
		t.Errorf("nothing: %+v", r)
	}
}

// Every summary the reader may build exists in ar, fr and en.
func TestReadKeysTranslated(t *testing.T) {
	var keys []string
	for _, a := range Actions {
		keys = append(keys, "audit.summary.generic."+a, "audit.summary.titled."+a, "audit.summary.commitment."+a, "audit.summary.milestone."+a)
	}
	keys = append(keys, "audit.summary.progress_update.change", "audit.summary.progress_update.create",
		"audit.summary.proposal_response.create", "audit.summary.proposal_response.update", "audit.summary.site.update",
		"audit.summary.comment.update", "audit.summary.user.role", "audit.summary.user.blocked", "audit.summary.user.unblocked",
		"audit.summary.assessment.create", "audit.value.yes", "audit.value.no", "audit.value.empty", "audit.list_separator",
		"audit.pair_separator", "audit.item_separator", "audit.recorded_summary")
	for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		p := readCat.Printer(l)
		for _, k := range keys {
			if !p.Has(k) {
				t.Errorf("%s lacks %s", l, k)
			}
		}
	}
}
