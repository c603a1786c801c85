package demo

import (
	"context"
	"fmt"

	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The demo's budgets are illustrative: two fiscal years of a regional
// budget shaped like the territorial nomenclature, with made-up amounts of
// a plausible size, an adopted budget and an execution account each. They
// are not the Region's accounts; the pages say so on a demo site, and the
// files are named "illustrative-…". Like the demo's other content they are
// not in the ledger. A few investment lines fund the
// plan's commitments (their references).

// budgetSeed is one line of the 2021 adopted budget; later years and the
// execution are derived from it.
type budgetSeed struct {
	sec                      budget.Section
	dir                      budget.Direction
	ch, art, par, line       string
	chapterAR, chapterFR     string
	labelAR, labelFR         string
	function, province, comm string
	dirhams                  int64 // the 2021 forecast
	growth                   int64 // per cent from 2021 to 2022
	executed                 int64 // per cent of the forecast executed
}

func budgetSeeds() []budgetSeed {
	const (
		transferredAR, transferredFR = "الموارد المحولة من الدولة", "Ressources transférées par l’État"
		ownAR, ownFR                 = "الموارد الذاتية", "Ressources propres"
		capitalAR, capitalFR         = "موارد التجهيز", "Ressources d’équipement"
		staffAR, staffFR             = "نفقات الموظفين", "Dépenses de personnel"
		runningAR, runningFR         = "نفقات التسيير العادية", "Dépenses de fonctionnement courant"
		grantsAR, grantsFR           = "الإعانات والدعم", "Subventions et soutiens"
		pdrAR, pdrFR                 = "برنامج التنمية الجهوية", "Programme de développement régional"
		openAR, openFR               = "الحكومة المنفتحة", "Gouvernement ouvert"
	)
	op, inv, rev, exp := budget.Operating, budget.Investment, budget.Revenue, budget.Expenditure
	return []budgetSeed{
		{op, rev, "10", "10", "10", "1", transferredAR, transferredFR, "حصة الجهة من الضريبة على الشركات", "Part de l’impôt sur les sociétés", "", "", "", 610_000_000, 6, 97},
		{op, rev, "10", "10", "10", "2", transferredAR, transferredFR, "حصة الجهة من الضريبة على الدخل", "Part de l’impôt sur le revenu", "", "", "", 420_000_000, 5, 98},
		{op, rev, "10", "10", "10", "3", transferredAR, transferredFR, "حصة الجهة من الرسم على عقود التأمين", "Part de la taxe sur les contrats d’assurance", "", "", "", 95_000_000, 4, 101},
		{op, rev, "10", "20", "10", "1", transferredAR, transferredFR, "اعتمادات من الميزانية العامة للدولة", "Dotations du budget général de l’État", "", "", "", 180_000_000, 10, 100},
		{op, rev, "20", "10", "10", "1", ownAR, ownFR, "الرسم على استخراج مواد المقالع", "Taxe sur l’exploitation des carrières", "", "", "", 38_000_000, 3, 84},
		{op, rev, "20", "10", "10", "2", ownAR, ownFR, "الرسم على رخص الصيد", "Taxe sur les permis de chasse", "", "", "", 1_200_000, 0, 76},
		{op, rev, "20", "20", "10", "1", ownAR, ownFR, "مداخيل أملاك الجهة", "Produits du domaine régional", "", "", "", 14_500_000, 2, 68},
		{inv, rev, "30", "10", "10", "1", capitalAR, capitalFR, "الفائض المنقول من جزء التسيير", "Excédent transféré de la section de fonctionnement", "", "", "", 520_000_000, 4, 100},
		{inv, rev, "30", "20", "10", "1", capitalAR, capitalFR, "قرض صندوق التجهيز الجماعي", "Emprunt auprès du Fonds d’équipement communal", "", "", "", 300_000_000, -20, 70},
		{inv, rev, "30", "30", "10", "1", capitalAR, capitalFR, "مساهمات الشركاء في المشاريع", "Contributions des partenaires aux projets", "", "", "", 160_000_000, 15, 55},

		{op, exp, "10", "10", "10", "1", staffAR, staffFR, "أجور ورواتب الموظفين", "Traitements et salaires", "administration", "", "", 142_000_000, 4, 99},
		{op, exp, "10", "10", "20", "1", staffAR, staffFR, "التعويضات والمنح", "Indemnités", "administration", "", "", 31_000_000, 3, 94},
		{op, exp, "20", "10", "10", "1", runningAR, runningFR, "صيانة البنايات الإدارية", "Entretien des bâtiments administratifs", "administration", "Tanger-Assilah", "", 18_500_000, 2, 81},
		{op, exp, "20", "10", "20", "1", runningAR, runningFR, "الدراسات والاستشارات", "Études et conseil", "administration", "", "", 24_000_000, 10, 46},
		{op, exp, "20", "20", "10", "1", runningAR, runningFR, "التواصل والإعلام", "Communication et information", "communication", "", "", 9_000_000, 12, 63},
		{op, exp, "30", "10", "10", "1", grantsAR, grantsFR, "دعم الجمعيات الثقافية والرياضية", "Subventions aux associations culturelles et sportives", "culture", "", "", 45_000_000, 5, 88},
		{op, exp, "30", "10", "20", "1", grantsAR, grantsFR, "دعم النقل المدرسي في العالم القروي", "Transport scolaire en milieu rural", "enseignement", "Chefchaouen", "", 60_000_000, 8, 92},
		{op, exp, "30", "20", "10", "1", grantsAR, grantsFR, "التحويل إلى جزء التجهيز", "Virement à la section d’équipement", "administration", "", "", 520_000_000, 4, 100},

		{inv, exp, "50", "10", "10", "1", pdrAR, pdrFR, "فك العزلة عن العالم القروي: المسالك والطرق", "Désenclavement rural : pistes et routes", "transport", "Al Hoceïma", "", 390_000_000, 6, 58},
		{inv, exp, "50", "10", "10", "2", pdrAR, pdrFR, "المسالك القروية بإقليم شفشاون", "Pistes rurales de la province de Chefchaouen", "transport", "Chefchaouen", "", 150_000_000, 0, 41},
		{inv, exp, "50", "20", "10", "1", pdrAR, pdrFR, "تزويد الدواوير بالماء الصالح للشرب", "Eau potable des douars", "eau", "Larache", "", 210_000_000, 10, 64},
		{inv, exp, "50", "20", "10", "2", pdrAR, pdrFR, "الماء الصالح للشرب بإقليم وزان", "Eau potable de la province d’Ouezzane", "eau", "Ouezzane", "", 95_000_000, 5, 37},
		{inv, exp, "50", "30", "10", "1", pdrAR, pdrFR, "تأهيل المؤسسات التعليمية", "Mise à niveau des établissements scolaires", "enseignement", "Tétouan", "", 120_000_000, 8, 72},
		{inv, exp, "50", "40", "10", "1", pdrAR, pdrFR, "المناطق الصناعية واللوجستيكية", "Zones industrielles et logistiques", "économie", "Fahs-Anjra", "", 140_000_000, 12, 33},
		{inv, exp, "60", "10", "10", "1", openAR, openFR, "ميزانية المواطن ونشر المعطيات المالية", "Budget citoyen et publication des données financières", "gouvernance", "", "TTA-02", 1_800_000, 20, 89},
		{inv, exp, "60", "10", "20", "1", openAR, openFR, "وحدة الحق في الحصول على المعلومات", "Cellule du droit d’accès à l’information", "gouvernance", "", "TTA-03", 2_400_000, 10, 61},
		{inv, exp, "60", "10", "30", "1", openAR, openFR, "الفضاء الرقمي لمشاركة المواطنين", "Espace numérique de participation citoyenne", "numérique", "", "TTA-04", 3_500_000, 15, 48},
		{inv, exp, "60", "10", "40", "1", openAR, openFR, "البوابة الجهوية للبيانات المفتوحة", "Portail régional des données ouvertes", "numérique", "", "TTA-06", 4_200_000, 25, 27},
	}
}

// budgetPopulation is the Region's population at the 2014 census, rounded:
// what the per-inhabitant figures divide by.
const budgetPopulation = 3_556_000

// budgetYears are the demo's fiscal years; the first is the seeds' own.
var budgetYears = []int{2021, 2022}

// demoBudget makes the lines of one year and stage from the seeds.
func demoBudget(year int, stage budget.Stage) []budget.Line {
	var out []budget.Line
	for _, s := range budgetSeeds() {
		forecast := s.dirhams
		if year > budgetYears[0] {
			forecast = forecast * (100 + s.growth) / 100
		}
		l := budget.Line{Section: s.sec, Direction: s.dir, Chapter: s.ch, Article: s.art, Paragraph: s.par, Code: s.line,
			Label:        i18n.Text{i18n.AR: s.labelAR, i18n.FR: s.labelFR},
			ChapterLabel: i18n.Text{i18n.AR: s.chapterAR, i18n.FR: s.chapterFR},
			Function:     s.function, Province: s.province, Commitment: s.comm,
			Forecast: budget.Centimes(forecast * 100)}
		if stage == budget.StageExecution {
			// The second year executes a little better than the first.
			rate := min(s.executed+int64(year-budgetYears[0])*4, 100)
			if s.executed > 100 {
				rate = s.executed
			}
			executed := forecast * rate / 100
			l.Committed = budget.Centimes(min(forecast, executed*110/100) * 100)
			l.Executed = budget.Centimes(executed*100 + 37) // centimes, as real accounts have
		}
		out = append(out, l)
	}
	return out
}

// loadBudgets imports the illustrative budgets into a site that has none.
func loadBudgets(ctx context.Context, tx *db.Tx, siteID int64) (bool, error) {
	have, err := budget.Summaries(ctx, tx, siteID, 1)
	if err != nil || len(have) > 0 {
		return false, err
	}
	for _, y := range budgetYears {
		for _, stage := range []budget.Stage{budget.StageAdopted, budget.StageExecution} {
			name := fmt.Sprintf("illustrative-budget-%d-%s.csv", y, stage)
			b := &budget.Budget{SiteID: siteID, Year: y, Stage: stage, Population: budgetPopulation, Lines: demoBudget(y, stage)}
			if _, err := budget.Store(ctx, tx, b, name); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}
