package server

import (
	"context"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/secretkey"
)

// seedPetition adds a published petition with one confirmed signature,
// whose CIN and address must never show.
func seedPetition(ctx context.Context, tx *db.Tx, fx *apiFixture, siteID int64) error {
	u := &account.UserRecord{SiteID: siteID, Email: "agent@example.org", Name: "Agent", PasswordHash: "-", Role: auth.Citizen, Locale: i18n.AR}
	if err := account.CreateUser(ctx, tx, u); err != nil {
		return err
	}
	s := petition.Settings{SiteID: siteID, Level: petition.Region, Population: 2_700_000, Rule: petition.Rule{Kind: petition.RegionPopulation},
		CollectionDays: 90}
	if err := petition.SaveSettings(ctx, tx, s); err != nil {
		return err
	}
	dv := petition.Division{SiteID: siteID, Code: "agadir-ida-outanane", Name: i18n.Text{i18n.AR: "عمالة أكادير إداوتنان"}, Population: 600_000}
	if err := petition.SaveDivision(ctx, tx, &dv); err != nil {
		return err
	}
	opens := time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)
	p := &petition.Petition{SiteID: siteID, AgentID: u.ID, Title: "عريضة", Object: "موضوع", Reasons: "أسباب", AgendaItem: "نقطة",
		WithinPowers: true, RespectsConstants: true}
	if err := petition.Create(ctx, tx, p, opens); err != nil {
		return err
	}
	if err := petition.Publish(ctx, tx, p, s, opens); err != nil {
		return err
	}
	fx.petitionID = p.ID
	keys, err := petition.NewKeys(secretkey.FromString("an API fixture's key, 32 characters or more"))
	if err != nil {
		return err
	}
	at := opens.AddDate(0, 0, 1)
	token, err := petition.Sign(ctx, tx, keys, p, petition.Signature{PetitionID: p.ID, DivisionID: dv.ID, FullName: "Signer",
		CIN: "JB445566", Email: "signer@example.org", Basis: petition.Resident, Locale: "ar"}, at)
	if err != nil {
		return err
	}
	_, err = petition.Confirm(ctx, tx, siteID, token, at)
	return err
}
