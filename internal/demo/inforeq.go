package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/db"
)

// demoRequest is a request for information and what became of it.
type demoRequest struct {
	body       string // organisation slug
	at         time.Time
	subject    string
	text       string
	form       inforeq.Form
	urgent     string // the urgency's reason, "" when not urgent
	publicName string // shown in the register when set
	steps      []demoStep
}

type demoStep struct {
	at time.Time
	d  inforeq.Decision
}

func casa(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.UTC)
}

// infoRequests are the register's examples: answered in full and in part,
// already published, transferred, refused with its ground, one awaiting a
// clarification and one left unanswered past its deadline. The requesters
// are invented.
func infoRequests() []demoRequest {
	return []demoRequest{
		{body: orgBudget, at: casa(2025, 9, 15, 10), subject: "تنفيذ ميزانية الجهة لسنة 2024",
			text: "أطلب جدول تنفيذ ميزانية الجهة لسنة 2024 حسب الأبواب، الاعتمادات المفتوحة والمنجزة.", form: inforeq.FormElectronic,
			publicName: "Salma El Idrissi",
			steps: []demoStep{{casa(2025, 10, 2, 11), inforeq.Decision{Action: inforeq.ActAnswer,
				Answer: "تجدون رفقته جدول تنفيذ الميزانية لسنة 2024 كما صادق عليه المجلس.", Links: []string{"/documents"}}}}},
		{body: orgCouncil, at: casa(2025, 10, 6, 9), subject: "Marchés d'entretien des routes provinciales",
			text: "Je demande la liste des marchés d'entretien des routes attribués en 2024 et 2025, avec les montants et les titulaires.",
			form: inforeq.FormCopy,
			steps: []demoStep{
				{casa(2025, 10, 29, 15), inforeq.Decision{Action: inforeq.ActExtend, Reason: "Les dossiers de 2024 sont archivés dans trois provinces ; leur réunion demande un délai supplémentaire."}},
				{casa(2025, 11, 20, 10), inforeq.Decision{Action: inforeq.ActPartial, Answer: "La liste des marchés de 2025 est jointe.",
					Reason: "Les marchés de 2024 relèvent de l'Agence d'exécution des projets, qui les détient.", Links: []string{"https://www.marchespublics.gov.ma/"},
					Costs: "Copie papier : 1 dirham la page, 38 pages."}}}},
		{body: orgCouncil, at: casa(2025, 11, 10, 14), subject: "الملفات الإدارية لموظفي مصلحة الموارد البشرية",
			text: "أطلب نسخاً من الملفات الإدارية لموظفي مصلحة الموارد البشرية، بما فيها التقييمات السنوية.", form: inforeq.FormElectronic,
			steps: []demoStep{{casa(2025, 11, 24, 9), inforeq.Decision{Action: inforeq.ActRefuse, Ground: inforeq.GroundException,
				Exception: "private_life", Reason: "تتضمن الملفات الإدارية معطيات شخصية عن الموظفين (الوضعية العائلية، التقييمات، الحالة الصحية)؛ يمكن طلب إحصائيات مجمعة عن الموارد البشرية دون أسماء."}}}},
		{body: orgUnit, at: casa(2025, 12, 1, 11), subject: "Open government action plan progress reports",
			text: "I ask for the progress reports of the open government action plan sent to OGP.", form: inforeq.FormElectronic,
			steps: []demoStep{{casa(2025, 12, 3, 10), inforeq.Decision{Action: inforeq.ActPublished, Links: []string{"/plans"}}}}},
		{body: orgCouncil, at: casa(2025, 12, 8, 10), subject: "جودة مياه الشرب بدوار أولاد علي",
			text: "أطلب نتائج تحاليل جودة مياه الشرب بدوار أولاد علي خلال الأشهر الثلاثة الأخيرة.", form: inforeq.FormElectronic,
			urgent: "أعراض تسمم لدى عدة أطفال بالدوار",
			steps: []demoStep{{casa(2025, 12, 9, 16), inforeq.Decision{Action: inforeq.ActTransfer, Transfer: -1,
				Reason: "التحاليل يجريها المكتب الوطني للكهرباء والماء الصالح للشرب؛ أحيل الطلب إلى مديرية الميزانية والمالية لتتبع الاتفاقية."}}}},
		{body: orgBudget, at: casa(2026, 1, 5, 10), subject: "Subventions aux associations en 2025",
			text: "Je demande la liste des subventions versées aux associations en 2025.", form: inforeq.FormElectronic,
			steps: []demoStep{{casa(2026, 1, 12, 10), inforeq.Decision{Action: inforeq.ActAsk, Reason: "S'agit-il des subventions de fonctionnement, des subventions de projets, ou des deux ?"}}}},
		// Never answered: the register flags it as overdue.
		{body: orgCouncil, at: casa(2025, 11, 3, 10), subject: "محاضر دورات لجنة المالية لسنة 2025",
			text: "أطلب محاضر اجتماعات لجنة المالية والبرمجة خلال سنة 2025.", form: inforeq.FormConsultation},
	}
}

// loadInfoRequests makes the council and two of its services accept
// requests and adds the register's examples.
func loadInfoRequests(ctx context.Context, tx *db.Tx, siteID int64, orgs *orgIndex) error {
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		loc = time.UTC
	}
	for _, b := range []struct{ slug, title string }{
		{orgCouncil, "رئيسة مصلحة التواصل والعلاقات العامة"},
		{orgUnit, "منسق خلية الحكومة المنفتحة"},
		{orgBudget, "رئيس قسم الميزانية"},
	} {
		if err := inforeq.SetBody(ctx, tx, siteID, orgs.refs[b.slug].ID, 0, b.title); err != nil {
			return err
		}
	}
	for i, dr := range infoRequests() {
		r := &inforeq.Request{SiteID: siteID, OrganisationID: orgs.refs[dr.body].ID, Locale: "ar", Subject: dr.subject, Body: dr.text,
			Form: dr.form, Urgent: dr.urgent != "", UrgencyReason: dr.urgent, PublicName: dr.publicName}
		id := inforeq.Identity{Name: fmt.Sprintf("Demo requester %d", i+1), IDNumber: fmt.Sprintf("K%06d", 100+i),
			Address: "Tanger", Email: fmt.Sprintf("requester%d@example.invalid", i+1)}
		if dr.publicName != "" {
			id.Name = dr.publicName
		}
		if err := inforeq.Submit(ctx, tx, r, id, dr.at, loc); err != nil {
			return fmt.Errorf("request %q: %w", dr.subject, err)
		}
		for _, s := range dr.steps {
			d := s.d
			if d.Transfer < 0 {
				d.Transfer = orgs.refs[orgBudget].ID
			}
			if _, err := inforeq.Act(ctx, tx, r, d, 0, s.at, loc); err != nil {
				return fmt.Errorf("request %q, %s: %w", dr.subject, d.Action, err)
			}
		}
	}
	return nil
}
