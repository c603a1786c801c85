package audit

import (
	"strings"
	"testing"
	"time"
)

// goldenEntry is a fixed entry whose encoding and hash were computed
// independently (a few lines of Python, as in docs/audit.md): if this test
// fails, every published ledger would stop verifying.
func goldenEntry() *Entry {
	actor, commitment := int64(7), int64(12)
	return &Entry{
		SiteID: 1, Seq: 2, At: time.Date(2024, 3, 1, 10, 20, 30, 123456789, time.UTC),
		ActorID: &actor, ActorName: "فاطمة الزهراء", Action: "update", Entity: "commitment", EntityID: 12,
		CommitmentID: &commitment, Summary: "C1: status → completed",
		BeforeData: `{"status":"in_progress"}`, AfterData: `{"status":"completed"}`,
		PrevHash: strings.Repeat("ab", 32),
	}
}

func TestEncodeGolden(t *testing.T) {
	e := goldenEntry()
	want := `16:infitah-audit-v1,1:1,1:2,27:2024-03-01T10:20:30.123456Z,1:7,25:فاطمة الزهراء,6:update,` +
		`10:commitment,2:12,2:12,0:,24:C1: status → completed,24:{"status":"in_progress"},22:{"status":"completed"},` +
		`64:` + strings.Repeat("ab", 32) + `,`
	if got := string(e.Encode()); got != want {
		t.Errorf("Encode:\n got %s\nwant %s", got, want)
	}
	const hash = "4b73b72affd212e3c1de11dcd653feacfaa191ef65f2b881fdd8818fbe625518"
	if got := e.ComputeHash(); got != hash {
		t.Errorf("ComputeHash = %s, want %s", got, hash)
	}
	// The time is written in UTC whatever its location, to the microsecond.
	e.At = e.At.In(time.FixedZone("Casablanca", 3600)).Truncate(time.Microsecond)
	if got := e.ComputeHash(); got != hash {
		t.Errorf("ComputeHash in another zone = %s, want %s", got, hash)
	}
}

// Every field is part of the hash, and netstrings keep fields apart: moving
// a character from one field to the next changes the hash.
func TestEncodeCoversEveryField(t *testing.T) {
	base := goldenEntry().ComputeHash()
	org := int64(3)
	for name, change := range map[string]func(e *Entry){
		"site_id":         func(e *Entry) { e.SiteID = 2 },
		"seq":             func(e *Entry) { e.Seq = 3 },
		"at":              func(e *Entry) { e.At = e.At.Add(time.Microsecond) },
		"actor_id":        func(e *Entry) { e.ActorID = nil },
		"actor_name":      func(e *Entry) { e.ActorName = "" },
		"action":          func(e *Entry) { e.Action = "delete" },
		"entity":          func(e *Entry) { e.Entity = "milestone" },
		"entity_id":       func(e *Entry) { e.EntityID = 13 },
		"commitment_id":   func(e *Entry) { e.CommitmentID = nil },
		"organisation_id": func(e *Entry) { e.OrganisationID = &org },
		"summary":         func(e *Entry) { e.Summary += "." },
		"before_data":     func(e *Entry) { e.BeforeData = "{}" },
		"after_data":      func(e *Entry) { e.AfterData = "{}" },
		"prev_hash":       func(e *Entry) { e.PrevHash = ZeroHash },
		"boundary": func(e *Entry) {
			e.ActorName, e.Action = e.ActorName+"u", "pdate"
		},
	} {
		e := goldenEntry()
		change(e)
		if e.ComputeHash() == base {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
}
