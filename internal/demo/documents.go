package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The demo's stored documents: one-page PDFs generated at load time
// (pdf.go), stored and attached the way the administration attaches an
// upload, so that the document repository (/documents) has something to
// list and the plan meets its requirement of a document at least every six
// months of 2021–2023. Their dates are those of what they are attached to:
//
//	2020-11-20  event "Open and Smart Regions": its minutes
//	2020-12-01  consultation on the draft plan: its background note
//	2021-02-24  forum meeting validating the plan: the action plan
//	2021-07-20  TTA-02 update: the citizen budget 2021 (evidence)
//	2021-12-20  TTA-03 update: the directory of available documents (evidence)
//	2022-06-15  forum meeting: its minutes
//	2022-10-19  forum meeting: the mid-term self-assessment
//	2023-02-06  TTA-02 update: the Q4 2022 execution report (evidence)
//	2023-06-21  forum meeting: its minutes
//	2023-10-18  forum meeting: the review of the plan

// Keys of the demo documents.
const (
	docForumMinutes2020 = "forum-minutes-2020"
	docDraftPlanNote    = "draft-plan-note"
	docActionPlan       = "action-plan"
	docCitizenBudget    = "citizen-budget-2021"
	docDirectory        = "documents-directory"
	docMinutes2022      = "forum-minutes-2022-06"
	docSelfAssessment   = "self-assessment-2022"
	docExecutionReport  = "execution-report-2022-q4"
	docMinutes2023      = "forum-minutes-2023-06"
	docReviewOfThePlan  = "plan-review-2023"
)

// Every page ends with who publishes it and a warning that it is made up,
// like the example.org links of the demo.
const (
	demoPublisher  = "Cellule gouvernement ouvert - Conseil de la Région Tanger-Tétouan-Al Hoceïma"
	demoDisclaimer = "Document de démonstration : contenu illustratif, pas une publication officielle du Conseil régional."
)

// demoDoc is a document of the demo: the name it is uploaded under, the
// title the site shows beside it (evidence, consultation and event documents
// have one; a forum meeting shows the file name) and the text of its page.
type demoDoc struct {
	key        string
	name       string
	title      i18n.Text
	heading    string
	paragraphs []string
}

// pdf is the document's content.
func (d demoDoc) pdf() []byte {
	return onePagePDF(d.heading, append(slices.Clone(d.paragraphs), demoPublisher, demoDisclaimer)...)
}

func demoDocs() []demoDoc {
	return []demoDoc{
		{key: docForumMinutes2020, name: "compte-rendu-forum-regions-ouvertes-2020-11-20.pdf",
			title:   tx3("محضر المنتدى الرقمي «جهات منفتحة وذكية»", "Compte rendu du forum « Régions ouvertes et intelligentes »", "Minutes of the “Open and Smart Regions” forum"),
			heading: "Compte rendu - Forum « Régions ouvertes et intelligentes », 20 novembre 2020",
			paragraphs: []string{
				"Rencontre en ligne réunissant autorités régionales, société civile, universités et organisations internationales.",
				"La Région a présenté son adhésion au programme local du Partenariat pour un gouvernement ouvert et le calendrier de co-création de son premier plan d’action.",
			}},
		{key: docDraftPlanNote, name: "note-projet-plan-action-2021-2023.pdf",
			title:   tx3("مذكرة تقديم مشروع خطة العمل 2021–2023", "Note de présentation du projet de plan d’action 2021–2023", "Background note on the draft action plan 2021–2023"),
			heading: "Note de présentation du projet de plan d’action 2021–2023",
			paragraphs: []string{
				"Le Conseil régional prépare son premier plan d’action pour un gouvernement ouvert.",
				"Thèmes proposés : égalité et inclusion, transparence budgétaire, accès à l’information, participation citoyenne, communication, données ouvertes.",
				"Chaque proposition reçue pendant l’appel ouvert recevra une réponse motivée.",
			}},
		{key: docActionPlan, name: "plan-action-gouvernement-ouvert-2021-2023.pdf",
			heading: "Plan d’action régional pour un gouvernement ouvert 2021–2023",
			paragraphs: []string{
				"Région Tanger-Tétouan-Al Hoceïma - version validée par le forum du gouvernement ouvert le 24 février 2021.",
				"TTA-01 Stratégie d’égalité et d’inclusion. TTA-02 Budget citoyen. TTA-03 Accès à l’information. TTA-04 Espace numérique de participation. TTA-05 Communication. TTA-06 Données ouvertes.",
			}},
		{key: docCitizenBudget, name: "budget-citoyen-2021.pdf",
			title:   tx3("ميزانية المواطن 2021", "Budget citoyen 2021", "Citizen budget 2021"),
			heading: "Budget citoyen 2021",
			paragraphs: []string{
				"D’où viennent les ressources de la Région et à quoi servent-elles ? Les recettes, les principaux postes de dépenses et les projets de l’année, expliqués simplement.",
			}},
		{key: docDirectory, name: "repertoire-documents-disponibles.pdf",
			title:   tx3("دليل الوثائق المتاحة", "Répertoire des documents disponibles", "Directory of available documents"),
			heading: "Répertoire des documents disponibles",
			paragraphs: []string{
				"Plus d’une centaine de documents de la Région accessibles au public, classés par direction, avec la manière de les demander (loi 31.13).",
			}},
		{key: docMinutes2022, name: "proces-verbal-forum-2022-06-15.pdf",
			heading: "Procès-verbal de la réunion du forum du 15 juin 2022",
			paragraphs: []string{
				"Ordre du jour : résultats de la consultation publique ; suivi des engagements.",
				"Décision : répondre à chaque proposition de façon motivée et publier le rapport.",
			}},
		{key: docSelfAssessment, name: "auto-evaluation-mi-parcours-2022.pdf",
			heading: "Auto-évaluation à mi-parcours du plan d’action 2021–2023",
			paragraphs: []string{
				"Les engagements sur l’information et le budget avancent à bon rythme ; l’espace de participation en ligne et les données ouvertes prennent du retard.",
				"Adoptée par le forum le 19 octobre 2022 et transmise à l’organe local de suivi.",
			}},
		{key: docExecutionReport, name: "rapport-execution-budget-t4-2022.pdf",
			title:   tx3("تقرير تنفيذ الميزانية، الفصل الرابع 2022", "Rapport d’exécution du budget, T4 2022", "Budget execution report, Q4 2022"),
			heading: "Rapport d’exécution du budget - quatrième trimestre 2022",
			paragraphs: []string{
				"Recettes et dépenses de la Région au 31 décembre 2022, par chapitre, avec le fichier de données correspondant.",
			}},
		{key: docMinutes2023, name: "proces-verbal-forum-2023-06-21.pdf",
			heading: "Procès-verbal de la réunion du forum du 21 juin 2023",
			paragraphs: []string{
				"Ordre du jour : participation citoyenne et pétitions ; suivi des engagements.",
				"Décision : simplifier le dépôt des pétitions sur le site.",
			}},
		{key: docReviewOfThePlan, name: "bilan-plan-action-2021-2023.pdf",
			heading: "Bilan du plan d’action 2021–2023 et leçons apprises",
			paragraphs: []string{
				"Présenté au forum le 18 octobre 2023 : état de chaque engagement, résultats obtenus et leçons pour la co-création du prochain plan.",
			}},
	}
}

// Where the documents other than evidence go. Evidence files are named by
// the progress updates themselves (updateSeed.Files).
var (
	eventDocuments = map[string][]string{"open-smart-regions-forum-2020": {docForumMinutes2020}}
	// Forum meetings by their day in Casablanca.
	meetingDocuments = map[string][]string{
		"2021-02-24": {docActionPlan},
		"2022-06-15": {docMinutes2022},
		"2022-10-19": {docSelfAssessment},
		"2023-06-21": {docMinutes2023},
		"2023-10-18": {docReviewOfThePlan},
	}
	// The consultation on the plan (the call for proposals on its draft).
	planConsultationDocuments = []string{docDraftPlanNote}
)

// storedDoc is a demo document once stored.
type storedDoc struct {
	title i18n.Text
	up    files.Upload
}

// storedDocs are the stored demo documents by key; nil when the demo is
// loaded without a file store.
type storedDocs map[string]storedDoc

// putDocuments stores every demo document in store, as an upload is stored
// before the transaction that uses it. The content is the same on every
// load, so a document already there is not written again, and one removed
// from the folder is put back.
func putDocuments(store *files.Store) (storedDocs, error) {
	out := storedDocs{}
	for _, d := range demoDocs() {
		up, err := store.Put(bytes.NewReader(d.pdf()), d.name)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", d.key, err)
		}
		out[d.key] = storedDoc{title: d.title, up: up}
	}
	return out, nil
}

// record makes the stored document key known to the site, as the
// administration does with an upload in the transaction that uses it.
func (s storedDocs) record(ctx context.Context, tx *db.Tx, siteID int64, key string) (storedDoc, error) {
	d, ok := s[key]
	if !ok {
		return d, fmt.Errorf("no demo document %q", key)
	}
	return d, files.Record(ctx, tx, siteID, d.up)
}

// attachDocuments attaches the documents of events, forum meetings and the
// plan's consultation wherever they are missing (by content hash), with the
// same store functions the administration's forms call after an upload. A
// demo loaded before it had documents gets them on its next start; a second
// run attaches nothing. It reports whether it attached anything.
//
// Evidence files are not added here: progress updates are append-only, so
// an update published without its file keeps its links only.
func attachDocuments(ctx context.Context, tx *db.Tx, siteID int64, docs storedDocs) (bool, error) {
	if len(docs) == 0 {
		return false, nil
	}
	added := false

	// Events, in a fixed order so that loads are alike.
	slugs := make([]string, 0, len(eventDocuments))
	for slug := range eventDocuments {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		e, err := event.BySlug(ctx, tx, siteID, slug)
		if err != nil {
			return false, fmt.Errorf("event %s: %w", slug, err)
		}
		changed := false
		for _, key := range eventDocuments[slug] {
			if slices.ContainsFunc(e.Documents, func(f event.File) bool { return f.Hash == docs[key].up.Hash }) {
				continue
			}
			d, err := docs.record(ctx, tx, siteID, key)
			if err != nil {
				return false, err
			}
			e.Documents = append(e.Documents, event.File{Hash: d.up.Hash, Name: d.up.Name, ContentType: d.up.ContentType, Title: d.title})
			changed = true
		}
		if changed {
			if err := event.Update(ctx, tx, e, e.Version); err != nil {
				return false, fmt.Errorf("event %s: %w", slug, err)
			}
			added = true
		}
	}

	meetings, err := forum.Meetings(ctx, tx, siteID)
	if err != nil {
		return false, err
	}
	for _, m := range meetings {
		changed := false
		for _, key := range meetingDocuments[m.StartsAt.In(casablanca).Format(time.DateOnly)] {
			if slices.ContainsFunc(m.Documents, func(f forum.File) bool { return f.Hash == docs[key].up.Hash }) {
				continue
			}
			d, err := docs.record(ctx, tx, siteID, key)
			if err != nil {
				return false, err
			}
			m.Documents = append(m.Documents, forum.File{Hash: d.up.Hash, Name: d.up.Name, ContentType: d.up.ContentType, URL: d.up.URL()})
			changed = true
		}
		if changed {
			if err := forum.UpdateMeeting(ctx, tx, &m, m.Version); err != nil {
				return false, fmt.Errorf("forum meeting of %s: %w", m.StartsAt, err)
			}
			added = true
		}
	}

	var consultationID int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(k.id), 0) FROM consultations k JOIN plans p ON p.id = k.plan_id
		WHERE k.site_id = ? AND p.slug = ?`, siteID, actionPlan().Slug).Scan(&consultationID); err != nil {
		return false, fmt.Errorf("plan consultation: %w", err)
	}
	if consultationID == 0 {
		return added, nil // no consultation on the plan: nothing to attach to
	}
	c, err := consult.ConsultationByID(ctx, tx, siteID, consultationID, tx.Now())
	if err != nil {
		return false, err
	}
	changed := false
	for _, key := range planConsultationDocuments {
		if slices.ContainsFunc(c.Documents, func(d consult.Document) bool { return d.FileHash == docs[key].up.Hash }) {
			continue
		}
		d, err := docs.record(ctx, tx, siteID, key)
		if err != nil {
			return false, err
		}
		c.Documents = append(c.Documents, consult.Document{Title: d.title, FileHash: d.up.Hash})
		changed = true
	}
	if changed {
		if err := consult.UpdateConsultation(ctx, tx, c, c.Version); err != nil {
			return false, fmt.Errorf("plan consultation: %w", err)
		}
		added = true
	}
	return added, nil
}
