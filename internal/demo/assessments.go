package demo

import "github.com/infitah/infitah/internal/plan"

var localMonitoringBody = tx3("هيئة التتبع المحلية", "Organe local de suivi", "Local Monitoring Body")

// assessments are the reviews of the plan and of its commitments; refs gives
// a commitment's id by its reference.
func assessments(planID int64, refs map[string]int64) []plan.Assessment {
	yes := true
	commitment := func(ref string) *int64 {
		id := refs[ref]
		return &id
	}
	return []plan.Assessment{
		{
			PlanID: planID, Kind: plan.InceptionReview,
			Assessor:       localMonitoringBody,
			AssessedOn:     date(2021, 6, 30),
			Verifiable:     &yes,
			RelevantValues: []plan.Value{plan.AccessToInformation, plan.CivicParticipation, plan.PublicAccountability, plan.TechnologyInnovation},
			Potential:      plan.PotentialModest,
			Summary: tx3(
				"الالتزامات واضحة وقابلة للتحقق، وتغطي القيم الأربع للشراكة. وتوصي الهيئة بتحديد مؤشرات للنتائج لا للأنشطة فقط، وبإشراك الجمعيات في تتبع كل التزام.",
				"Les engagements sont clairs et vérifiables et couvrent les quatre valeurs du Partenariat. L’organe recommande de fixer des indicateurs de résultats et pas seulement d’activités, et d’associer les associations au suivi de chaque engagement.",
				"The commitments are clear and verifiable and cover all four OGP values. The body recommends setting indicators of results, not only of activities, and involving associations in following each commitment."),
			EvidenceURL: "https://example.org/demo/assessments/inception-2021",
		},
		{
			PlanID: planID, Kind: plan.SelfAssessment,
			Assessor:   tx3("خلية الحكومة المنفتحة — مجلس الجهة", "Cellule gouvernement ouvert — Conseil régional", "Open Government Unit — Regional Council"),
			AssessedOn: date(2022, 9, 30),
			EarlyResults: tx3(
				"صودق على استراتيجية المساواة، وصدرت ميزانيتان للمواطن، وأصبح السجل الموحد لطلبات المعلومات يعمل.",
				"La stratégie d’égalité est adoptée, deux budgets citoyens sont parus et le registre unique des demandes d’information fonctionne.",
				"The equality strategy is adopted, two citizen budgets have been published and the single register of information requests is working."),
			Summary: tx3(
				"في منتصف مدة الخطة، تتقدم الالتزامات المتعلقة بالمعلومة والميزانية بوتيرة جيدة، بينما يعرف الفضاء الرقمي للمشاركة والبيانات المفتوحة تأخرا مرتبطا بالمساطر التقنية والقانونية.",
				"À mi-parcours, les engagements sur l’information et le budget avancent à bon rythme, tandis que l’espace de participation en ligne et les données ouvertes prennent du retard pour des raisons techniques et juridiques.",
				"At mid-term, the commitments on information and the budget are moving at a good pace, while online participation and open data are behind for technical and legal reasons."),
		},
		{
			PlanID: planID, CommitmentID: commitment("TTA-01"), Kind: plan.EndOfCommitment,
			Assessor:         localMonitoringBody,
			AssessedOn:       date(2022, 8, 10),
			Verifiable:       &yes,
			RelevantValues:   []plan.Value{plan.CivicParticipation, plan.PublicAccountability},
			Potential:        plan.PotentialSubstantial,
			Completion:       plan.CompletionComplete,
			OpenedGovernment: plan.OpenedMajor,
			EarlyResults: tx3(
				"أصبحت جمعيات النساء والأشخاص في وضعية إعاقة تُستشار قبل إعداد البرامج، وتُنشر لأول مرة معطيات المستفيدين مصنفة حسب الجنس والسن.",
				"Les associations de femmes et de personnes handicapées sont désormais consultées avant la préparation des programmes, et les données sur les bénéficiaires sont publiées pour la première fois par sexe et par âge.",
				"Women’s and disability associations are now consulted before programmes are prepared, and data on beneficiaries is published by sex and age for the first time."),
			Summary: tx3(
				"أُنجز الالتزام كاملا وفي آجاله. ويبقى التحدي في استعمال المؤشرات الجديدة فعليا عند انتقاء المشاريع خلال السنوات المقبلة.",
				"L’engagement a été entièrement réalisé dans les délais. Le défi sera d’utiliser réellement les nouveaux indicateurs lors de la sélection des projets des prochaines années.",
				"The commitment was fully delivered on time. The challenge will be to actually use the new indicators when selecting projects in the coming years."),
			EvidenceURL: "https://example.org/demo/assessments/tta-01",
		},
		{
			PlanID: planID, CommitmentID: commitment("TTA-05"), Kind: plan.EndOfCommitment,
			Assessor:         localMonitoringBody,
			AssessedOn:       date(2023, 2, 15),
			Verifiable:       &yes,
			RelevantValues:   []plan.Value{plan.CivicParticipation, plan.AccessToInformation},
			Potential:        plan.PotentialModest,
			Completion:       plan.CompletionSubstantial,
			OpenedGovernment: plan.OpenedMarginal,
			EarlyResults: tx3(
				"وصلت القافلة إلى كل الأقاليم، وشارك في المنتدى الثاني عدد أكبر من الجمعيات مقارنة بالأول.",
				"La caravane a atteint toutes les provinces et le deuxième forum a réuni davantage d’associations que le premier.",
				"The caravan reached every province and the second forum brought together more associations than the first."),
			Summary: tx3(
				"أُنجز الالتزام بشكل شبه كامل، في انتظار نشر توصيات المنتدى. وأثره على الانفتاح محدود ما لم يصبح الحوار مع المجتمع المدني موعدا ثابتا يتابع فيه المجلس توصياته.",
				"L’engagement est presque entièrement réalisé, en attendant la publication des recommandations du forum. Son effet sur l’ouverture restera limité tant que le dialogue avec la société civile ne deviendra pas un rendez-vous régulier où le Conseil rend compte des suites données.",
				"The commitment is nearly complete, pending publication of the forum’s recommendations. Its effect on openness will stay limited until dialogue with civil society becomes a regular event where the council reports on the follow-up."),
		},
	}
}
