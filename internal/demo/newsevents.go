package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
)

// loadNewsEvents adds the demo's news posts and events that the site lacks
// (found by slug), so that a demo loaded before they existed gets them on
// the next start, and a second run adds nothing. It reports whether it added
// anything.
func loadNewsEvents(ctx context.Context, tx *db.Tx, siteID int64) (bool, error) {
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
	org := func(slugs ...string) ([]event.OrgRef, error) {
		var out []event.OrgRef
		for _, s := range slugs {
			id, ok := orgs[s]
			if !ok {
				return nil, fmt.Errorf("unknown organisation %q", s)
			}
			out = append(out, event.OrgRef{ID: id})
		}
		return out, nil
	}
	added := false
	for _, e := range demoEvents() {
		switch _, err := event.BySlug(ctx, tx, siteID, e.ev.Slug); {
		case err == nil:
			continue
		case !errors.Is(err, db.ErrNotFound):
			return false, err
		}
		ev := e.ev
		ev.SiteID = siteID
		if ev.Organisers, err = org(e.organisers...); err != nil {
			return false, err
		}
		if ev.Partners, err = org(e.partners...); err != nil {
			return false, err
		}
		if err := event.Create(ctx, tx, &ev); err != nil {
			return false, fmt.Errorf("event %s: %w", ev.Slug, err)
		}
		added = true
	}
	for _, p := range demoPosts() {
		switch _, err := news.PostBySlug(ctx, tx, siteID, p.post.Slug); {
		case err == nil:
			continue
		case !errors.Is(err, db.ErrNotFound):
			return false, err
		}
		post := p.post
		post.SiteID = siteID
		for _, ref := range p.commitments {
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM commitments WHERE site_id = ? AND ref = ?`, siteID, ref).Scan(&id); err != nil {
				return false, fmt.Errorf("post %s: commitment %s: %w", post.Slug, ref, db.NotFound(err))
			}
			post.Commitments = append(post.Commitments, news.CommitmentRef{ID: id})
		}
		if err := news.Create(ctx, tx, &post); err != nil {
			return false, fmt.Errorf("post %s: %w", post.Slug, err)
		}
		added = true
	}
	return added, nil
}

var casablanca = func() *time.Location {
	if loc, err := time.LoadLocation("Africa/Casablanca"); err == nil {
		return loc
	}
	return time.FixedZone("+01", 3600)
}()

// local is a time in Casablanca, as an instant.
func local(y int, m time.Month, d, h, min int) db.Timestamp {
	return db.Timestamp{Time: time.Date(y, m, d, h, min, 0, 0, casablanca).UTC()}
}

type demoEvent struct {
	ev                   event.Event
	organisers, partners []string
}

func demoEvents() []demoEvent {
	return []demoEvent{
		{
			ev: event.Event{
				Slug: "open-smart-regions-forum-2020", Kind: event.Forum, Timezone: "Africa/Casablanca",
				Title: tx3("المنتدى الرقمي «جهات منفتحة وذكية»", "Forum numérique « Régions ouvertes et intelligentes »", "Online forum “Open and Smart Regions”"),
				Description: tx3(
					"لقاء عن بعد يجمع السلطات الجهوية والمجتمع المدني والجامعات والمنظمات الدولية حول سؤال واحد: كيف تلتقي سياسات الانفتاح وسياسات الجهات الذكية؟ يتقاسم المشاركون تجارب دولية، وتعرض جهة طنجة تطوان الحسيمة مسارها منذ انضمامها إلى الشراكة من أجل الحكومة المنفتحة في أكتوبر 2020.",
					"Une rencontre en ligne entre autorités régionales, société civile, universités et organisations internationales autour d’une question : comment faire converger les politiques d’ouverture et celles des régions intelligentes ? Les participants partagent des expériences internationales, et la Région Tanger-Tétouan-Al Hoceïma présente son parcours depuis son adhésion au Partenariat pour un gouvernement ouvert en octobre 2020.",
					"An online meeting of regional authorities, civil society, universities and international organisations around one question: how can openness policies and smart-region policies converge? Participants share international experience, and the Tangier-Tetouan-Al Hoceima Region presents its path since it joined the Open Government Partnership in October 2020."),
				StartsAt: local(2020, time.November, 20, 10, 0), EndsAt: local(2020, time.November, 20, 13, 0),
				Place: tx3("عن بعد (ندوة عبر الفيديو)", "En ligne (visioconférence)", "Online (video conference)"),
				Agenda: tx3(
					"1. كلمات الافتتاح\n2. تجربة جهة طنجة تطوان الحسيمة مع الحكومة المنفتحة\n3. تجارب دولية في الانفتاح والذكاء\n4. مداخلات الجامعات والمجتمع المدني\n5. نقاش وخلاصات",
					"1. Ouverture\n2. L’expérience de la Région Tanger-Tétouan-Al Hoceïma en matière de gouvernement ouvert\n3. Expériences internationales d’ouverture et d’intelligence territoriale\n4. Interventions des universités et de la société civile\n5. Débat et conclusions",
					"1. Opening\n2. The Tangier-Tetouan-Al Hoceima Region’s open-government experience\n3. International experience of openness and smart regions\n4. Universities and civil society\n5. Discussion and conclusions"),
				Minutes: tx3(
					"**أبرز الخلاصات**\n\n- اعتبرت رئيسة المجلس أن الانضمام إلى المبادرة امتداد لتوصيات المناظرة الوطنية الأولى حول الجهوية المتقدمة (أكادير، دجنبر 2019) بشأن تحديث الإدارة وتقوية كفاءاتها.\n- ستعتمد الجهة خطة عمل جهوية للحكومة المنفتحة للفترة 2021–2023، بشراكة وثيقة مع المجتمع المدني.\n- دعا المشاركون إلى تبادل الخبرات بين مختلف الفاعلين لتسريع ورش الانفتاح والرقمنة.",
					"**Principales conclusions**\n\n- La présidente du conseil a présenté l’adhésion à l’initiative comme un prolongement des recommandations des premières assises nationales de la régionalisation avancée (Agadir, décembre 2019) sur la modernisation de l’administration et le renforcement de ses compétences.\n- La Région adoptera un plan d’action régional de gouvernement ouvert pour 2021–2023, en partenariat étroit avec la société civile.\n- Les participants ont appelé à échanger les expériences entre tous les acteurs pour faire avancer l’ouverture et la transformation numérique.",
					"**Main conclusions**\n\n- The council’s president presented joining the initiative as a follow-up to the recommendations of the first national conference on advanced regionalisation (Agadir, December 2019) on modernising the administration and building its skills.\n- The Region will adopt a regional open-government action plan for 2021–2023, in close partnership with civil society.\n- Participants called for all actors to share experience so that openness and digital transformation move faster."),
				Speakers: []event.Speaker{
					{Name: "Fatima El Hassani — فاطمة الحساني", Role: tx3("رئيسة مجلس جهة طنجة تطوان الحسيمة", "Présidente du conseil de la Région Tanger-Tétouan-Al Hoceïma", "President of the Tangier-Tetouan-Al Hoceima regional council")},
				},
			},
			organisers: []string{orgImpact},
			partners:   []string{orgADN, orgOECD, orgNDI},
		},
		{
			ev: event.Event{
				Slug: "co-creation-workshop-2021", Kind: event.Workshop, Timezone: "Africa/Casablanca",
				Title: tx3("ورشة الإعداد التشاركي لخطة العمل الجهوية", "Atelier de co-création du plan d’action régional", "Co-creation workshop for the regional action plan"),
				Description: tx3(
					"ورشة مفتوحة لمناقشة مقترحات الالتزامات مع الجمعيات والجامعة ومصالح الجهة، واختيار ما يدرج منها في خطة العمل.",
					"Un atelier ouvert pour discuter des propositions d’engagements avec les associations, l’université et les services de la Région, et choisir celles qui entreront dans le plan d’action.",
					"An open workshop to discuss proposed commitments with associations, the university and the Region’s services, and choose those that go into the action plan."),
				StartsAt: local(2021, time.February, 3, 9, 30), EndsAt: local(2021, time.February, 3, 16, 0),
				Place: tx3("طنجة، مقر مجلس الجهة", "Tanger, siège du conseil régional", "Tangier, regional council headquarters"),
				Minutes: tx3("ناقش المشاركون 23 مقترحاً، واحتفظوا بستة التزامات رفعت إلى المجلس.", "Les participants ont examiné 23 propositions et retenu six engagements soumis au conseil.",
					"Participants reviewed 23 proposals and kept six commitments, submitted to the council."),
				Registration: true, Capacity: 80,
			},
			organisers: []string{orgCouncil, orgUnit},
			partners:   []string{orgYouth, orgWomen, orgUAE},
		},
		{
			ev: event.Event{
				Slug: "open-data-training-2021", Kind: event.Training, Timezone: "Africa/Casablanca",
				Title: tx3("دورة تكوينية حول البيانات المفتوحة لفائدة الجمعيات", "Formation aux données ouvertes pour les associations", "Open-data training for associations"),
				Description: tx3("يوم تكويني لقراءة ميزانية الجهة وبياناتها المفتوحة واستعمالها في التتبع والمساءلة.",
					"Une journée pour lire le budget de la Région et ses données ouvertes, et s’en servir pour le suivi et la redevabilité.",
					"A day to read the Region’s budget and open data, and use them to follow up and hold to account."),
				StartsAt: local(2021, time.June, 10, 9, 0), EndsAt: local(2021, time.June, 10, 17, 0),
				Place:        tx3("تطوان، كلية العلوم القانونية والاقتصادية والاجتماعية", "Tétouan, faculté des sciences juridiques, économiques et sociales", "Tetouan, faculty of law, economics and social sciences"),
				Registration: true, Capacity: 30,
			},
			organisers: []string{orgBudget},
			partners:   []string{orgUAE},
		},
		{
			ev: event.Event{
				Slug: "multi-stakeholder-forum-2027", Kind: event.Forum, Timezone: "Africa/Casablanca",
				Title: tx3("المنتدى متعدد الأطراف: حصيلة خطة العمل", "Forum multi-acteurs : bilan du plan d’action", "Multi-stakeholder forum: taking stock of the action plan"),
				Description: tx3("يجتمع أعضاء المنتدى من الإدارة والمجتمع المدني لتقييم تقدم الالتزامات والتحضير لخطة العمل المقبلة. التسجيل مفتوح للعموم في حدود المقاعد المتوفرة.",
					"Les membres du forum, administration et société civile, font le point sur les engagements et préparent le prochain plan d’action. Inscription ouverte au public dans la limite des places.",
					"The forum’s members from government and civil society review the commitments and prepare the next action plan. Open to the public while places last."),
				StartsAt: local(2027, time.March, 10, 9, 30), EndsAt: local(2027, time.March, 10, 13, 0),
				Place:        tx3("الحسيمة، قاعة الاجتماعات الكبرى", "Al Hoceïma, grande salle de réunion", "Al Hoceima, main meeting hall"),
				OnlineURL:    "https://example.org/live/forum-2027",
				Registration: true, Capacity: 60, Deadline: local(2027, time.March, 8, 18, 0),
			},
			organisers: []string{orgCouncil},
			partners:   []string{orgImpact, orgOGP},
		},
	}
}

type demoPost struct {
	post        news.Post
	commitments []string
}

func demoPosts() []demoPost {
	return []demoPost{
		{
			post: news.Post{
				Slug:  "region-joins-ogp-local",
				Title: tx3("جهة طنجة تطوان الحسيمة تنضم إلى الشراكة من أجل الحكومة المنفتحة", "La Région Tanger-Tétouan-Al Hoceïma rejoint le Partenariat pour un gouvernement ouvert", "The Tangier-Tetouan-Al Hoceima Region joins the Open Government Partnership"),
				Summary: tx3("أصبح مجلس الجهة عضواً رسمياً في برنامج الشراكة على المستوى المحلي.", "Le conseil régional devient membre officiel du programme local du Partenariat.",
					"The regional council is now an official member of the Partnership’s local programme."),
				Body: tx3(
					"انضم مجلس الجهة رسمياً في أكتوبر 2020 إلى البرنامج المحلي للشراكة من أجل الحكومة المنفتحة. ويلتزم المجلس بموجب ذلك بإعداد خطة عمل مع المجتمع المدني، ونشر تقدم تنفيذها، وإخضاعها لتقييم مستقل.\n\nتتيح هذه المنصة تتبع كل التزام ومراحله ووثائقه.",
					"Le conseil régional a rejoint officiellement en octobre 2020 le programme local du Partenariat pour un gouvernement ouvert. Il s’engage ainsi à élaborer un plan d’action avec la société civile, à publier l’état de sa mise en œuvre et à le soumettre à une évaluation indépendante.\n\nCette plateforme permet de suivre chaque engagement, ses étapes et ses documents.",
					"In October 2020 the regional council officially joined the Open Government Partnership’s local programme. It thereby undertakes to write an action plan with civil society, publish how it is carried out and have it assessed independently.\n\nThis platform follows each commitment, its milestones and its documents."),
				Byline: "فريق التواصل بالجهة", Tags: []string{"الحكومة-المنفتحة", "ogp"},
				PublishedAt: local(2020, time.October, 30, 11, 0), CommentsOpen: true,
			},
		},
		{
			post: news.Post{
				Slug:  "open-smart-regions-forum",
				Title: tx3("منتدى «جهات منفتحة وذكية»: المجتمع المدني في قلب خطة العمل الجهوية", "Forum « Régions ouvertes et intelligentes » : la société civile au cœur du plan d’action régional", "“Open and Smart Regions” forum: civil society at the heart of the regional action plan"),
				Summary: tx3("عرضت الجهة تجربتها مع الحكومة المنفتحة خلال منتدى رقمي نظم يوم 20 نونبر 2020.", "La Région a présenté son expérience du gouvernement ouvert lors d’un forum numérique tenu le 20 novembre 2020.",
					"The Region presented its open-government experience at an online forum held on 20 November 2020."),
				Body: tx3(
					"احتضن الفضاء الرقمي يوم الجمعة 20 نونبر 2020 منتدى «جهات منفتحة وذكية»، الذي نظمته جمعية إمباكت للتنمية بشراكة مع الشبكة العربية الرقمية ومنظمة التعاون والتنمية الاقتصادية والمعهد الديمقراطي الوطني.\n\nوشكل اللقاء مناسبة لعرض مسار الجهة منذ انضمامها إلى الشراكة من أجل الحكومة المنفتحة. وأكدت رئيسة المجلس أن خطة العمل الجهوية 2021–2023 لن تنجح إلا بشراكة حقيقية مع المجتمع المدني، وأن المجلس مستعد للانفتاح أكثر على المواطنات والمواطنين وتحسين الخدمات المقدمة لهم.\n\nوتدخل في المنتدى ممثلون عن الحكومة والبرلمان والجامعات والمنظمات الدولية والجمعيات.",
					"Le vendredi 20 novembre 2020 s’est tenu en ligne le forum « Régions ouvertes et intelligentes », organisé par l’association Impact pour le développement en partenariat avec le Réseau numérique arabe, l’OCDE et le National Democratic Institute.\n\nLa rencontre a permis de présenter le parcours de la Région depuis son adhésion au Partenariat pour un gouvernement ouvert. La présidente du conseil a souligné que le plan d’action régional 2021–2023 ne réussira qu’avec un vrai partenariat avec la société civile, et que le conseil est prêt à s’ouvrir davantage aux citoyennes et aux citoyens et à améliorer ses services.\n\nDes représentants du gouvernement, du Parlement, des universités, des organisations internationales et des associations sont intervenus.",
					"On Friday 20 November 2020 the “Open and Smart Regions” forum was held online, organised by the Impact association for development with the Arab Digital Network, the OECD and the National Democratic Institute.\n\nThe meeting presented the Region’s path since it joined the Open Government Partnership. The council’s president stressed that the 2021–2023 regional action plan will succeed only through a real partnership with civil society, and that the council is ready to open up further to citizens and improve its services.\n\nSpeakers came from the government, Parliament, universities, international organisations and associations."),
				Byline: "فريق التواصل بالجهة", Tags: []string{"منتدى", "الحكومة-المنفتحة", "forum"},
				PublishedAt: local(2020, time.November, 21, 10, 0), CommentsOpen: true,
			},
			commitments: []string{"TTA-05"},
		},
		{
			post: news.Post{
				Slug:    "citizen-budget-published",
				Title:   tx3("نشر أول ميزانية للمواطن للجهة", "Publication du premier budget citoyen de la Région", "The Region publishes its first citizen budget"),
				Summary: tx3("وثيقة مبسطة تشرح موارد الجهة ونفقاتها.", "Un document simple qui explique les recettes et les dépenses de la Région.", "A plain document explaining the Region’s income and spending."),
				Body: tx3(
					"نشرت الجهة أول ميزانية للمواطن، تشرح بلغة بسيطة من أين تأتي الموارد وفيم تنفق. وقد أعدت الوثيقة بعد ورشات مع الجمعيات، وهي متاحة للتحميل مع البيانات المفصلة.",
					"La Région publie son premier budget citoyen, qui explique simplement d’où viennent les ressources et à quoi elles servent. Le document a été préparé avec des associations lors d’ateliers ; il est téléchargeable avec les données détaillées.",
					"The Region has published its first citizen budget, explaining in plain words where its money comes from and what it is spent on. It was prepared in workshops with associations and can be downloaded with the detailed data."),
				Byline: "فريق التواصل بالجهة", Tags: []string{"الميزانية", "budget"},
				PublishedAt: local(2022, time.February, 14, 10, 0), CommentsOpen: true,
			},
			commitments: []string{"TTA-02"},
		},
	}
}
