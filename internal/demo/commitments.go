package demo

import (
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// commitmentSeed is a commitment with its milestones (in position order) and
// its progress updates. Load sets the ids and positions.
type commitmentSeed struct {
	Commitment plan.Commitment
	Milestones []plan.Milestone
	Updates    []updateSeed
}

// updateSeed is a progress update of the milestone at position Milestone, or
// of the commitment itself when Milestone is 0. The last update of a milestone
// must leave it in the status and progress its plan.Milestone value gives.
type updateSeed struct {
	Milestone int
	Update    plan.Update
	Files     []string // keys of demo documents attached as evidence files
}

// withFiles attaches demo documents (documents.go) to the update as evidence
// files, beside its links.
func (u updateSeed) withFiles(keys ...string) updateSeed {
	u.Files = append(u.Files, keys...)
	return u
}

// Authors of the progress updates: offices, never people.
const (
	byUnit   = "خلية الحكومة المنفتحة"
	byBudget = "مديرية الميزانية والشؤون المالية"
)

func update(milestone int, author string, on db.Date, status plan.Status, progress int, body i18n.Text, evidence ...plan.Evidence) updateSeed {
	return updateSeed{Milestone: milestone, Update: plan.Update{
		OccurredOn: on, Status: status, Progress: progress, Body: body, Author: author, Evidence: evidence,
	}}
}

// evidence is an illustrative link: example.org addresses stand for documents
// a real council would publish.
func evidence(title i18n.Text, url string) plan.Evidence {
	return plan.Evidence{Title: title, URL: url, Kind: "link"}
}

var (
	contactUnit = tx3("خلية الحكومة المنفتحة", "Cellule gouvernement ouvert", "Open Government Unit")
	headOfUnit  = tx3("رئيس(ة) الخلية", "Chef(fe) de la cellule", "Head of the unit")
)

// commitments are the plan's commitments in the OGP Local template.
func commitments(o *orgIndex) []commitmentSeed {
	return []commitmentSeed{
		genderStrategy(o),
		citizenBudget(o),
		accessToInformation(o),
		participationSpace(o),
		communication(o),
		openData(o),
	}
}

func genderStrategy(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-01",
			Title: tx3("استراتيجية جهوية للمساواة والإدماج الاجتماعي في برامج الجهة",
				"Stratégie régionale d’égalité et d’inclusion sociale dans les programmes de la Région",
				"Regional equality and social-inclusion strategy for the Region’s programmes"),
			Problem: tx3(
				"لا تستفيد النساء والشباب والأشخاص في وضعية إعاقة بالقدر نفسه من البرامج التي يمولها مجلس الجهة. ولا يتوفر المجلس على إطار مرجعي يحدد كيف تراعي المشاريع حاجيات هذه الفئات.",
				"Les femmes, les jeunes et les personnes en situation de handicap ne bénéficient pas autant que les autres des programmes financés par le Conseil régional. Le Conseil ne dispose d’aucun cadre de référence précisant comment les projets tiennent compte de leurs besoins.",
				"Women, young people and people with disabilities do not benefit as much as others from the programmes the regional council funds. The council has no reference framework saying how projects should take their needs into account."),
			Cause: tx3(
				"تُعدّ البرامج دون معطيات مصنفة حسب الجنس والسن والإعاقة، ودون استشارة منتظمة للجمعيات التي تمثل هذه الفئات. كما أن مقاربة النوع لا تظهر في معايير انتقاء المشاريع.",
				"Les programmes sont préparés sans données ventilées par sexe, âge et handicap, et sans consultation régulière des associations qui représentent ces publics. L’approche genre n’apparaît pas non plus dans les critères de sélection des projets.",
				"Programmes are prepared without data broken down by sex, age and disability, and without regular consultation of the associations that represent these groups. Gender is also absent from the criteria used to select projects."),
			StatusQuo: tx3(
				"توجد مبادرات متفرقة لفائدة النساء والشباب، لكنها غير منسقة ولا تخضع لتتبع موحد. ولا تنشر الجهة أي مؤشرات حول توزيع المستفيدين.",
				"Des initiatives ponctuelles existent en faveur des femmes et des jeunes, mais elles sont dispersées et sans suivi commun. La Région ne publie aucun indicateur sur la répartition des bénéficiaires.",
				"There are scattered initiatives for women and young people, but they are not coordinated or followed up in a common way. The Region publishes no indicators on who benefits."),
			Objective: tx3(
				"اعتماد استراتيجية جهوية للمساواة والإدماج يتم إعدادها مع الجمعيات المعنية، وإدراج مؤشرات النوع في تتبع برنامج التنمية الجهوية.",
				"Adopter une stratégie régionale d’égalité et d’inclusion élaborée avec les associations concernées, et intégrer des indicateurs de genre au suivi du programme de développement régional.",
				"Adopt a regional equality and inclusion strategy drawn up with the associations concerned, and add gender indicators to the monitoring of the regional development programme."),
			ExpectedResults: tx3(
				"استراتيجية مصادق عليها ومنشورة، ولوحة مؤشرات مصنفة حسب الجنس والسن تُحيَّن سنويا، ومشاركة منتظمة لجمعيات النساء والأشخاص في وضعية إعاقة في إعداد البرامج.",
				"Une stratégie adoptée et publiée, un tableau d’indicateurs ventilés par sexe et par âge mis à jour chaque année, et une participation régulière des associations de femmes et de personnes handicapées à la préparation des programmes.",
				"An adopted and published strategy, a dashboard of indicators by sex and age updated every year, and regular participation of women’s and disability associations in preparing programmes."),
			Solution: tx3(
				"ينجز فريق من الجامعة دراسة تشخيصية للفوارق في الاستفادة من برامج الجهة. ثم تُنظَّم مشاورات في العمالات والأقاليم الثمانية لصياغة التوصيات مع الجمعيات، قبل عرض الاستراتيجية على المجلس للمصادقة.",
				"Une équipe universitaire réalise un diagnostic des écarts d’accès aux programmes de la Région. Des concertations sont ensuite menées dans les huit préfectures et provinces pour formuler les recommandations avec les associations, avant de soumettre la stratégie au vote du Conseil.",
				"A university team carries out a diagnostic study of the gaps in access to the Region’s programmes. Consultations are then held in the eight prefectures and provinces to draft recommendations with associations, before the strategy goes to the council for a vote."),
			Values:      []plan.Value{plan.CivicParticipation, plan.PublicAccountability},
			Themes:      []string{"gender", "inclusion"},
			Lead:        o.ref(orgCouncil),
			Partners:    []plan.Partner{o.partner(orgWomen, plan.SectorCivilSociety), o.partner(orgUAE, plan.SectorAcademia), o.partner(orgNDI, plan.SectorInternational)},
			ContactName: tx3("قسم الشؤون الاجتماعية", "Division des affaires sociales", "Social Affairs Division"),
			ContactRole: tx3("رئيس(ة) القسم", "Chef(fe) de division", "Head of division"),
			StartDate:   date(2021, 3, 1),
			EndDate:     date(2022, 6, 30),
		},
		Milestones: []plan.Milestone{
			{
				Title: tx3("دراسة تشخيصية للفوارق في برامج الجهة",
					"Diagnostic des écarts dans les programmes de la Région",
					"Diagnostic study of gaps in the Region’s programmes"),
				Deliverable: tx3("تقرير تشخيصي منشور مع ملخص بالعربية والفرنسية",
					"Rapport de diagnostic publié avec une synthèse en arabe et en français",
					"Published diagnostic report with a summary in Arabic and French"),
				StartDate: date(2021, 3, 1), EndDate: date(2021, 8, 31),
				Responsible: o.ref(orgUAE), Weight: 2, Status: plan.Completed, Progress: 100,
			},
			{
				Title: tx3("مشاورات إقليمية مع جمعيات النساء والأشخاص في وضعية إعاقة",
					"Concertations provinciales avec les associations de femmes et de personnes handicapées",
					"Provincial consultations with women’s and disability associations"),
				Deliverable: tx3("ثماني ورشات ومحضر موحد للتوصيات",
					"Huit ateliers et un compte rendu commun des recommandations",
					"Eight workshops and a joint record of recommendations"),
				StartDate: date(2021, 9, 1), EndDate: date(2021, 12, 31),
				Responsible: o.ref(orgWomen), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title: tx3("مصادقة مجلس الجهة على الاستراتيجية",
					"Adoption de la stratégie par le Conseil régional",
					"Adoption of the strategy by the regional council"),
				Deliverable: tx3("مقرر المجلس ونص الاستراتيجية منشوران",
					"Délibération du Conseil et texte de la stratégie publiés",
					"Council decision and strategy text published"),
				StartDate: date(2022, 1, 3), EndDate: date(2022, 3, 31),
				Responsible: o.ref(orgCouncil), Weight: 2, Status: plan.Completed, Progress: 100,
			},
			{
				Title: tx3("إدماج مؤشرات النوع في تتبع برنامج التنمية الجهوية",
					"Indicateurs de genre dans le suivi du programme de développement régional",
					"Gender indicators in the monitoring of the regional development programme"),
				Deliverable: tx3("لوحة مؤشرات مصنفة حسب الجنس والسن",
					"Tableau d’indicateurs ventilés par sexe et par âge",
					"Dashboard of indicators by sex and age"),
				StartDate: date(2022, 3, 1), EndDate: date(2022, 6, 30),
				Responsible: o.ref(orgUnit), Weight: 1, Status: plan.Completed, Progress: 100,
			},
		},
		Updates: []updateSeed{
			update(1, byUnit, date(2021, 9, 10), plan.Completed, 100,
				tx3("نُشر التقرير التشخيصي بعد استقراء معطيات أربع سنوات من البرامج ومقابلات مع المستفيدين في كل الأقاليم.",
					"Le rapport de diagnostic est publié ; il s’appuie sur quatre années de données de programmes et sur des entretiens avec des bénéficiaires dans toutes les provinces.",
					"The diagnostic report is published; it draws on four years of programme data and interviews with beneficiaries in every province."),
				evidence(tx3("التقرير التشخيصي (مثال)", "Rapport de diagnostic (exemple)", "Diagnostic report (example)"),
					"https://example.org/demo/tta-01/rapport-diagnostic")),
			update(3, byUnit, date(2022, 3, 10), plan.Completed, 100,
				tx3("صادق المجلس على استراتيجية المساواة والإدماج خلال دورته العادية لشهر مارس، بعد إدماج أغلب توصيات الجمعيات.",
					"Le Conseil a adopté la stratégie d’égalité et d’inclusion lors de sa session ordinaire de mars, après avoir repris la plupart des recommandations des associations.",
					"The council adopted the equality and inclusion strategy at its ordinary session in March, after taking up most of the associations’ recommendations."),
				evidence(tx3("نص الاستراتيجية (مثال)", "Texte de la stratégie (exemple)", "Strategy text (example)"),
					"https://example.org/demo/tta-01/strategie-egalite"),
				evidence(tx3("محضر التوصيات (مثال)", "Compte rendu des recommandations (exemple)", "Record of recommendations (example)"),
					"https://example.org/demo/tta-01/recommandations")),
			update(0, byUnit, date(2022, 7, 5), plan.Completed, 100,
				tx3("اكتمل الالتزام: أصبحت لوحة مؤشرات النوع جزءا من التقرير السنوي لتتبع برنامج التنمية الجهوية.",
					"Engagement achevé : le tableau d’indicateurs de genre fait désormais partie du rapport annuel de suivi du programme de développement régional.",
					"Commitment completed: the gender indicator dashboard is now part of the annual monitoring report of the regional development programme."),
				evidence(tx3("لوحة المؤشرات (مثال)", "Tableau d’indicateurs (exemple)", "Indicator dashboard (example)"),
					"https://example.org/demo/tta-01/indicateurs")),
		},
	}
}

func citizenBudget(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-02",
			Title: tx3("ميزانية المواطن وشفافية ميزانية الجهة",
				"Budget citoyen et transparence du budget régional",
				"Citizen budget and transparency of the regional budget"),
			Problem: tx3(
				"يصعب على المواطنين والجمعيات فهم ميزانية الجهة وتتبع صرفها. فالوثائق المالية تقنية وطويلة، ولا تُنشر في الغالب إلا بعد انتهاء السنة المالية.",
				"Les citoyens et les associations ont du mal à comprendre le budget de la Région et à en suivre l’exécution. Les documents financiers sont longs et techniques, et le plus souvent publiés seulement après la clôture de l’exercice.",
				"Citizens and associations find it hard to understand the Region’s budget and to follow how it is spent. Financial documents are long and technical, and are usually published only after the financial year has closed."),
			Cause: tx3(
				"لم تكن الجهة تتوفر على تقليد لإنتاج وثائق مبسطة، ولا على جدول زمني للنشر. كما أن معطيات التنفيذ تبقى داخل أنظمة التدبير المالي ولا تُستخرج في صيغ مفتوحة.",
				"La Région n’avait ni l’habitude de produire des documents simplifiés ni de calendrier de publication. Les données d’exécution restent dans les systèmes de gestion financière et ne sont pas extraites dans des formats ouverts.",
				"The Region had neither a practice of producing simplified documents nor a publication calendar. Execution data stays inside the financial management systems and is not extracted in open formats."),
			StatusQuo: tx3(
				"تُعرض الميزانية على المجلس في دورة علنية، لكن لا توجد أي وثيقة موجهة لعموم المواطنين، ولا أي تقرير دوري عن التنفيذ.",
				"Le budget est voté en séance publique du Conseil, mais aucun document n’est destiné au grand public et aucun rapport périodique d’exécution n’est publié.",
				"The budget is voted in a public council session, but no document is written for the general public and no periodic execution report is published."),
			Objective: tx3(
				"جعل ميزانية الجهة مفهومة وقابلة للتتبع من طرف المواطنين، عبر ميزانية مواطن سنوية وتقارير دورية عن التنفيذ وجلسات عمومية للنقاش.",
				"Rendre le budget de la Région compréhensible et vérifiable par les citoyens, grâce à un budget citoyen annuel, des rapports d’exécution périodiques et des séances publiques de discussion.",
				"Make the Region’s budget understandable and traceable for citizens, through an annual citizen budget, periodic execution reports and public discussion sessions."),
			ExpectedResults: tx3(
				"ميزانية مواطن تُنشر كل سنة بالعربية والفرنسية، وتقارير فصلية عن التنفيذ بصيغة قابلة لإعادة الاستعمال، وجلسة عمومية في كل عمالة أو إقليم.",
				"Un budget citoyen publié chaque année en arabe et en français, des rapports trimestriels d’exécution dans un format réutilisable et une séance publique dans chaque préfecture ou province.",
				"A citizen budget published every year in Arabic and French, quarterly execution reports in a reusable format and a public session in every prefecture or province."),
			Solution: tx3(
				"تعد مديرية الميزانية، بدعم تقني من شركاء دوليين، نموذجا لميزانية المواطن يُراجَع مع الجمعيات قبل نشره. وتُستخرج معطيات التنفيذ كل ثلاثة أشهر وتُنشر مع شرح مختصر، بينما تنظم جمعية شريكة جلسات التقديم في الأقاليم.",
				"La direction du budget prépare, avec l’appui technique de partenaires internationaux, un modèle de budget citoyen relu par les associations avant publication. Les données d’exécution sont extraites chaque trimestre et publiées avec une courte note explicative, tandis qu’une association partenaire organise les séances de présentation dans les provinces.",
				"The budget directorate, with technical support from international partners, prepares a citizen-budget template that associations review before publication. Execution data is extracted every quarter and published with a short explanatory note, while a partner association runs the presentation sessions in the provinces."),
			Values:      []plan.Value{plan.AccessToInformation, plan.PublicAccountability},
			Themes:      []string{"budget", "fiscal_transparency"},
			Lead:        o.ref(orgBudget),
			Partners:    []plan.Partner{o.partner(orgImpact, plan.SectorCivilSociety), o.partner(orgYouth, plan.SectorCivilSociety), o.partner(orgOECD, plan.SectorInternational)},
			ContactName: tx3("مديرية الميزانية والشؤون المالية", "Direction du budget et des affaires financières", "Directorate of Budget and Finance"),
			ContactRole: tx3("رئيس(ة) مصلحة البرمجة والميزانية", "Chef(fe) du service de la programmation et du budget", "Head of the programming and budget service"),
			StartDate:   date(2021, 4, 1),
			EndDate:     date(2023, 6, 30),
		},
		Milestones: []plan.Milestone{
			{
				Title:       tx3("ميزانية المواطن لسنة 2021", "Budget citoyen 2021", "Citizen budget 2021"),
				Deliverable: tx3("وثيقة مبسطة منشورة بالعربية والفرنسية", "Document simplifié publié en arabe et en français", "Simplified document published in Arabic and French"),
				StartDate:   date(2021, 4, 1), EndDate: date(2021, 7, 30),
				Responsible: o.ref(orgBudget), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("ميزانية المواطن لسنة 2022 مع رسوم بيانية", "Budget citoyen 2022 illustré d’infographies", "Citizen budget 2022 with infographics"),
				Deliverable: tx3("وثيقة مبسطة ورسوم بيانية قابلة للمشاركة", "Document simplifié et infographies à partager", "Simplified document and shareable infographics"),
				StartDate:   date(2022, 1, 3), EndDate: date(2022, 4, 29),
				Responsible: o.ref(orgBudget), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("تقارير فصلية عن تنفيذ الميزانية", "Rapports trimestriels d’exécution du budget", "Quarterly budget execution reports"),
				Deliverable: tx3("تقرير كل ثلاثة أشهر مع ملف معطيات مفتوح", "Un rapport par trimestre accompagné d’un fichier de données ouvert", "One report per quarter with an open data file"),
				StartDate:   date(2022, 1, 3), EndDate: date(2023, 6, 30),
				Responsible: o.ref(orgBudget), Weight: 2, Status: plan.InProgress, Progress: 60,
			},
			{
				Title:       tx3("جلسات عمومية لتقديم الميزانية في العمالات والأقاليم", "Séances publiques de présentation du budget dans les préfectures et provinces", "Public budget sessions in the prefectures and provinces"),
				Deliverable: tx3("ثماني جلسات وتقرير عن أسئلة المواطنين وأجوبة المجلس", "Huit séances et un rapport sur les questions des citoyens et les réponses du Conseil", "Eight sessions and a report on citizens’ questions and the council’s answers"),
				StartDate:   date(2022, 5, 2), EndDate: date(2022, 11, 30),
				Responsible: o.ref(orgImpact), Weight: 2, Status: plan.Delayed, Progress: 30,
			},
		},
		Updates: []updateSeed{
			update(1, byBudget, date(2021, 7, 20), plan.Completed, 100,
				tx3("صدرت أول ميزانية مواطن للجهة، تشرح في صفحات قليلة مصادر المداخيل وأهم أبواب النفقات.",
					"Le premier budget citoyen de la Région est paru : en quelques pages, il explique l’origine des recettes et les principaux postes de dépenses.",
					"The Region’s first citizen budget is out: in a few pages it explains where revenue comes from and the main spending headings."),
				evidence(tx3("ميزانية المواطن 2021 (مثال)", "Budget citoyen 2021 (exemple)", "Citizen budget 2021 (example)"),
					"https://example.org/demo/tta-02/budget-citoyen-2021")).withFiles(docCitizenBudget),
			update(4, byBudget, date(2022, 12, 5), plan.Delayed, 30,
				tx3("نُظمت ثلاث جلسات من أصل ثمانية. تأجلت الجلسات الأخرى إلى سنة 2023 لتعذر التوفيق بين مواعيدها ومواعيد دورات المجالس الإقليمية.",
					"Trois séances sur huit ont eu lieu. Les autres sont reportées à 2023, faute d’avoir pu les caler avec le calendrier des sessions des conseils provinciaux.",
					"Three of the eight sessions have taken place. The others are postponed to 2023, as they could not be fitted around the provincial councils’ session calendar."),
				evidence(tx3("خلاصة أسئلة المشاركين (مثال)", "Synthèse des questions des participants (exemple)", "Summary of participants’ questions (example)"),
					"https://example.org/demo/tta-02/seances-publiques")),
			update(3, byBudget, date(2023, 2, 6), plan.InProgress, 60,
				tx3("نُشر تقرير الفصل الرابع من سنة 2022 مع ملف المعطيات، فأصبح عدد التقارير المنشورة أربعة من أصل ستة مبرمجة.",
					"Le rapport du quatrième trimestre 2022 est publié avec son fichier de données : quatre rapports sur les six prévus sont désormais en ligne.",
					"The report for the fourth quarter of 2022 is published with its data file: four of the six planned reports are now online."),
				evidence(tx3("تقرير التنفيذ، الفصل الرابع 2022 (مثال)", "Rapport d’exécution, T4 2022 (exemple)", "Execution report, Q4 2022 (example)"),
					"https://example.org/demo/tta-02/execution-2022-t4"),
				evidence(tx3("ملف المعطيات (مثال)", "Fichier de données (exemple)", "Data file (example)"),
					"https://example.org/demo/tta-02/execution-2022-t4.csv")).withFiles(docExecutionReport),
		},
	}
}

func accessToInformation(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-03",
			Title: tx3("تفعيل الحق في الحصول على المعلومات طبقا للقانون 31.13",
				"Mise en œuvre du droit d’accès à l’information prévu par la loi 31.13",
				"Putting the right of access to information under Law 31.13 into practice"),
			Problem: tx3(
				"يجهل أغلب المواطنين كيف يطلبون معلومة من مجلس الجهة، ولا يعرفون الجهة التي تتلقى طلباتهم. وتبقى طلبات كثيرة دون رد أو يتأخر الرد عليها.",
				"La plupart des citoyens ignorent comment demander une information au Conseil régional et à qui s’adresser. Beaucoup de demandes restent sans réponse ou reçoivent une réponse tardive.",
				"Most citizens do not know how to ask the regional council for information or whom to address. Many requests go unanswered or are answered late."),
			Cause: tx3(
				"لم تُحدَّد مسطرة داخلية واضحة لمعالجة الطلبات، ولم يتلق الموظفون تكوينا على مقتضيات القانون 31.13. كما لا يوجد سجل يضبط الطلبات وآجال الرد عليها.",
				"Aucune procédure interne claire n’encadrait le traitement des demandes et les agents n’avaient pas été formés aux dispositions de la loi 31.13. Il n’existait pas non plus de registre des demandes et des délais de réponse.",
				"There was no clear internal procedure for handling requests, and staff had not been trained on Law 31.13. Nor was there a register of requests and response times."),
			StatusQuo: tx3(
				"يحدد القانون 31.13 حق المواطنين في الحصول على المعلومات وآجال الرد، لكن تطبيقه داخل المجلس لا يزال محدودا، والنشر الاستباقي للوثائق يقتصر على بعض المقررات.",
				"La loi 31.13 fixe le droit des citoyens à l’information et les délais de réponse, mais son application au sein du Conseil reste limitée et la publication proactive se réduit à quelques délibérations.",
				"Law 31.13 sets citizens’ right to information and response times, but it is applied only partly within the council, and proactive publication is limited to a few decisions."),
			Objective: tx3(
				"تمكين كل شخص من تقديم طلب معلومات بسهولة والحصول على رد في الآجال القانونية، وتوسيع النشر الاستباقي للمعلومات التي يتوفر عليها المجلس.",
				"Permettre à chacun de déposer facilement une demande d’information et d’obtenir une réponse dans les délais légaux, et élargir la publication proactive des informations détenues par le Conseil.",
				"Let anyone file an information request easily and get an answer within the legal time limits, and widen the proactive publication of the information the council holds."),
			ExpectedResults: tx3(
				"أشخاص مكلفون معينون ومكوَّنون، وسجل جهوي للطلبات، وشباك للاستقبال واستمارة إلكترونية، وتقرير سنوي منشور عن عدد الطلبات ونسبة الرد عليها.",
				"Des responsables désignés et formés, un registre régional des demandes, un guichet d’accueil et un formulaire en ligne, ainsi qu’un rapport annuel publié sur le nombre de demandes et le taux de réponse.",
				"Designated and trained officers, a regional register of requests, a front desk and an online form, and a published annual report on the number of requests and the share answered."),
			Solution: tx3(
				"يعين المجلس الأشخاص المكلفين ويكوّنهم، ثم يضع سجلا موحدا للطلبات ودليلا للوثائق المتاحة. ويُفتح شباك بمقر المجلس تكمّله استمارة إلكترونية، وتُنشر حصيلة سنوية للطلبات.",
				"Le Conseil désigne et forme les responsables, puis met en place un registre unique des demandes et un répertoire des documents disponibles. Un guichet ouvre au siège, complété par un formulaire en ligne, et un bilan annuel des demandes est publié.",
				"The council designates and trains the officers, then sets up a single register of requests and a directory of available documents. A desk opens at headquarters, backed by an online form, and a yearly account of requests is published."),
			Values:      []plan.Value{plan.AccessToInformation, plan.PublicAccountability},
			Themes:      []string{"access_to_information", "digital"},
			Lead:        o.ref(orgUnit),
			Partners:    []plan.Partner{o.partner(orgImpact, plan.SectorCivilSociety), o.partner(orgADN, plan.SectorInternational)},
			ContactName: contactUnit,
			ContactRole: tx3("الشخص المكلف بتلقي طلبات الحصول على المعلومات", "Responsable de l’accès à l’information", "Access-to-information officer"),
			StartDate:   date(2021, 3, 1),
			EndDate:     date(2023, 6, 30),
		},
		Milestones: []plan.Milestone{
			{
				Title:       tx3("تعيين الأشخاص المكلفين وتكوينهم", "Désignation et formation des responsables", "Designation and training of officers"),
				Deliverable: tx3("قرار التعيين ودورة تكوينية لفائدة المكلفين ونوابهم", "Décision de désignation et session de formation des responsables et de leurs suppléants", "Designation decision and a training session for officers and their deputies"),
				StartDate:   date(2021, 3, 1), EndDate: date(2021, 6, 30),
				Responsible: o.ref(orgCouncil), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("سجل جهوي للطلبات ودليل للمعلومات المنشورة", "Registre régional des demandes et répertoire des informations publiées", "Regional register of requests and directory of published information"),
				Deliverable: tx3("سجل موحد للطلبات ودليل منشور للوثائق المتاحة", "Registre unique des demandes et répertoire publié des documents disponibles", "Single register of requests and a published directory of available documents"),
				StartDate:   date(2021, 7, 1), EndDate: date(2021, 12, 31),
				Responsible: o.ref(orgUnit), Weight: 2, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("شباك لاستقبال الطلبات واستمارة إلكترونية", "Guichet de dépôt des demandes et formulaire en ligne", "Request desk and online form"),
				Deliverable: tx3("شباك مفتوح للعموم بمقر المجلس واستمارة طلب على الإنترنت", "Guichet ouvert au public au siège du Conseil et formulaire de demande en ligne", "A public desk at council headquarters and an online request form"),
				StartDate:   date(2022, 1, 3), EndDate: date(2023, 3, 31),
				Responsible: o.ref(orgUnit), Weight: 2, Status: plan.InProgress, Progress: 70,
			},
			{
				Title:       tx3("تقرير سنوي عن طلبات الحصول على المعلومات", "Rapport annuel sur les demandes d’accès à l’information", "Annual report on information requests"),
				Deliverable: tx3("تقرير منشور يبين عدد الطلبات وآجال الرد وأسباب الرفض", "Rapport publié indiquant le nombre de demandes, les délais de réponse et les motifs de refus", "Published report giving the number of requests, response times and reasons for refusal"),
				StartDate:   date(2023, 4, 3), EndDate: date(2023, 6, 30),
				Responsible: o.ref(orgUnit), Weight: 1, Status: plan.NotStarted, Progress: 0,
			},
			{
				Title:       tx3("شبابيك متنقلة في العمالات والأقاليم", "Guichets mobiles dans les préfectures et provinces", "Mobile desks in the prefectures and provinces"),
				Deliverable: tx3("جولة للشبابيك المتنقلة في الأقاليم الثمانية", "Tournée de guichets mobiles dans les huit provinces", "A tour of mobile desks in the eight provinces"),
				StartDate:   date(2022, 4, 1), EndDate: date(2022, 12, 30),
				Responsible: o.ref(orgImpact), Weight: 1, Status: plan.Withdrawn, Progress: 0,
			},
		},
		Updates: []updateSeed{
			update(2, byUnit, date(2021, 12, 20), plan.Completed, 100,
				tx3("وُضع السجل الموحد للطلبات حيز الاستعمال، ونُشر دليل أولي يضم أكثر من مئة وثيقة متاحة للعموم.",
					"Le registre unique des demandes est en service et un premier répertoire recensant plus d’une centaine de documents accessibles au public est publié.",
					"The single register of requests is in use, and a first directory listing more than a hundred publicly available documents is published."),
				evidence(tx3("دليل الوثائق المتاحة (مثال)", "Répertoire des documents disponibles (exemple)", "Directory of available documents (example)"),
					"https://example.org/demo/tta-03/repertoire")).withFiles(docDirectory),
			update(5, byUnit, date(2022, 9, 28), plan.Withdrawn, 0,
				tx3("تقرر سحب هذه المرحلة باتفاق مع الجمعيات الشريكة: ستغطي الاستمارة الإلكترونية وشبابيك الاستقبال بالعمالات الحاجة نفسها بكلفة أقل.",
					"Ce jalon est retiré en accord avec les associations partenaires : le formulaire en ligne et les guichets d’accueil des préfectures répondront au même besoin à moindre coût.",
					"This milestone is withdrawn in agreement with the partner associations: the online form and the prefectures’ front desks will meet the same need at lower cost."),
				evidence(tx3("محضر اجتماع لجنة التتبع (مثال)", "Compte rendu du comité de suivi (exemple)", "Minutes of the steering committee (example)"),
					"https://example.org/demo/tta-03/comite-suivi-2022-09")),
			update(3, byUnit, date(2023, 1, 30), plan.InProgress, 70,
				tx3("الشباك مفتوح بمقر المجلس منذ نونبر 2022 وتلقى أولى الطلبات، والاستمارة الإلكترونية في مرحلة الاختبار مع جمعيتين شريكتين.",
					"Le guichet est ouvert au siège du Conseil depuis novembre 2022 et a reçu ses premières demandes ; le formulaire en ligne est en test avec deux associations partenaires.",
					"The desk has been open at council headquarters since November 2022 and has received its first requests; the online form is being tested with two partner associations."),
				evidence(tx3("دليل تقديم الطلب (مثال)", "Guide de dépôt d’une demande (exemple)", "How to file a request (example)"),
					"https://example.org/demo/tta-03/guide-demande")),
		},
	}
}

func participationSpace(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-04",
			Title: tx3("فضاء رقمي لمشاركة المواطنين والجمعيات",
				"Espace numérique de participation des citoyens et des associations",
				"Online participation space for citizens and associations"),
			Problem: tx3(
				"تظل مشاركة المواطنين في قرارات الجهة محصورة في لقاءات حضورية قليلة، يصعب على سكان الأقاليم البعيدة والشباب حضورها. ولا تُعرف مآلات العرائض المقدمة.",
				"La participation des citoyens aux décisions de la Région se limite à quelques réunions en présentiel, difficiles d’accès pour les habitants des provinces éloignées et pour les jeunes. Le sort des pétitions déposées reste inconnu.",
				"Citizens’ participation in the Region’s decisions is limited to a few in-person meetings that people in remote provinces and young people find hard to attend. What happens to petitions once filed is not known."),
			Cause: tx3(
				"لا تتوفر الجهة على أداة رقمية للاستشارة وإيداع العرائض، كما أن المساطر المنصوص عليها في القانون التنظيمي للجهات تبقى غير معروفة لدى العموم.",
				"La Région ne dispose d’aucun outil numérique de consultation et de dépôt de pétitions, et les procédures prévues par la loi organique relative aux régions restent peu connues du public.",
				"The Region has no online tool for consultations and petitions, and the procedures provided for by the organic law on regions are little known to the public."),
			StatusQuo: tx3(
				"تُودَع العرائض ورقيا ويُتتبع مسارها يدويا، وتُنظم الاستشارات بشكل متقطع دون نشر خلاصاتها.",
				"Les pétitions sont déposées sur papier et suivies à la main ; les consultations sont organisées de façon ponctuelle sans que leurs conclusions soient publiées.",
				"Petitions are filed on paper and tracked by hand; consultations are held now and then and their conclusions are not published."),
			Objective: tx3(
				"إتاحة فضاء رقمي يمكّن المواطنين والجمعيات من المشاركة في الاستشارات وإيداع العرائض وتتبع الردود عليها.",
				"Offrir un espace numérique où citoyens et associations peuvent participer aux consultations, déposer des pétitions et suivre les réponses qui y sont apportées.",
				"Provide an online space where citizens and associations can take part in consultations, file petitions and follow the answers they receive."),
			ExpectedResults: tx3(
				"منصة مفتوحة للعموم، وجمعيات مكوَّنة على استعمالها في كل الأقاليم، وأول استشارة رقمية حول برنامج التنمية الجهوية مع تقرير منشور عن المساهمات.",
				"Une plateforme ouverte au public, des associations formées à son usage dans toutes les provinces et une première consultation en ligne sur le programme de développement régional, avec un rapport publié sur les contributions.",
				"A platform open to the public, associations trained to use it in every province, and a first online consultation on the regional development programme with a published report on the contributions."),
			Solution: tx3(
				"تُحدَّد حاجيات المستعملين مع الجمعيات والشباب، ثم تُطوَّر المنصة تدريجيا وتُختبر مع مجموعة من المستعملين. وتواكب الجمعيات الشريكة إطلاقها بدورات تكوينية في الأقاليم.",
				"Les besoins des utilisateurs sont définis avec les associations et les jeunes, puis la plateforme est développée par étapes et testée avec un groupe d’usagers. Les associations partenaires accompagnent son lancement par des formations dans les provinces.",
				"User needs are defined with associations and young people, then the platform is built step by step and tested with a group of users. Partner associations support its launch with training in the provinces."),
			Values:      []plan.Value{plan.CivicParticipation, plan.TechnologyInnovation},
			Themes:      []string{"participation", "digital"},
			Lead:        o.ref(orgUnit),
			Partners:    []plan.Partner{o.partner(orgYouth, plan.SectorCivilSociety), o.partner(orgADN, plan.SectorInternational), o.partner(orgNDI, plan.SectorInternational)},
			ContactName: contactUnit,
			ContactRole: tx3("رئيس(ة) مصلحة الأنظمة المعلوماتية", "Chef(fe) du service des systèmes d’information", "Head of the information systems service"),
			StartDate:   date(2021, 6, 1),
			EndDate:     date(2023, 12, 29),
		},
		Milestones: []plan.Milestone{
			{
				Title:       tx3("دراسة حاجيات المستعملين مع الجمعيات", "Étude des besoins des usagers avec les associations", "User needs study with associations"),
				Deliverable: tx3("تقرير الحاجيات ودفتر تحملات تقني", "Rapport sur les besoins et cahier des charges technique", "Needs report and technical specifications"),
				StartDate:   date(2021, 6, 1), EndDate: date(2021, 10, 29),
				Responsible: o.ref(orgUnit), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("تطوير فضاء العرائض والاستشارات", "Développement de l’espace pétitions et consultations", "Building the petitions and consultations space"),
				Deliverable: tx3("منصة تجريبية لإيداع العرائض والمشاركة في الاستشارات", "Plateforme pilote de dépôt de pétitions et de participation aux consultations", "Pilot platform for filing petitions and joining consultations"),
				StartDate:   date(2022, 1, 3), EndDate: date(2023, 6, 30),
				Responsible: o.ref(orgUnit), Weight: 3, Status: plan.InProgress, Progress: 50,
			},
			{
				Title:       tx3("تكوين الجمعيات على استعمال الفضاء الرقمي", "Formation des associations à l’usage de l’espace numérique", "Training associations to use the online space"),
				Deliverable: tx3("دورات تكوينية في العمالات والأقاليم الثمانية", "Sessions de formation dans les huit préfectures et provinces", "Training sessions in the eight prefectures and provinces"),
				StartDate:   date(2023, 4, 3), EndDate: date(2023, 9, 29),
				Responsible: o.ref(orgYouth), Weight: 1, Status: plan.NotStarted, Progress: 0,
			},
			{
				Title:       tx3("أول استشارة عمومية عبر الإنترنت", "Première consultation publique en ligne", "First online public consultation"),
				Deliverable: tx3("استشارة حول برنامج التنمية الجهوية وتقرير عن المساهمات", "Consultation sur le programme de développement régional et rapport sur les contributions", "Consultation on the regional development programme and a report on contributions"),
				StartDate:   date(2023, 7, 3), EndDate: date(2023, 12, 29),
				Responsible: o.ref(orgCouncil), Weight: 2, Status: plan.NotStarted, Progress: 0,
			},
		},
		Updates: []updateSeed{
			update(1, byUnit, date(2021, 11, 8), plan.Completed, 100,
				tx3("اكتملت دراسة الحاجيات بعد ست مجموعات نقاش مع جمعيات وشباب من مختلف الأقاليم، وصودق على دفتر التحملات.",
					"L’étude des besoins est terminée après six groupes de discussion avec des associations et des jeunes de différentes provinces ; le cahier des charges est validé.",
					"The needs study is finished after six focus groups with associations and young people from several provinces; the specifications are approved."),
				evidence(tx3("تقرير الحاجيات (مثال)", "Rapport sur les besoins (exemple)", "Needs report (example)"),
					"https://example.org/demo/tta-04/besoins")),
			update(2, byUnit, date(2022, 6, 15), plan.InProgress, 20,
				tx3("انطلق تطوير المنصة، وأصبحت النماذج الأولى لصفحات العرائض جاهزة للاختبار.",
					"Le développement de la plateforme a commencé ; les premières maquettes des pages de pétition sont prêtes à être testées.",
					"Development of the platform has started; the first mock-ups of the petition pages are ready for testing."),
				evidence(tx3("النماذج الأولى (مثال)", "Maquettes (exemple)", "Mock-ups (example)"),
					"https://example.org/demo/tta-04/maquettes")),
			update(2, byUnit, date(2023, 2, 20), plan.InProgress, 50,
				tx3("أصبح فضاء العرائض يعمل في نسخة تجريبية مع ثلاثين مستعملا، بينما لا يزال جزء الاستشارات قيد التطوير.",
					"L’espace pétitions fonctionne en version pilote avec une trentaine d’usagers ; la partie consultations est encore en développement.",
					"The petitions space runs as a pilot with about thirty users; the consultations part is still being built."),
				evidence(tx3("تقرير الاختبار مع المستعملين (مثال)", "Bilan des tests avec les usagers (exemple)", "User testing report (example)"),
					"https://example.org/demo/tta-04/tests-usagers")),
		},
	}
}

func communication(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-05",
			Title: tx3("التواصل والتحسيس بمبادئ الحكومة المنفتحة",
				"Communication et sensibilisation au gouvernement ouvert",
				"Communication and awareness on open government"),
			Problem: tx3(
				"لا يعرف أغلب سكان الجهة ما تعنيه الحكومة المنفتحة ولا الالتزامات التي تعهد بها المجلس. كما أن عددا من المنتخبين والموظفين لم يطلعوا بعد على مبادئها.",
				"La plupart des habitants de la Région ne savent pas ce qu’est le gouvernement ouvert ni quels engagements le Conseil a pris. Une partie des élus et des agents n’en connaît pas encore les principes.",
				"Most of the Region’s residents do not know what open government means or which commitments the council has made. Some elected members and staff are not yet familiar with its principles either."),
			Cause: tx3(
				"الانضمام إلى المبادرة حديث، ولم يُخصَّص له مخطط تواصل ولا ميزانية للتحسيس. وتبقى المعلومات المتاحة متفرقة وبلغة تقنية.",
				"L’adhésion à l’initiative est récente et n’a fait l’objet ni d’un plan de communication ni d’un budget de sensibilisation. L’information disponible est dispersée et rédigée dans une langue technique.",
				"Joining the initiative is recent, and it came with neither a communication plan nor an awareness budget. The information available is scattered and written in technical language."),
			StatusQuo: tx3(
				"تقتصر المعلومات على بلاغات صحفية متفرقة، ولا يوجد فضاء منتظم للحوار بين المجلس والمجتمع المدني حول تنفيذ الخطة.",
				"L’information se limite à quelques communiqués de presse et il n’existe pas d’espace régulier de dialogue entre le Conseil et la société civile sur la mise en œuvre du plan.",
				"Information is limited to a few press releases, and there is no regular forum for dialogue between the council and civil society on the plan’s implementation."),
			Objective: tx3(
				"التعريف بمبادئ الحكومة المنفتحة وبالتزامات الجهة لدى المواطنين والمنتخبين والموظفين، وإرساء موعد سنوي للحوار مع المجتمع المدني.",
				"Faire connaître les principes du gouvernement ouvert et les engagements de la Région aux citoyens, aux élus et aux agents, et instituer un rendez-vous annuel de dialogue avec la société civile.",
				"Make open-government principles and the Region’s commitments known to citizens, elected members and staff, and set up a yearly dialogue with civil society."),
			ExpectedResults: tx3(
				"مخطط تواصل منشور، ومنتخبون وأطر مكوَّنون، وقافلة تحسيسية مرت بكل العمالات والأقاليم، ومنتدى جهوي سنوي تُنشر توصياته.",
				"Un plan de communication publié, des élus et des cadres formés, une caravane de sensibilisation passée par toutes les préfectures et provinces, et un forum régional annuel dont les recommandations sont publiées.",
				"A published communication plan, trained elected members and staff, an awareness caravan that has visited every prefecture and province, and a yearly regional forum whose recommendations are published."),
			Solution: tx3(
				"يعتمد المجلس مخطط تواصل بلغة بسيطة وبالعربية والأمازيغية والفرنسية. وتنظم الجمعيات الشريكة قافلة في الأقاليم، ويُعقد منتدى سنوي مفتوح يعرض فيه المجلس حصيلة التنفيذ ويستمع إلى الملاحظات.",
				"Le Conseil adopte un plan de communication en langage simple, en arabe, en amazighe et en français. Les associations partenaires organisent une caravane dans les provinces et un forum annuel ouvert permet au Conseil de présenter son bilan et de recueillir les observations.",
				"The council adopts a communication plan in plain language, in Arabic, Amazigh and French. Partner associations run a caravan through the provinces, and a yearly open forum lets the council present its progress and hear comments."),
			Values:      []plan.Value{plan.CivicParticipation, plan.AccessToInformation},
			Themes:      []string{"communication", "participation"},
			Lead:        o.ref(orgCouncil),
			Partners:    []plan.Partner{o.partner(orgImpact, plan.SectorCivilSociety), o.partner(orgWomen, plan.SectorCivilSociety), o.partner(orgYouth, plan.SectorCivilSociety), o.partner(orgNDI, plan.SectorInternational)},
			ContactName: tx3("قسم التواصل والعلاقات العامة", "Division de la communication et des relations publiques", "Communication and Public Relations Division"),
			ContactRole: tx3("رئيس(ة) قسم التواصل", "Chef(fe) de la division de la communication", "Head of communication"),
			StartDate:   date(2021, 2, 1),
			EndDate:     date(2022, 12, 30),
		},
		Milestones: []plan.Milestone{
			{
				Title:       tx3("اعتماد مخطط للتواصل حول الحكومة المنفتحة", "Adoption d’un plan de communication sur le gouvernement ouvert", "Adoption of an open-government communication plan"),
				Deliverable: tx3("مخطط تواصل منشور", "Plan de communication publié", "Published communication plan"),
				StartDate:   date(2021, 2, 1), EndDate: date(2021, 5, 31),
				Responsible: o.ref(orgUnit), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("تكوين المنتخبين والأطر الإدارية", "Formation des élus et des cadres administratifs", "Training for elected members and staff"),
				Deliverable: tx3("أربع دورات تكوينية ودليل تكوين", "Quatre sessions de formation et un guide du formateur", "Four training sessions and a trainer’s guide"),
				StartDate:   date(2021, 9, 1), EndDate: date(2022, 3, 31),
				Responsible: o.ref(orgNDI), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("قافلة تحسيسية في العمالات والأقاليم الثمانية", "Caravane de sensibilisation dans les huit préfectures et provinces", "Awareness caravan in the eight prefectures and provinces"),
				Deliverable: tx3("ثماني محطات وتقرير مصور", "Huit étapes et un compte rendu illustré", "Eight stops and an illustrated report"),
				StartDate:   date(2021, 10, 1), EndDate: date(2022, 10, 31),
				Responsible: o.ref(orgImpact), Weight: 2, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("المنتدى الجهوي الثاني للحكومة المنفتحة", "Deuxième forum régional du gouvernement ouvert", "Second regional open-government forum"),
				Deliverable: tx3("منتدى مفتوح للعموم وتقرير توصيات منشور", "Forum ouvert au public et rapport de recommandations publié", "A forum open to the public and a published report of recommendations"),
				StartDate:   date(2022, 9, 1), EndDate: date(2022, 12, 30),
				Responsible: o.ref(orgCouncil), Weight: 1, Status: plan.InProgress, Progress: 80,
			},
		},
		Updates: []updateSeed{
			update(3, byUnit, date(2022, 10, 25), plan.Completed, 100,
				tx3("أنهت القافلة محطتها الثامنة بإقليم الحسيمة، بعد لقاءات مع تلاميذ وجمعيات وتجار في الأسواق الأسبوعية.",
					"La caravane a achevé sa huitième étape dans la province d’Al Hoceïma, après des rencontres avec des élèves, des associations et des commerçants des souks hebdomadaires.",
					"The caravan finished its eighth stop in Al Hoceima province, after meetings with pupils, associations and traders at weekly markets."),
				evidence(tx3("التقرير المصور للقافلة (مثال)", "Compte rendu illustré de la caravane (exemple)", "Illustrated caravan report (example)"),
					"https://example.org/demo/tta-05/caravane")),
			update(4, byUnit, date(2022, 12, 16), plan.InProgress, 80,
				tx3("انعقد المنتدى الجهوي الثاني بطنجة بحضور ممثلي الجمعيات والجامعة. يجري الآن إعداد تقرير التوصيات قبل نشره.",
					"Le deuxième forum régional s’est tenu à Tanger avec des représentants des associations et de l’université. Le rapport de recommandations est en cours de rédaction avant publication.",
					"The second regional forum was held in Tangier with representatives of associations and the university. The report of recommendations is being written before publication."),
				evidence(tx3("برنامج المنتدى (مثال)", "Programme du forum (exemple)", "Forum programme (example)"),
					"https://example.org/demo/tta-05/forum-2022"),
				evidence(tx3("برنامج الحكومة المنفتحة المحلي", "Programme local du Partenariat pour un gouvernement ouvert", "OGP Local programme"),
					"https://www.opengovpartnership.org/ogp-local/")),
			update(0, byUnit, date(2023, 1, 16), plan.InProgress, 96,
				tx3("حصيلة الالتزام: أُنجزت ثلاث مراحل من أربع، ولم يتبق سوى نشر توصيات المنتدى الجهوي الثاني.",
					"Bilan de l’engagement : trois jalons sur quatre sont achevés ; il ne reste qu’à publier les recommandations du deuxième forum régional.",
					"Commitment summary: three of four milestones are done; only the publication of the second regional forum’s recommendations remains.")),
		},
	}
}

func openData(o *orgIndex) commitmentSeed {
	return commitmentSeed{
		Commitment: plan.Commitment{
			Ref: "TTA-06",
			Title: tx3("بوابة جهوية للبيانات المفتوحة",
				"Portail régional de données ouvertes",
				"Regional open data portal"),
			Problem: tx3(
				"يتوفر مجلس الجهة على معطيات كثيرة حول المشاريع والنقل والتكوين، لكنها لا تُنشر في صيغ قابلة لإعادة الاستعمال. فيضطر الباحثون والصحفيون والمقاولات إلى طلبها واحدة واحدة.",
				"Le Conseil régional détient de nombreuses données sur les projets, le transport et la formation, mais elles ne sont pas publiées dans des formats réutilisables. Chercheurs, journalistes et entreprises doivent les demander une à une.",
				"The regional council holds a lot of data on projects, transport and training, but does not publish it in reusable formats. Researchers, journalists and businesses have to ask for it piece by piece."),
			Cause: tx3(
				"لا توجد سياسة تحدد المعطيات القابلة للنشر ولا رخصة لإعادة استعمالها، كما أن المعطيات موزعة بين مصالح مختلفة دون جرد شامل.",
				"Aucune politique ne précise quelles données peuvent être publiées ni sous quelle licence elles peuvent être réutilisées, et les données sont réparties entre plusieurs services sans inventaire d’ensemble.",
				"No policy says which data may be published or under what licence it may be reused, and the data is spread across several services with no overall inventory."),
			StatusQuo: tx3(
				"تُنشر بعض الجداول داخل تقارير بصيغة PDF، ولا يوجد أي ملف معطيات مفتوح على موقع الجهة.",
				"Quelques tableaux sont publiés dans des rapports au format PDF ; aucun fichier de données ouvert n’est disponible sur le site de la Région.",
				"A few tables are published inside PDF reports; no open data file is available on the Region’s website."),
			Objective: tx3(
				"نشر معطيات المجلس ذات الأولوية في صيغ مفتوحة وبرخصة واضحة، وتشجيع إعادة استعمالها من طرف الجامعة والمجتمع المدني.",
				"Publier les données prioritaires du Conseil dans des formats ouverts et sous une licence claire, et en encourager la réutilisation par l’université et la société civile.",
				"Publish the council’s priority data in open formats under a clear licence, and encourage its reuse by the university and civil society."),
			ExpectedResults: tx3(
				"جرد منشور للمعطيات، وسياسة للبيانات المفتوحة مصادق عليها، وبوابة تضم عشرين مجموعة بيانات على الأقل، وأول هاكاثون مع الطلبة.",
				"Un inventaire publié des données, une politique de données ouvertes adoptée, un portail proposant au moins vingt jeux de données et un premier hackathon avec les étudiants.",
				"A published data inventory, an adopted open data policy, a portal with at least twenty datasets and a first hackathon with students."),
			Solution: tx3(
				"تجرد خلية الحكومة المنفتحة معطيات المصالح وترتبها حسب الأولوية، ثم يصادق المجلس على سياسة ورخصة للنشر. وتُطلق بوابة تجريبية تُغنى تدريجيا، ويُنظم هاكاثون بشراكة مع الجامعة.",
				"La cellule gouvernement ouvert inventorie les données des services et les classe par priorité, puis le Conseil adopte une politique et une licence de publication. Un portail pilote est lancé et enrichi progressivement, et un hackathon est organisé avec l’université.",
				"The open government unit inventories the services’ data and ranks it by priority, then the council adopts a publication policy and licence. A pilot portal is launched and grows over time, and a hackathon is organised with the university."),
			Values:      []plan.Value{plan.AccessToInformation, plan.TechnologyInnovation},
			Themes:      []string{"open_data", "digital"},
			Lead:        o.ref(orgUnit),
			Partners:    []plan.Partner{o.partner(orgUAE, plan.SectorAcademia), o.partner(orgOECD, plan.SectorInternational), o.partner(orgADN, plan.SectorInternational)},
			ContactName: contactUnit,
			ContactRole: headOfUnit,
			StartDate:   date(2022, 1, 3),
			EndDate:     date(2023, 12, 29),
		},
		Milestones: []plan.Milestone{
			{
				Title:       tx3("جرد المعطيات التي يتوفر عليها المجلس", "Inventaire des données détenues par le Conseil", "Inventory of the data the council holds"),
				Deliverable: tx3("جرد منشور لمجموعات البيانات مرتبة حسب الأولوية", "Inventaire publié des jeux de données classés par priorité", "Published inventory of datasets ranked by priority"),
				StartDate:   date(2022, 1, 3), EndDate: date(2022, 6, 30),
				Responsible: o.ref(orgUnit), Weight: 1, Status: plan.Completed, Progress: 100,
			},
			{
				Title:       tx3("سياسة البيانات المفتوحة ورخصة الاستعمال", "Politique de données ouvertes et licence de réutilisation", "Open data policy and reuse licence"),
				Deliverable: tx3("سياسة ورخصة مفتوحة يصادق عليهما المجلس", "Politique et licence ouverte adoptées par le Conseil", "Policy and open licence adopted by the council"),
				StartDate:   date(2022, 4, 1), EndDate: date(2022, 10, 31),
				Responsible: o.ref(orgCouncil), Weight: 1, Status: plan.Delayed, Progress: 40,
			},
			{
				Title:       tx3("بوابة تجريبية بعشرين مجموعة بيانات", "Portail pilote de vingt jeux de données", "Pilot portal with twenty datasets"),
				Deliverable: tx3("بوابة على الإنترنت تضم عشرين مجموعة بيانات موثقة", "Portail en ligne proposant vingt jeux de données documentés", "An online portal with twenty documented datasets"),
				StartDate:   date(2023, 3, 1), EndDate: date(2023, 9, 29),
				Responsible: o.ref(orgUnit), Weight: 2, Status: plan.NotStarted, Progress: 0,
			},
			{
				Title:       tx3("هاكاثون لإعادة استعمال البيانات مع الجامعة", "Hackathon de réutilisation des données avec l’université", "Data reuse hackathon with the university"),
				Deliverable: tx3("هاكاثون ونشر المشاريع الفائزة", "Hackathon et publication des projets primés", "A hackathon and publication of the winning projects"),
				StartDate:   date(2023, 10, 2), EndDate: date(2023, 12, 15),
				Responsible: o.ref(orgUAE), Weight: 1, Status: plan.NotStarted, Progress: 0,
			},
		},
		Updates: []updateSeed{
			update(1, byUnit, date(2022, 7, 4), plan.Completed, 100,
				tx3("اكتمل جرد المعطيات: أحصت المصالح سبعا وأربعين مجموعة بيانات، صُنفت منها عشرون ذات أولوية للنشر.",
					"L’inventaire est terminé : les services ont recensé quarante-sept jeux de données, dont vingt jugés prioritaires pour la publication.",
					"The inventory is complete: the services listed forty-seven datasets, twenty of which are ranked as priorities for publication."),
				evidence(tx3("جرد مجموعات البيانات (مثال)", "Inventaire des jeux de données (exemple)", "Dataset inventory (example)"),
					"https://example.org/demo/tta-06/inventaire.csv")),
			update(2, byUnit, date(2022, 11, 15), plan.Delayed, 40,
				tx3("مشروع السياسة جاهز لكنه ينتظر رأي المصلحة القانونية حول الرخصة، فتأجل عرضه على المجلس إلى دورة 2023.",
					"Le projet de politique est prêt mais attend l’avis du service juridique sur la licence ; sa présentation au Conseil est reportée à une session de 2023.",
					"The draft policy is ready but awaits the legal service’s opinion on the licence; it will go to the council at a 2023 session instead."),
				evidence(tx3("مشروع سياسة البيانات المفتوحة (مثال)", "Projet de politique de données ouvertes (exemple)", "Draft open data policy (example)"),
					"https://example.org/demo/tta-06/projet-politique")),
		},
	}
}
