package account

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/infitah/infitah/internal/platform/db"
)

// ExportSection reads what one feature holds about a person, for the data
// download (Law 09-08). Each feature writes its own next to its SQL and the
// server hands them to Accounts.ExportSections: account cannot import the
// features (event imports account), and a feature knows best which of its
// columns are the person's and which are other people's.
//
// name is the section's key under "activity" in the download; data is
// marshalled to JSON and must hold no other person's email, phone or
// identity number.
type ExportSection func(ctx context.Context, q db.Querier, siteID, userID int64) (name string, data any, err error)

// exportSections runs the sections in order. A missing or repeated name is a
// wiring mistake, reported rather than letting one section hide another.
func exportSections(ctx context.Context, q db.Querier, siteID, userID int64, sections []ExportSection) (map[string]json.RawMessage, error) {
	out := make(map[string]json.RawMessage, len(sections))
	for _, section := range sections {
		name, data, err := section(ctx, q, siteID, userID)
		if err != nil {
			return nil, fmt.Errorf("export section %q: %w", name, err)
		}
		if _, dup := out[name]; dup || name == "" {
			return nil, fmt.Errorf("export: section name %q empty or repeated", name)
		}
		b, err := json.Marshal(data)
		if err != nil {
			return nil, fmt.Errorf("export section %q: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}
