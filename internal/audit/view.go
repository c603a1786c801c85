package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// EntryView is an entry as the ledger page shows it.
type EntryView struct {
	*Entry
	Local     time.Time // At in the site's time zone
	ISO       string    // At for <time datetime>
	ShortHash string
	Link      string // the public page of the entity, "" when it has none
	// Links to the commitment or organisation the entry concerns, when that
	// is not the entity itself.
	CommitmentLink, OrganisationLink string
	Fields                           []FieldChange
}

// FieldChange is one field of an entry's before and after.
type FieldChange struct {
	Name                string
	Before, After       string
	HasBefore, HasAfter bool
}

func newView(e *Entry, loc *time.Location) EntryView {
	v := EntryView{Entry: e, Local: e.At.In(loc), ISO: e.At.UTC().Format(time.RFC3339), ShortHash: e.Hash, Fields: fieldChanges(e.BeforeData, e.AfterData)}
	if len(v.ShortHash) > 12 {
		v.ShortHash = v.ShortHash[:12]
	}
	id := strconv.FormatInt(e.EntityID, 10)
	// A deleted record's page is gone; only link to what still may exist.
	switch {
	case e.Entity == "commitment" && e.Action != ActionDelete:
		v.Link = "/commitments/" + id
	case e.Entity == "organisation" && e.Action != ActionDelete:
		v.Link = "/organisations/" + id
	}
	if e.CommitmentID != nil && e.Entity != "commitment" {
		v.CommitmentLink = "/commitments/" + strconv.FormatInt(*e.CommitmentID, 10)
	}
	if e.OrganisationID != nil && e.Entity != "organisation" {
		v.OrganisationLink = "/organisations/" + strconv.FormatInt(*e.OrganisationID, 10)
	}
	return v
}

// fieldChanges lists the fields of before and after by name. A side that is
// not a JSON object (an array, say) is shown whole as the field "value".
func fieldChanges(before, after string) []FieldChange {
	b, a := fieldsOf(before), fieldsOf(after)
	names := make([]string, 0, len(b)+len(a))
	for k := range b {
		names = append(names, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	out := make([]FieldChange, len(names))
	for i, k := range names {
		out[i].Name = k
		out[i].Before, out[i].HasBefore = b[k]
		out[i].After, out[i].HasAfter = a[k]
	}
	return out
}

func fieldsOf(data string) map[string]string {
	dec := json.NewDecoder(bytes.NewReader([]byte(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if data == "" {
			return nil
		}
		return map[string]string{"value": data}
	}
	switch v := v.(type) {
	case nil:
		return nil
	case map[string]any:
		out := make(map[string]string, len(v))
		for k, x := range v {
			out[k] = display(x)
		}
		return out
	default:
		return map[string]string{"value": display(v)}
	}
}

// display writes a JSON value for people: a string as itself, anything else
// as compact JSON.
func display(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	s, err := encode(v)
	if err != nil {
		return ""
	}
	return s
}
