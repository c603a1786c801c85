package demo

import "github.com/infitah/infitah/internal/plan"

// actionPlan is the regional plan 2021–2023 with its co-creation timeline.
func actionPlan() plan.Plan {
	return plan.Plan{
		Slug: "plan-2021-2023",
		Title: tx3("خطة العمل الجهوية للحكومة المنفتحة 2021–2023",
			"Plan d’action régional pour un gouvernement ouvert 2021–2023",
			"Regional Open Government Action Plan 2021–2023"),
		Summary: tx3(
			"أعد مجلس الجهة هذه الخطة بشراكة مع جمعيات المجتمع المدني بعد انضمامه إلى برنامج الشراكة من أجل الحكومة المنفتحة المحلي. تضم الخطة التزامات في المساواة والإدماج، وشفافية الميزانية، والحق في الحصول على المعلومات، والمشاركة المواطنة، والتواصل. يتتبع الجميع تقدمها هنا، مرحلة بمرحلة.",
			"Le Conseil régional a élaboré ce plan avec les associations de la société civile après son adhésion au programme local du Partenariat pour un gouvernement ouvert. Il réunit des engagements sur l’égalité et l’inclusion, la transparence budgétaire, l’accès à l’information, la participation citoyenne et la communication. Chacun peut en suivre ici l’avancement, jalon par jalon.",
			"The regional council drew up this plan with civil-society associations after joining the Open Government Partnership’s local programme. It brings together commitments on equality and inclusion, budget transparency, access to information, civic participation and communication. Anyone can follow its progress here, milestone by milestone."),
		PeriodStart: 2021,
		PeriodEnd:   2023,
		Status:      plan.PlanImplementing,
		Stages: []plan.Stage{
			{
				Title: tx3("نشر الجدول الزمني للإعداد المشترك",
					"Publication du calendrier de co-création",
					"Publication of the co-creation timeline"),
				StartsOn: date(2020, 11, 23), EndsOn: date(2020, 11, 30),
			},
			{
				Title: tx3("دعوة مفتوحة لتقديم المقترحات",
					"Appel ouvert à propositions",
					"Open call for proposals"),
				StartsOn: date(2020, 12, 1), EndsOn: date(2020, 12, 31),
			},
			{
				Title: tx3("ورشات موضوعاتية مع المجتمع المدني",
					"Ateliers thématiques avec la société civile",
					"Thematic workshops with civil society"),
				StartsOn: date(2021, 1, 11), EndsOn: date(2021, 2, 12),
			},
			{
				Title: tx3("المصادقة على الخطة في منتدى الحكومة المنفتحة",
					"Validation du plan par le forum du gouvernement ouvert",
					"Validation of the plan by the open-government forum"),
				StartsOn: date(2021, 2, 22), EndsOn: date(2021, 3, 5),
			},
			{
				Title: tx3("إيداع الخطة لدى الشراكة من أجل الحكومة المنفتحة",
					"Dépôt du plan auprès du Partenariat pour un gouvernement ouvert",
					"Submission of the plan to the Open Government Partnership"),
				StartsOn: date(2021, 3, 15), EndsOn: date(2021, 3, 31),
			},
		},
	}
}
