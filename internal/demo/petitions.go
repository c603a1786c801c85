package demo

import (
	"context"

	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/db"
)

// TTAPopulation is the region's population at the 2014 census (about
// 3.56 million, the sum of its prefectures and provinces below): over three
// million, so a petition needs 500 signatures, 25 from each of them.
const TTAPopulation = 3_556_729

// ttaDivisions are the region's two prefectures and six provinces with
// their populations at the 2014 General Census of Population and Housing
// (approximate figures, rounded as the HCP published them; illustrative
// for the demo, to be checked against the official tables before use).
func ttaDivisions() []petition.Division {
	return []petition.Division{
		{Code: "tanger-assilah", Name: tx3("عمالة طنجة أصيلة", "Préfecture de Tanger-Assilah", "Tangier-Assilah Prefecture"), Population: 1_065_601},
		{Code: "mdiq-fnideq", Name: tx3("عمالة المضيق الفنيدق", "Préfecture de M'diq-Fnideq", "M'diq-Fnideq Prefecture"), Population: 209_897},
		{Code: "tetouan", Name: tx3("إقليم تطوان", "Province de Tétouan", "Tetouan Province"), Population: 550_374},
		{Code: "fahs-anjra", Name: tx3("إقليم الفحص أنجرة", "Province de Fahs-Anjra", "Fahs-Anjra Province"), Population: 76_447},
		{Code: "larache", Name: tx3("إقليم العرائش", "Province de Larache", "Larache Province"), Population: 496_687},
		{Code: "al-hoceima", Name: tx3("إقليم الحسيمة", "Province d'Al Hoceïma", "Al Hoceima Province"), Population: 399_654},
		{Code: "chefchaouen", Name: tx3("إقليم شفشاون", "Province de Chefchaouen", "Chefchaouen Province"), Population: 457_432},
		{Code: "ouezzane", Name: tx3("إقليم وزان", "Province d'Ouezzane", "Ouezzane Province"), Population: 300_637},
	}
}

// loadPetitionSettings gives the demo region its petition settings and its
// divisions, unless it has divisions already; it reports whether it added
// them.
func loadPetitionSettings(ctx context.Context, tx *db.Tx, siteID int64) (bool, error) {
	have, err := petition.Divisions(ctx, tx, siteID)
	if err != nil || len(have) > 0 {
		return false, err
	}
	s := petition.Settings{SiteID: siteID, Level: petition.Region, Population: TTAPopulation,
		Rule: petition.Rule{Kind: petition.RegionPopulation}, CollectionDays: 120, CNDPNumber: "D-DEMO-0000/2026"}
	if err := petition.SaveSettings(ctx, tx, s); err != nil {
		return false, err
	}
	for i, d := range ttaDivisions() {
		d.SiteID, d.Position = siteID, i+1
		if err := petition.SaveDivision(ctx, tx, &d); err != nil {
			return false, err
		}
	}
	return true, nil
}
