package demo

import "github.com/infitah/infitah/internal/account"

// Organisation slugs, used by the commitments to name leads and partners.
const (
	orgCouncil = "conseil-region-tta"
	orgUnit    = "cellule-gouvernement-ouvert"
	orgBudget  = "direction-budget-finances"
	orgImpact  = "association-impact"
	orgWomen   = "association-tamkine"
	orgYouth   = "association-horizons-jeunes"
	orgADN     = "reseau-numerique-arabe"
	orgOECD    = "ocde"
	orgNDI     = "ndi"
	orgOGP     = "ogp"
	orgUAE     = "universite-abdelmalek-essaadi"
)

// organisations are the council, its services and the partners of the plan.
// Verified marks the real institutions; the two associations marked
// "fictional" are invented for the demo.
func organisations() []account.Organisation {
	return []account.Organisation{
		{
			Slug: orgCouncil, Kind: account.Government, Verified: true,
			Name: tx3("مجلس جهة طنجة تطوان الحسيمة",
				"Conseil de la Région Tanger-Tétouan-Al Hoceïma",
				"Tangier-Tetouan-Al Hoceima Regional Council"),
			Description: tx3(
				"المجلس المنتخب للجهة، وهو صاحب خطة العمل الجهوية للحكومة المنفتحة منذ انضمامه إلى برنامج الشراكة من أجل الحكومة المنفتحة المحلي في أكتوبر 2020.",
				"Assemblée élue de la Région, porteuse du plan d’action régional pour un gouvernement ouvert depuis son adhésion au programme local du Partenariat pour un gouvernement ouvert en octobre 2020.",
				"The Region’s elected assembly, owner of the regional open-government action plan since it joined the Open Government Partnership’s local programme in October 2020."),
		},
		{
			Slug: orgUnit, Kind: account.Government,
			Name: tx3("خلية الحكومة المنفتحة — مديرية الشؤون العامة",
				"Cellule gouvernement ouvert — Direction des affaires générales",
				"Open Government Unit — Directorate of General Affairs"),
			Description: tx3(
				"وحدة إدارية داخل مجلس الجهة تنسق إعداد خطة العمل وتتبع تنفيذها، وتنشر تقارير التقدم على هذه المنصة.",
				"Service du Conseil régional qui coordonne l’élaboration du plan d’action, en suit la mise en œuvre et publie les rapports d’avancement sur cette plateforme.",
				"A unit of the regional council that coordinates the action plan, follows its implementation and publishes progress reports on this platform."),
		},
		{
			Slug: orgBudget, Kind: account.Government,
			Name: tx3("مديرية الميزانية والشؤون المالية",
				"Direction du budget et des affaires financières",
				"Directorate of Budget and Finance"),
			Description: tx3(
				"المصلحة المكلفة بإعداد ميزانية الجهة وتتبع تنفيذها، وبإنتاج الوثائق المالية الموجهة للعموم.",
				"Service chargé de préparer le budget de la Région, d’en suivre l’exécution et de produire les documents financiers destinés au public.",
				"The service that prepares the Region’s budget, follows its execution and produces the financial documents meant for the public."),
		},
		{
			Slug: orgImpact, Kind: account.Association, Verified: true,
			Name: tx3("جمعية إيمباكت للتنمية",
				"Association Impact pour le développement",
				"Impact Association for Development"),
			Description: tx3(
				"جمعية تشتغل على الانفتاح والمشاركة المواطنة، نظمت في نونبر 2020 المنتدى الرقمي «جهات منفتحة وذكية».",
				"Association engagée pour l’ouverture et la participation citoyenne ; elle a organisé en novembre 2020 le forum en ligne « Régions ouvertes et intelligentes ».",
				"An association working on openness and civic participation; it organised the online forum “Open and Smart Regions” in November 2020."),
		},
		{
			Slug: orgWomen, Kind: account.Association,
			Name: tx3("جمعية تمكين للمساواة (وهمية)",
				"Association Tamkine pour l’égalité (fictive)",
				"Tamkine Association for Equality (fictional)"),
			Description: tx3(
				"جمعية متخيلة لأغراض العرض، تدافع عن حقوق النساء وعن مشاركتهن في تدبير الشأن الجهوي.",
				"Association imaginaire créée pour la démonstration, qui défend les droits des femmes et leur participation à la gestion des affaires régionales.",
				"An imaginary association created for the demo, defending women’s rights and their participation in regional affairs."),
		},
		{
			Slug: orgYouth, Kind: account.Association,
			Name: tx3("جمعية آفاق الشباب للمواطنة (وهمية)",
				"Association Horizons Jeunes pour la citoyenneté (fictive)",
				"Youth Horizons Association for Citizenship (fictional)"),
			Description: tx3(
				"جمعية متخيلة لأغراض العرض، تؤطر الشباب في مجالات المواطنة والمشاركة الرقمية عبر عمالات وأقاليم الجهة.",
				"Association imaginaire créée pour la démonstration, qui accompagne les jeunes dans la citoyenneté et la participation numérique dans les préfectures et provinces de la Région.",
				"An imaginary association created for the demo, supporting young people in citizenship and online participation across the Region’s prefectures and provinces."),
		},
		{
			Slug: orgADN, Kind: account.International, Verified: true,
			Name: tx3("الشبكة العربية الرقمية",
				"Réseau numérique arabe",
				"Arab Digital Network"),
			Description: tx3(
				"شبكة إقليمية مهتمة بالتحول الرقمي والانفتاح، شريكة في تنظيم منتدى «جهات منفتحة وذكية».",
				"Réseau régional consacré à la transformation numérique et à l’ouverture, partenaire du forum « Régions ouvertes et intelligentes ».",
				"A regional network on digital transformation and openness, partner of the “Open and Smart Regions” forum."),
		},
		{
			Slug: orgOECD, Kind: account.International, Verified: true, Acronym: "OCDE",
			Website: "https://www.oecd.org/",
			Name: tx3("منظمة التعاون والتنمية الاقتصادية",
				"Organisation de coopération et de développement économiques",
				"Organisation for Economic Co-operation and Development"),
			Description: tx3(
				"منظمة دولية تقدم خبرتها في الحكامة العمومية والشفافية المالية والحكومة المنفتحة.",
				"Organisation internationale qui apporte son expertise en gouvernance publique, transparence budgétaire et gouvernement ouvert.",
				"An international organisation offering expertise in public governance, budget transparency and open government."),
		},
		{
			Slug: orgNDI, Kind: account.International, Verified: true, Acronym: "NDI",
			Website: "https://www.ndi.org/",
			Name: tx3("المعهد الديمقراطي الوطني",
				"Institut national démocratique",
				"National Democratic Institute"),
			Description: tx3(
				"منظمة غير حكومية دولية تدعم المؤسسات المنتخبة والمجتمع المدني في مجالات المشاركة والمساءلة.",
				"Organisation non gouvernementale internationale qui soutient les institutions élues et la société civile en matière de participation et de redevabilité.",
				"An international non-governmental organisation supporting elected institutions and civil society on participation and accountability."),
		},
		{
			Slug: orgOGP, Kind: account.International, Verified: true, Acronym: "OGP",
			Website: "https://www.opengovpartnership.org/",
			Name: tx3("الشراكة من أجل الحكومة المنفتحة",
				"Partenariat pour un gouvernement ouvert",
				"Open Government Partnership"),
			Description: tx3(
				"مبادرة دولية تجمع حكومات ومنظمات المجتمع المدني حول التزامات للشفافية والمشاركة والمساءلة، ولها برنامج خاص بالحكومات المحلية.",
				"Initiative internationale qui réunit gouvernements et société civile autour d’engagements de transparence, de participation et de redevabilité, avec un programme dédié aux collectivités locales.",
				"An international initiative bringing governments and civil society together on commitments to transparency, participation and accountability, with a programme for local governments."),
		},
		{
			Slug: orgUAE, Kind: account.University, Verified: true, Acronym: "UAE",
			Website: "https://www.uae.ac.ma/",
			Name: tx3("جامعة عبد المالك السعدي",
				"Université Abdelmalek Essaâdi",
				"Abdelmalek Essaâdi University"),
			Description: tx3(
				"الجامعة العمومية لجهة طنجة تطوان الحسيمة، تساهم بخبرة باحثيها في الدراسات والتقييم.",
				"Université publique de la région Tanger-Tétouan-Al Hoceïma, qui contribue par l’expertise de ses chercheurs aux études et aux évaluations.",
				"The public university of the Tangier-Tetouan-Al Hoceima region, contributing its researchers’ expertise to studies and evaluations."),
		},
	}
}
