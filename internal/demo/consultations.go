package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The co-creation of the plan: the closed consultation on its draft (the
// open call for proposals of December 2020), with the proposals of citizens
// and associations and the council's reasoned responses; and a consultation
// open now on the digital participation space (TTA-04).

// participant is a fictional person who took part. Demo accounts cannot sign
// in: their password hash is not a hash.
type participant struct {
	name string
	org  string // slug of a verified organisation they are a member of, or ""
}

var participants = []participant{
	{name: "سلمى الإدريسي"},
	{name: "Youssef Benali"},
	{name: "نوال أمزيان", org: orgImpact},
	{name: "Karim El Ouazzani"},
	{name: "هشام التطواني", org: orgADN},
	{name: "فاطمة الزهراء الريفي"},
	{name: "Amine Chraibi"},
	{name: "مريم بنعيسى"},
}

// proposalSeed is a proposal of the demo with its response.
type proposalSeed struct {
	by       int  // index in participants
	asOrg    bool // sent on behalf of the participant's organisation
	kind     consult.Kind
	title    string // as its author wrote it, in their language
	body     string
	on       db.Timestamp
	outcome  consult.Outcome // "" for none yet
	merged   string          // commitment ref for consult.Merged
	reason   i18n.Text
	answered db.Timestamp
	backers  []int // participants who support it
}

func at(y int, m time.Month, d, h int) db.Timestamp {
	return db.Timestamp{Time: time.Date(y, m, d, h, 0, 0, 0, time.UTC)}
}

// responder is how the council signs its responses.
const responder = "خلية الحكومة المنفتحة — Cellule gouvernement ouvert"

func draftConsultationProposals() []proposalSeed {
	answered := at(2021, time.February, 18, 10)
	return []proposalSeed{
		{by: 0, kind: consult.NewCommitment, on: at(2020, time.December, 3, 9),
			title:   "ميزانية مبسطة يفهمها المواطن",
			body:    "وثيقة الميزانية التي ينشرها المجلس طويلة وتقنية. نقترح أن تنشر الجهة كل سنة ميزانية مبسطة بالعربية والفرنسية، مع رسوم بيانية تشرح من أين تأتي الموارد وأين تصرف.\n\nويمكن تقديمها في لقاءات عمومية في الأقاليم.",
			outcome: consult.Accepted, answered: answered, backers: []int{1, 3, 5, 6},
			reason: tx3("أصبح هذا المقترح الالتزام TTA-02: ستُنشر ميزانية المواطن كل سنة بالعربية والفرنسية، وتقدم في جلسات عمومية في العمالات والأقاليم.",
				"Cette proposition est devenue l’engagement TTA-02 : un budget citoyen sera publié chaque année en arabe et en français, et présenté lors de séances publiques dans les préfectures et provinces.",
				"This proposal became commitment TTA-02: a citizen budget will be published every year in Arabic and French and presented at public sessions in the prefectures and provinces.")},
		{by: 2, asOrg: true, kind: consult.NewCommitment, on: at(2020, time.December, 7, 14),
			title:   "Un guichet et un registre pour les demandes d’accès à l’information",
			body:    "La loi 31.13 s’applique à la Région, mais peu de citoyens savent à qui adresser leur demande. Nous proposons un guichet identifié, une procédure publiée et un registre public des demandes et des délais de réponse.",
			outcome: consult.Accepted, answered: answered, backers: []int{0, 4, 7},
			reason: tx3("مقبول: يشكل أساس الالتزام TTA-03 الذي يعين مسؤولا عن المعلومات، وينشر المسطرة، ويصدر تقريرا عموميا عن الطلبات وآجال الرد.",
				"Retenue : elle fonde l’engagement TTA-03, qui désigne un responsable de l’information, publie la procédure et produit un rapport public sur les demandes et les délais de réponse.",
				"Accepted: it is the basis of commitment TTA-03, which appoints an information officer, publishes the procedure and issues a public report on requests and response times.")},
		{by: 5, kind: consult.NewCommitment, on: at(2020, time.December, 9, 11),
			title:   "برامج الجهة للنساء والأشخاص في وضعية إعاقة",
			body:    "لا تصل برامج الجهة بالقدر نفسه إلى النساء في العالم القروي وإلى الأشخاص في وضعية إعاقة. نقترح إطارا مرجعيا للمساواة يطبق على كل المشاريع، مع مؤشرات للتتبع.",
			outcome: consult.Accepted, answered: answered, backers: []int{0, 7},
			reason: tx3("مقبول: يصبح الالتزام TTA-01، استراتيجية جهوية للمساواة والإدماج الاجتماعي تعد مع الجامعة والجمعيات ويصادق عليها المجلس.",
				"Retenue : elle devient l’engagement TTA-01, une stratégie régionale d’égalité et d’inclusion sociale élaborée avec l’université et les associations, puis votée par le Conseil.",
				"Accepted: it becomes commitment TTA-01, a regional strategy for equality and social inclusion drawn up with the university and associations, then voted by the council.")},
		{by: 1, kind: consult.General, on: at(2020, time.December, 12, 18),
			title:   "Déposer des pétitions en ligne",
			body:    "Aujourd’hui, une pétition au Conseil régional se dépose sur papier, avec les copies des cartes d’identité. Une plateforme en ligne permettrait de la préparer, de recueillir les signatures et de suivre sa réponse.",
			outcome: consult.PartlyAccepted, answered: answered, backers: []int{3, 6},
			reason: tx3("مقبول جزئيا: سيتيح الفضاء الرقمي (TTA-04) إعداد العرائض وتتبع مآلها. أما جمع التوقيعات إلكترونيا فيتطلب إطارا قانونيا لم يصدر بعد، ولن يدرج في هذه الخطة.",
				"Retenue en partie : l’espace numérique (TTA-04) permettra de préparer une pétition et d’en suivre le sort. La signature électronique des pétitions demande un cadre juridique qui n’existe pas encore ; elle n’entre pas dans ce plan.",
				"Partly accepted: the digital space (TTA-04) will let people prepare a petition and follow what becomes of it. Collecting signatures online needs a legal framework that does not exist yet, so it is not part of this plan.")},
		{by: 4, asOrg: true, kind: consult.Amendment, on: at(2020, time.December, 15, 10),
			title:   "نشر معطيات الصفقات العمومية للجهة",
			body:    "نقترح أن تنشر الجهة معطيات صفقاتها العمومية (موضوع الصفقة، المبلغ، الشركة النائلة، آجال التنفيذ) في صيغة مفتوحة قابلة لإعادة الاستعمال.",
			outcome: consult.Merged, merged: "TTA-06", answered: answered, backers: []int{1, 2},
			reason: tx3("أدمج في الالتزام TTA-06: ستكون معطيات الصفقات العمومية من أولى المجموعات المنشورة في البوابة الجهوية للبيانات المفتوحة.",
				"Intégrée à l’engagement TTA-06 : les données des marchés publics seront parmi les premiers jeux publiés sur le portail régional de données ouvertes.",
				"Merged into commitment TTA-06: public procurement data will be among the first datasets published on the regional open-data portal.")},
		{by: 7, kind: consult.General, on: at(2020, time.December, 18, 20),
			title:   "بث دورات المجلس مباشرة",
			body:    "لا يستطيع أغلب السكان حضور دورات المجلس في طنجة. نقترح بثها مباشرة على الإنترنت ونشر التسجيلات وجدول الأعمال قبل كل دورة.",
			outcome: consult.Accepted, answered: answered, backers: []int{0, 1, 3, 5},
			reason: tx3("مقبول: يندرج البث المباشر لدورات المجلس ونشر جدول الأعمال مسبقا ضمن الالتزام TTA-05 للتواصل.",
				"Retenue : la retransmission en direct des sessions et la publication préalable de l’ordre du jour font partie de l’engagement TTA-05 sur la communication.",
				"Accepted: live broadcasting of council sessions and publishing the agenda beforehand are part of commitment TTA-05 on communication.")},
		{by: 3, kind: consult.General, on: at(2020, time.December, 21, 16),
			title:   "Gratuité du stationnement en centre-ville",
			body:    "Le stationnement payant au centre de Tanger pèse sur les familles. Je propose que le plan prévoie sa gratuité le week-end.",
			outcome: consult.NotAccepted, answered: answered, backers: []int{6},
			reason: tx3("غير مقبول: تنظيم الوقوف في الشوارع من اختصاص الجماعات وليس الجهة، وهو لا يتعلق بالشفافية أو المشاركة أو المساءلة. أحلنا المقترح على جماعة طنجة.",
				"Non retenue : le stationnement relève des communes, non de la Région, et ne touche ni à la transparence, ni à la participation, ni à la redevabilité. La proposition a été transmise à la commune de Tanger.",
				"Not accepted: street parking is a matter for the communes, not the Region, and it concerns neither transparency, participation nor accountability. The proposal was passed on to the commune of Tangier.")},
		{by: 6, kind: consult.NewCommitment, on: at(2020, time.December, 22, 9),
			title:   "Un conseil régional des jeunes",
			body:    "Je propose un conseil consultatif des jeunes, élu dans les lycées et les universités, qui donnerait son avis sur les programmes de la Région.",
			outcome: consult.WithdrawnByUser, answered: at(2020, time.December, 28, 12)},
	}
}

func openConsultationProposals(now time.Time) []proposalSeed {
	ts := func(daysAgo int) db.Timestamp {
		return db.Timestamp{Time: now.AddDate(0, 0, -daysAgo).Truncate(time.Hour)}
	}
	return []proposalSeed{
		{by: 1, kind: consult.Amendment, on: ts(4),
			title:   "Une version accessible aux personnes aveugles",
			body:    "L’espace numérique doit être utilisable avec un lecteur d’écran, en arabe comme en français, et testé avec des associations de personnes aveugles avant son lancement.",
			backers: []int{0, 5}},
		{by: 2, asOrg: true, kind: consult.Amendment, on: ts(2),
			title:   "إشعار الجمعيات بمآل مقترحاتها",
			body:    "نقترح أن يتلقى صاحب كل مقترح إشعارا عندما تنشر الجهة ردها، وأن يعرض الفضاء عدد المقترحات التي تبنتها الجهة في كل سنة.",
			backers: []int{4}},
	}
}

// loadConsultations creates the demo participants and both consultations.
func loadConsultations(ctx context.Context, tx *db.Tx, siteID, planID int64, refs map[string]int64, orgs *orgIndex) error {
	users := make([]int64, len(participants))
	for i, p := range participants {
		u := &account.UserRecord{SiteID: siteID, Email: fmt.Sprintf("participant-%d@demo.invalid", i+1), Name: p.name,
			PasswordHash: "!demo: no sign-in", Role: auth.Citizen, Locale: i18n.AR}
		if p.org != "" {
			u.Role = auth.Member
		}
		if err := account.CreateUser(ctx, tx, u); err != nil {
			return err
		}
		users[i] = u.ID
		if p.org != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organisation_id, status, created_at, decided_at)
				VALUES (?, ?, 'active', ?, ?)`, u.ID, orgs.ref(p.org).ID, db.Timestamp{Time: tx.Now()}, db.Timestamp{Time: tx.Now()}); err != nil {
				return err
			}
		}
	}

	closed := &consult.Consultation{SiteID: siteID, PlanID: &planID,
		Title: tx3("دعوة مفتوحة لتقديم المقترحات حول مشروع خطة العمل 2021–2023",
			"Appel ouvert à propositions sur le projet de plan d’action 2021–2023",
			"Open call for proposals on the draft action plan 2021–2023"),
		Description: tx3(
			"يعد مجلس الجهة أول خطة عمل للحكومة المنفتحة. قبل صياغة الالتزامات، ندعو المواطنين والجمعيات إلى اقتراح التزامات جديدة وإبداء آرائهم. سيحظى كل مقترح برد معلل ينشر في هذه الصفحة.",
			"Le Conseil régional prépare son premier plan d’action pour un gouvernement ouvert. Avant de rédiger les engagements, il invite citoyens et associations à proposer de nouveaux engagements et à donner leur avis. Chaque proposition recevra une réponse motivée, publiée sur cette page.",
			"The regional council is preparing its first open-government action plan. Before the commitments are drafted, citizens and associations are invited to propose new commitments and give their views. Every proposal will receive a reasoned response, published on this page."),
		Kinds:   []consult.Kind{consult.NewCommitment, consult.Amendment, consult.General},
		OpensAt: at(2020, time.December, 1, 8), ClosesAt: at(2020, time.December, 31, 22),
		PublishedAt: at(2020, time.November, 23, 9), ClosedAt: at(2021, time.February, 20, 9),
		Documents: []consult.Document{
			{Title: tx3("الجدول الزمني للإعداد المشترك", "Calendrier de co-création", "Co-creation timeline"),
				URL: "https://www.opengovpartnership.org/ogp-local/"},
			{Title: tx3("دليل الشراكة من أجل الحكومة المنفتحة المحلي", "Guide du programme OGP Local", "OGP Local handbook"),
				URL: "https://www.opengovpartnership.org/ogp-local-handbook/"},
		},
	}
	if err := addConsultation(ctx, tx, closed, draftConsultationProposals(), users, refs, orgs); err != nil {
		return err
	}

	now := tx.Now()
	tta04, ok := refs["TTA-04"]
	if !ok {
		return fmt.Errorf("no commitment TTA-04")
	}
	open := &consult.Consultation{SiteID: siteID, CommitmentID: &tta04,
		Title: tx3("كيف تريدون أن يكون الفضاء الرقمي للمشاركة؟",
			"Quel espace numérique de participation voulez-vous ?",
			"What should the digital participation space look like?"),
		Description: tx3(
			"نطور الفضاء الرقمي لمشاركة المواطنين والجمعيات (الالتزام TTA-04). اقترحوا تعديلات على ما يتضمنه وكيف يعمل، قبل تجربته مع مجموعة من المستعملين.",
			"Nous développons l’espace numérique de participation des citoyens et des associations (engagement TTA-04). Proposez des amendements sur son contenu et son fonctionnement, avant les tests avec un groupe d’usagers.",
			"We are building the digital space for the participation of citizens and associations (commitment TTA-04). Propose amendments to what it offers and how it works, before it is tested with a group of users."),
		Kinds:       []consult.Kind{consult.Amendment, consult.General},
		OpensAt:     db.Timestamp{Time: now.AddDate(0, 0, -7).Truncate(time.Hour)},
		ClosesAt:    db.Timestamp{Time: now.AddDate(0, 3, 0).Truncate(time.Hour)},
		PublishedAt: db.Timestamp{Time: now.AddDate(0, 0, -8).Truncate(time.Hour)},
		Documents: []consult.Document{{Title: tx3("دراسة حاجيات المستعملين (مثال)", "Étude des besoins des usagers (exemple)", "User needs study (example)"),
			URL: "https://www.opengovpartnership.org/"}},
	}
	return addConsultation(ctx, tx, open, openConsultationProposals(now), users, refs, orgs)
}

func addConsultation(ctx context.Context, tx *db.Tx, c *consult.Consultation, seeds []proposalSeed, users []int64, refs map[string]int64, orgs *orgIndex) error {
	if err := consult.CreateConsultation(ctx, tx, c); err != nil {
		return err
	}
	for _, s := range seeds {
		p := &consult.Proposal{SiteID: c.SiteID, ConsultationID: c.ID, AuthorID: users[s.by], Kind: s.kind,
			Title: s.title, Body: s.body, CreatedAt: s.on}
		if s.asOrg {
			id := orgs.ref(participants[s.by].org).ID
			p.OrganisationID = &id
		}
		if err := consult.AddProposal(ctx, tx, p); err != nil {
			return err
		}
		for _, b := range s.backers {
			if err := consult.AddSupport(ctx, tx, p.ID, users[b]); err != nil {
				return err
			}
		}
		if s.outcome == "" {
			continue
		}
		r := &consult.Response{Outcome: s.outcome, Reason: s.reason, RespondedAt: s.answered}
		if s.outcome != consult.WithdrawnByUser {
			r.ResponderName = responder
		}
		if s.merged != "" {
			id, ok := refs[s.merged]
			if !ok {
				return fmt.Errorf("no commitment %s", s.merged)
			}
			r.CommitmentID = &id
		}
		if err := consult.SetResponse(ctx, tx, p.ID, r); err != nil {
			return err
		}
	}
	return nil
}
