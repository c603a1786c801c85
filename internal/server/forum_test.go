package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// seedForum gives the API fixture a forum with a member and a meeting whose
// minutes are a stored file, so /api/v1/forum and /api/v1/documents answer
// with data.
func seedForum(ctx context.Context, tx *db.Tx, siteID, orgID int64) error {
	f := &forum.Forum{SiteID: siteID, Name: i18n.Text{i18n.AR: "المنتدى"}, Rules: i18n.Text{i18n.AR: "القواعد"}}
	if err := forum.Save(ctx, tx, f, 0); err != nil {
		return err
	}
	for _, m := range []*forum.Member{
		{SiteID: siteID, Name: "Member One", OrganisationID: orgID, Seat: forum.Government, Gender: forum.Female, Role: i18n.Text{}},
		{SiteID: siteID, Name: "Member Two", Seat: forum.CivilSociety, Gender: forum.Male, Role: i18n.Text{i18n.FR: "Coprésident"}},
	} {
		if err := forum.CreateMember(ctx, tx, m); err != nil {
			return err
		}
	}
	sum := sha256.Sum256([]byte("forum minutes"))
	u := files.Upload{Hash: hex.EncodeToString(sum[:]), Name: "minutes.pdf", ContentType: "application/pdf", Size: 13}
	if err := files.Record(ctx, tx, siteID, u); err != nil {
		return err
	}
	return forum.CreateMeeting(ctx, tx, &forum.Meeting{SiteID: siteID, StartsAt: db.Timestamp{Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		Timezone: "Africa/Casablanca", Title: i18n.Text{i18n.AR: "اجتماع"}, AttendanceGovernment: 3, AttendanceCivilSociety: 4,
		Documents: []forum.File{{Hash: u.Hash}}})
}
