package server

import (
	"context"
	"time"

	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/db"
)

// seedInfoRequest makes the lead organisation accept requests for
// information and adds one answered request, whose requester's identity must
// never show.
func seedInfoRequest(ctx context.Context, tx *db.Tx, fx *apiFixture, siteID int64) error {
	if err := inforeq.SetBody(ctx, tx, siteID, fx.lead, 0, "Person in charge"); err != nil {
		return err
	}
	r := &inforeq.Request{SiteID: siteID, OrganisationID: fx.lead, Subject: "الميزانية", Body: "نسخة من الميزانية", Form: inforeq.FormElectronic, Locale: "ar"}
	id := inforeq.Identity{Name: "Requester", IDNumber: "J998877", Address: "1 rue X", Email: "requester@example.org"}
	at := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	if err := inforeq.Submit(ctx, tx, r, id, at, time.UTC); err != nil {
		return err
	}
	fx.infoRequestID = r.ID
	_, err := inforeq.Act(ctx, tx, r, inforeq.Decision{Action: inforeq.ActAnswer, Answer: "الجواب", Links: []string{"/documents"}}, 0, at.AddDate(0, 0, 3), time.UTC)
	return err
}
