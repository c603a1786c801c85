package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/secretkey"
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
	var divs []petition.Division
	for i, d := range ttaDivisions() {
		d.SiteID, d.Position = siteID, i+1
		if err := petition.SaveDivision(ctx, tx, &d); err != nil {
			return false, err
		}
		divs = append(divs, d)
	}
	return true, loadPetitions(ctx, tx, s, divs)
}

// demoPetition is a demo petition and how far it went.
type demoPetition struct {
	title, object, reasons, agenda string
	online, paper                  []int // confirmed signatures per division, in ttaDivisions' order
	opened                         int   // days before the load that collection opened
	filed                          int   // days before the load that it was filed; 0: still collecting
	decided                        bool  // judged admissible, put on the agenda and deliberated
}

var demoPetitions = []demoPetition{
	{title: "تعميم النقل المدرسي في الجماعات القروية للجهة",
		object:  "مطالبة مجلس الجهة بإدراج برنامج جهوي لتعميم النقل المدرسي في الجماعات القروية.",
		reasons: "ينقطع عدد من التلاميذ عن الدراسة بسبب بعد المؤسسات التعليمية عن الدواوير وغياب وسائل النقل.",
		agenda:  "دراسة برنامج جهوي للنقل المدرسي بشراكة مع الجماعات والمديريات الإقليمية",
		online:  []int{38, 7, 18, 2, 12, 9, 6, 3}, paper: []int{10, 2, 4, 1, 3, 2, 1, 1}, opened: 20},
	{title: "حماية الشريط الساحلي المتوسطي من التلوث البلاستيكي",
		object:  "مطالبة المجلس بإدراج مخطط جهوي لتنظيف الشواطئ والحد من النفايات البلاستيكية.",
		reasons: "تتراكم النفايات البلاستيكية على شواطئ المضيق والفنيدق والحسيمة، مما يضر بالصيد والسياحة.",
		agenda:  "اعتماد مخطط جهوي لحماية الساحل",
		online:  []int{120, 35, 70, 20, 50, 45, 40, 22}, paper: []int{40, 5, 20, 6, 20, 10, 20, 8}, opened: 200, filed: 90},
	{title: "إحداث مراكز للقرب لتكوين الشباب في المهن الرقمية",
		object:  "مطالبة المجلس بإحداث مراكز للقرب لتكوين الشباب في المهن الرقمية في كل عمالة وإقليم.",
		reasons: "يحتاج شباب الجهة إلى تكوينات قريبة منهم تفتح لهم أبواب التشغيل.",
		agenda:  "برمجة إحداث مراكز للتكوين في المهن الرقمية",
		online:  []int{130, 30, 70, 20, 60, 50, 40, 30}, paper: []int{20, 5, 10, 5, 15, 10, 10, 10}, opened: 420, filed: 300, decided: true},
}

// loadPetitions adds the demo petitions: one collecting, one filed whose
// bureau's decision is late, one decided. Their signatures are
// illustrative: their numbers are sealed with a key made for the load and
// thrown away, so nobody can read them.
func loadPetitions(ctx context.Context, tx *db.Tx, s petition.Settings, divs []petition.Division) error {
	agent := &account.UserRecord{SiteID: s.SiteID, Email: "petition-agent@demo.invalid", Name: "سناء العلمي",
		PasswordHash: "!demo: no sign-in", Role: auth.Citizen, Locale: i18n.AR}
	if err := account.CreateUser(ctx, tx, agent); err != nil {
		return err
	}
	keys, err := petition.NewKeys(secretkey.Ephemeral())
	if err != nil {
		return err
	}
	now := tx.Now()
	n := 0
	for _, dp := range demoPetitions {
		opened := now.AddDate(0, 0, -dp.opened)
		p := &petition.Petition{SiteID: s.SiteID, AgentID: agent.ID, Title: dp.title, Object: dp.object, Reasons: dp.reasons,
			AgendaItem: dp.agenda, WithinPowers: true, RespectsConstants: true, Level: s.Level}
		if err := petition.Create(ctx, tx, p, opened.AddDate(0, 0, -3)); err != nil {
			return err
		}
		if err := petition.Publish(ctx, tx, p, s, opened); err != nil {
			return err
		}
		at := opened.Add(time.Hour)
		for i, d := range divs {
			for j := 0; j < dp.online[i]; j++ {
				n++
				token, err := petition.Sign(ctx, tx, keys, p, petition.Signature{PetitionID: p.ID, DivisionID: d.ID,
					FullName: fmt.Sprintf("Signataire %d", n), CIN: fmt.Sprintf("DM%06d", n), Email: fmt.Sprintf("signer-%d@demo.invalid", n),
					Basis: petition.Resident, Locale: "ar"}, at)
				if err != nil {
					return err
				}
				if _, err := petition.Confirm(ctx, tx, s.SiteID, token, at); err != nil {
					return err
				}
			}
			for j := 0; j < dp.paper[i]; j++ {
				n++
				if err := petition.AddPaper(ctx, tx, keys, p, petition.Signature{DivisionID: d.ID, FullName: fmt.Sprintf("Signataire %d", n),
					CIN: fmt.Sprintf("DM%06d", n), Basis: petition.Resident, Locale: "ar"}); err != nil {
					return err
				}
			}
		}
		if dp.filed == 0 {
			continue
		}
		filed := now.AddDate(0, 0, -dp.filed)
		if err := petition.File(ctx, tx, p, fmt.Sprintf("TTA-%d-%03d", filed.Year(), p.ID), filed); err != nil {
			return err
		}
		if !dp.decided {
			continue
		}
		if err := petition.Judge(ctx, tx, p, true, "تدخل العريضة في اختصاصات الجهة في مجال التكوين المهني واستوفت الشروط الشكلية.", filed.AddDate(0, 1, 10)); err != nil {
			return err
		}
		session := filed.AddDate(0, 2, 0)
		if err := petition.Schedule(ctx, tx, p, db.NewDate(session.Year(), session.Month(), session.Day()), "لجنة التنمية الاجتماعية والتكوين", filed.AddDate(0, 1, 15)); err != nil {
			return err
		}
		if err := petition.Deliberate(ctx, tx, p, "صادق المجلس على برمجة ثلاثة مراكز في الشطر الأول، وكلف اللجنة بتتبع التنفيذ.", session.Add(4*time.Hour)); err != nil {
			return err
		}
	}
	return nil
}
