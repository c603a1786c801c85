package plan

import (
	"encoding/json"
	"testing"

	"github.com/infitah/infitah/internal/platform/i18n"
)

func TestIfMatch(t *testing.T) {
	for header, want := range map[string]bool{
		"": true, "*": true, `"3"`: true, `W/"3"`: true, `"1", "3"`: true,
		`"2"`: false, `3`: false, `"03"`: false, `"3`: false,
	} {
		if got := ifMatch(header, 3); got != want {
			t.Errorf("ifMatch(%q, 3) = %v, want %v", header, got, want)
		}
	}
}

func TestWebURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a.pdf": true, "http://example.org": true,
		"javascript:alert(1)": false, "data:text/html,x": false, "/relative": false, "https://": false, "": false,
		"ftp://example.org/f": false,
	} {
		if got := webURL(s); got != want {
			t.Errorf("webURL(%q) = %v, want %v", s, got, want)
		}
	}
}

// A patch keeps what it does not name, clears what it sets to null, and
// merges texts language by language.
func TestCommitmentInputMerge(t *testing.T) {
	c := Commitment{Ref: "C1", Position: 2, Title: i18n.Text{i18n.AR: "عنوان", i18n.FR: "Titre"}, Themes: []string{"budget"},
		Lead: &OrgRef{ID: 7}, Status: InProgress, Progress: 10}
	var in CommitmentInput
	if err := json.Unmarshal([]byte(`{"title": {"fr": null, "en": "Title"}, "lead_agency_id": null, "themes": ["digital", "digital"], "progress": 40}`), &in); err != nil {
		t.Fatal(err)
	}
	fe := in.apply(&c, false, false, func(int64) (*OrgRef, Sector, bool) { return nil, "", false })
	if len(fe) != 0 {
		t.Fatalf("errors %+v", fe)
	}
	if c.Title[i18n.AR] != "عنوان" || c.Title.Has(i18n.FR) || c.Title[i18n.EN] != "Title" || c.Lead != nil ||
		len(c.Themes) != 1 || c.Themes[0] != "digital" || c.Progress != 40 || c.Status != InProgress || c.Position != 2 || c.Ref != "C1" {
		t.Errorf("merged %+v", c)
	}
	in = CommitmentInput{}
	if err := json.Unmarshal([]byte(`{"progress": 50, "position": 0}`), &in); err != nil {
		t.Fatal(err)
	}
	fe = in.apply(&c, false, true, nil)
	got := map[string]string{}
	for _, e := range fe {
		got[e.Field] = e.Code
	}
	if got["progress"] != "rolled_up" || got["position"] != "bad_number" || len(got) != 2 {
		t.Errorf("errors %v", got)
	}
}
