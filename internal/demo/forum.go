package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// loadForum adds the region's multi-stakeholder forum, its members and its
// meetings when the site has no forum yet, so that a demo loaded before the
// forum existed gets it on the next start and a second run adds nothing. It
// reports whether it added anything.
func loadForum(ctx context.Context, tx *db.Tx, siteID int64) (bool, error) {
	switch _, err := forum.Get(ctx, tx, siteID); {
	case err == nil:
		return false, nil
	case !errors.Is(err, db.ErrNotFound):
		return false, err
	}
	f := &forum.Forum{SiteID: siteID,
		Name: tx3("منتدى الحكومة المنفتحة لجهة طنجة تطوان الحسيمة",
			"Forum du gouvernement ouvert de la Région Tanger-Tétouan-Al Hoceïma",
			"Open Government Forum of the Tangier-Tetouan-Al Hoceima Region"),
		Rules: tx3(forumRulesAR, forumRulesFR, forumRulesEN)}
	if err := forum.Save(ctx, tx, f, 0); err != nil {
		return false, err
	}
	orgs := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT slug, id FROM organisations WHERE site_id = ?`, siteID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			rows.Close()
			return false, err
		}
		orgs[slug] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, m := range forumMembers() {
		m.SiteID = siteID
		if m.org != "" {
			id, ok := orgs[m.org]
			if !ok {
				return false, fmt.Errorf("forum member %s: unknown organisation %q", m.Name, m.org)
			}
			m.OrganisationID = id
		}
		if err := forum.CreateMember(ctx, tx, &m.Member); err != nil {
			return false, err
		}
	}
	for _, m := range forumMeetings() {
		m.SiteID = siteID
		if err := forum.CreateMeeting(ctx, tx, &m); err != nil {
			return false, err
		}
	}
	return true, nil
}

type demoMember struct {
	forum.Member
	org string
}

// forumMembers are twelve fictional people: six for the regional
// administration and six for civil society, three women and three men on
// each side.
func forumMembers() []demoMember {
	gov, cs := forum.Government, forum.CivilSociety
	f, m := forum.Female, forum.Male
	member := func(name string, seat forum.Seat, g forum.Gender, org string, role i18n.Text) demoMember {
		return demoMember{Member: forum.Member{Name: name, Seat: seat, Gender: g, Role: role}, org: org}
	}
	// Roles are worded without gender: the gender of a member is published
	// only in the totals.
	cochair := tx3("الرئاسة المشتركة", "Coprésidence", "Co-chair")
	secretary := tx3("كتابة المنتدى", "Secrétariat du forum", "Forum secretariat")
	member2 := tx3("عضو", "Membre", "Member")
	return []demoMember{
		member("سعاد الإدريسي", gov, f, orgCouncil, cochair),
		member("يوسف البقالي", gov, m, orgUnit, secretary),
		member("نادية الشاوني", gov, f, orgBudget, member2),
		member("عمر الطاهري", gov, m, orgCouncil, member2),
		member("لمياء بنعلي", gov, f, orgUnit, member2),
		member("رشيد المرابط", gov, m, orgBudget, member2),
		member("حنان الوزاني", cs, f, orgImpact, cochair),
		member("مصطفى العلمي", cs, m, orgYouth, cochair),
		member("فاطمة الزهراء الريفي", cs, f, orgWomen, member2),
		member("إلياس أقضاض", cs, m, orgImpact, member2),
		member("خديجة بوزيان", cs, f, orgUAE, member2),
		member("أنس الحمداوي", cs, m, "", member2),
	}
}

// forumMeetings are the forum's meetings during the 2021–2023 plan, every
// three to five months. Attendance never exceeds the seats of a side (six
// each, forumMembers).
func forumMeetings() []forum.Meeting {
	type meeting struct {
		y         int
		m         time.Month
		d         int
		title     i18n.Text
		gov, cs   int
		decisions i18n.Text
	}
	place := tx3("مقر مجلس الجهة، طنجة", "Siège du Conseil régional, Tanger", "Regional council headquarters, Tangier")
	list := []meeting{
		{2021, time.February, 24, tx3("المصادقة على خطة العمل 2021–2023", "Validation du plan d’action 2021–2023", "Validation of the 2021–2023 action plan"), 6, 6,
			tx3("صادق المنتدى على الالتزامات الستة وعلى جدول المتابعة.", "Le forum valide les six engagements et le calendrier de suivi.", "The forum validates the six commitments and the follow-up schedule.")},
		{2021, time.June, 17, tx3("انطلاق التنفيذ وتوزيع المسؤوليات", "Lancement de la mise en œuvre et répartition des rôles", "Start of implementation and division of roles"), 5, 6,
			tx3("تعيين منسق لكل التزام ونشر تحيين للتقدم كل ثلاثة أشهر.", "Un référent par engagement ; un point d’avancement publié chaque trimestre.", "One lead per commitment; a progress update published every quarter.")},
		{2021, time.October, 21, tx3("أول حصيلة للتقدم", "Premier bilan d’avancement", "First progress review"), 6, 5,
			tx3("إضافة مؤشرات للنوع الاجتماعي إلى تتبع الميزانية.", "Ajout d’indicateurs de genre au suivi budgétaire.", "Gender indicators added to budget monitoring.")},
		{2022, time.February, 16, tx3("الميزانية المفتوحة ومنصة البيانات", "Budget ouvert et plateforme de données", "Open budget and data platform"), 5, 6,
			tx3("نشر الميزانية المبسطة للمواطنين قبل نهاية مارس.", "Publier le budget citoyen avant fin mars.", "Publish the citizens’ budget before the end of March.")},
		{2022, time.June, 15, tx3("نتائج الاستشارة العمومية", "Résultats de la consultation publique", "Results of the public consultation"), 6, 6,
			tx3("الرد على كل مقترح بشكل معلل ونشر التقرير.", "Répondre à chaque proposition de façon motivée et publier le rapport.", "Give every proposal a reasoned response and publish the report.")},
		{2022, time.October, 19, tx3("التقييم الذاتي لمنتصف المدة", "Auto-évaluation à mi-parcours", "Mid-term self-assessment"), 5, 6,
			tx3("اعتماد التقييم الذاتي وإحالته على هيئة التتبع المحلية.", "Adoption de l’auto-évaluation, transmise à l’instance locale de suivi.", "Self-assessment adopted and sent to the local monitoring body.")},
		{2023, time.February, 15, tx3("الحق في الحصول على المعلومات", "Droit d’accès à l’information", "Right of access to information"), 6, 5,
			tx3("تكوين المكلفين بالمعلومات في كل المديريات.", "Former les chargés de l’information de toutes les directions.", "Train the information officers of every department.")},
		{2023, time.June, 21, tx3("المشاركة المواطنة والعرائض", "Participation citoyenne et pétitions", "Civic participation and petitions"), 5, 6,
			tx3("تبسيط مسطرة تقديم العرائض على الموقع.", "Simplifier le dépôt des pétitions sur le site.", "Make it simpler to file petitions on the site.")},
		{2023, time.October, 18, tx3("حصيلة الخطة والدروس المستخلصة", "Bilan du plan et leçons apprises", "Review of the plan and lessons learned"), 6, 6,
			tx3("إعداد الخطة المقبلة انطلاقاً من الدروس المستخلصة.", "Préparer le prochain plan à partir des leçons apprises.", "Prepare the next plan from the lessons learned.")},
		{2023, time.December, 13, tx3("إطلاق الإعداد المشترك للخطة المقبلة", "Lancement de la co-création du prochain plan", "Launch of the co-creation of the next plan"), 5, 6,
			tx3("نشر الجدول الزمني للإعداد المشترك قبل شهر من انطلاقه.", "Publier le calendrier de co-création un mois avant son début.", "Publish the co-creation timeline a month before it begins.")},
	}
	out := make([]forum.Meeting, 0, len(list))
	for _, x := range list {
		out = append(out, forum.Meeting{
			StartsAt: local(x.y, x.m, x.d, 10, 0), Timezone: "Africa/Casablanca", Title: x.title, Place: place,
			Agenda: tx3("1. "+x.title[i18n.AR]+"\n2. تتبع الالتزامات\n3. نقط مختلفة",
				"1. "+x.title[i18n.FR]+"\n2. Suivi des engagements\n3. Divers",
				"1. "+x.title[i18n.EN]+"\n2. Follow-up of the commitments\n3. Other business"),
			Minutes: tx3("ناقش الأعضاء الحاضرون، من الإدارة ومن المجتمع المدني، النقط المدرجة في جدول الأعمال، واطلعوا على تقدم كل التزام.",
				"Les membres présents, de l’administration et de la société civile, ont débattu des points inscrits à l’ordre du jour et pris connaissance de l’avancement de chaque engagement.",
				"The members present, from the administration and from civil society, discussed the items on the agenda and reviewed the progress of each commitment."),
			Decisions:            x.decisions,
			AttendanceGovernment: x.gov, AttendanceCivilSociety: x.cs,
		})
	}
	return out
}

const forumRulesAR = `## المهمة
يواكب المنتدى الإعداد المشترك لخطة عمل الحكومة المنفتحة وتنفيذها وتقييمها.

## التركيبة
- مقاعد متساوية للإدارة الجهوية وللمجتمع المدني.
- يسعى كل طرف إلى تمثيل متوازن للنساء والرجال.
- يرأس المنتدى بشكل مشترك ممثل عن كل طرف.

## الاجتماعات
- يجتمع المنتدى مرة كل أربعة أشهر على الأقل.
- يُنشر جدول الأعمال قبل أسبوع، والمحضر والقرارات في غضون شهر.`

const forumRulesFR = `## Mission
Le forum accompagne la co-création, la mise en œuvre et l’évaluation du plan d’action pour un gouvernement ouvert.

## Composition
- Autant de sièges pour l’administration régionale que pour la société civile.
- Chaque collège vise une représentation équilibrée des femmes et des hommes.
- Le forum est coprésidé par un représentant de chaque collège.

## Réunions
- Le forum se réunit au moins tous les quatre mois.
- L’ordre du jour est publié une semaine avant ; le compte rendu et les décisions dans le mois qui suit.`

const forumRulesEN = `## Mission
The forum oversees the co-creation, implementation and assessment of the open government action plan.

## Membership
- As many seats for the regional administration as for civil society.
- Each side aims for a balanced representation of women and men.
- The forum is co-chaired by one representative of each side.

## Meetings
- The forum meets at least every four months.
- The agenda is published a week before; the minutes and decisions within a month.`
