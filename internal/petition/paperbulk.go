package petition

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxPaperRows bounds one bulk entry of paper signatures.
const MaxPaperRows = 5000

// PaperError is a problem of one line of a bulk entry: a message key's
// last part ("cin", "division", …).
type PaperError struct {
	Line  int
	Field string
}

// ParsePaper reads paper signatures as CSV, one a line:
//
//	full_name,cin,division_code,basis[,electoral_roll]
//
// basis is "resident" or "activity"; electoral_roll is "1" (or "yes",
// "نعم", "oui") when the signer declared it, required when electoralRoll.
// A first line starting with "full_name" is a header. It returns the
// signatures, or every problem found (then none is to be stored); a CIN
// twice in the entry is a problem of its second line.
func ParsePaper(r io.Reader, divs []Division, electoralRoll bool) ([]Signature, []PaperError) {
	codes := map[string]int64{}
	for _, d := range divs {
		codes[strings.ToLower(d.Code)] = d.ID
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []Signature
	var errs []PaperError
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, append(errs, PaperError{Line: line, Field: "csv"})
		}
		if line == 1 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "full_name") {
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(out)+len(errs) >= MaxPaperRows {
			return nil, append(errs, PaperError{Line: line, Field: "too_many"})
		}
		if len(rec) < 4 || len(rec) > 5 {
			errs = append(errs, PaperError{Line: line, Field: "columns"})
			continue
		}
		s := Signature{FullName: strings.TrimSpace(rec[0]), Basis: Basis(strings.TrimSpace(rec[3])), Locale: "ar"}
		bad := ""
		if n := utf8.RuneCountInString(s.FullName); n == 0 || n > MaxNameLen {
			bad = "full_name"
		}
		cin, ok := NormalizeCIN(rec[1])
		if bad == "" && (!ok || len(rec[1]) > 20) {
			bad = "cin"
		}
		s.CIN = cin
		s.DivisionID = codes[strings.ToLower(strings.TrimSpace(rec[2]))]
		if bad == "" && s.DivisionID == 0 {
			bad = "division"
		}
		if bad == "" && !s.Basis.Valid() {
			bad = "basis"
		}
		if len(rec) == 5 {
			switch strings.ToLower(strings.TrimSpace(rec[4])) {
			case "1", "yes", "oui", "نعم":
				s.ElectoralRoll = true
			}
		}
		if bad == "" && electoralRoll && !s.ElectoralRoll {
			bad = "electoral_roll"
		}
		if bad == "" && seen[cin] {
			bad = "duplicate"
		}
		if bad != "" {
			errs = append(errs, PaperError{Line: line, Field: bad})
			continue
		}
		seen[cin] = true
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}
