package budget

import (
	"context"
	"strconv"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// AuditEntity is the ledger's name for a budget.
const AuditEntity = "budget"

// Import stores lines, checked by ParseImport, as the site's budget for year
// and stage in tx, replacing an earlier import of the same year and stage,
// and records in the ledger who imported what. The caller's transaction
// makes it all or nothing. replaced tells whether an earlier import of
// that year and stage was replaced.
func Import(ctx context.Context, tx *db.Tx, siteID int64, by *auth.User, year int, stage Stage, population int64, fileName string, lines []Line) (b *Budget, replaced bool, err error) {
	b = &Budget{SiteID: siteID, Year: year, Stage: stage, Population: population, Lines: lines}
	if replaced, err = Store(ctx, tx, b, fileName); err != nil {
		return nil, false, err
	}
	c := audit.Change{Action: audit.ActionCreate, Entity: AuditEntity, EntityID: b.ID}
	if replaced {
		c.Action = audit.ActionUpdate
	}
	if by != nil {
		c.ActorID, c.ActorName = by.ID, by.Name
	}
	rev, exp := Sum(Filter(lines, Revenue, "")), Sum(Filter(lines, Expenditure, ""))
	c.Summary = "Budget " + strconv.Itoa(year) + " (" + string(stage) + "): " + strconv.Itoa(len(lines)) + " lines imported from " + fileName
	c.After = map[string]any{
		"year": year, "stage": stage, "lines": len(lines), "file": fileName, "population": population,
		"revenue_forecast": rev.Forecast, "revenue_executed": rev.Executed,
		"expenditure_forecast": exp.Forecast, "expenditure_executed": exp.Executed,
	}
	if err := audit.Record(ctx, tx, siteID, c); err != nil {
		return nil, false, err
	}
	return b, replaced, nil
}

// Store writes b as Replace does and puts its year's lines in the search
// index, without a ledger entry: for content the system loads itself (the
// demo), which the ledger does not record. People's imports go through
// Import.
func Store(ctx context.Context, tx *db.Tx, b *Budget, fileName string) (replaced bool, err error) {
	if replaced, err = Replace(ctx, tx, b, fileName); err != nil {
		return false, err
	}
	return replaced, indexYear(ctx, tx, b.SiteID, b.Year)
}
