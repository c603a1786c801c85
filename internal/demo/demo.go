// Package demo loads the demonstration site: the Tangier-Tetouan-Al Hoceima
// regional council's open-government action plan 2021–2023, with its partner
// organisations, commitments, milestones, progress updates and assessments,
// the consultations of its co-creation with their proposals and responses,
// its news and events (the online forum "Open and Smart Regions" of 20
// November 2020 among them), its multi-stakeholder forum, and, given a file
// store, a few generated PDF documents.
// Everything it writes is illustrative data on a site flagged as a demo.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

// Slug is the demo site's slug.
const Slug = "demo"

// Load creates the demo site and its content in one transaction, unless a site
// with the demo slug already exists; it reports whether it created anything.
// It stores no files: LoadWithFiles does.
func Load(ctx context.Context, d *db.DB) (loaded bool, err error) {
	return LoadWithFiles(ctx, d, nil)
}

// LoadWithFiles is Load that also stores the demo's documents in store
// (documents.go) and attaches them: evidence files to progress updates when
// it creates them, documents to events, forum meetings and the plan's
// consultation wherever they are missing. A nil store stores nothing.
func LoadWithFiles(ctx context.Context, d *db.DB, store *files.Store) (loaded bool, err error) {
	var docs storedDocs
	if store != nil {
		// Stored before the transaction, as uploads are.
		if docs, err = putDocuments(store); err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		loaded = false
		switch s, err := site.BySlug(ctx, tx, Slug); {
		case err == nil:
			// Already there: only the news and events, which later versions
			// added, are added if missing; a second start adds nothing.
			added, err := loadNewsEvents(ctx, tx, s.ID)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// The forum, added later still, likewise.
			addedForum, err := loadForum(ctx, tx, s.ID)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// And the documents, later again.
			attached, err := attachDocuments(ctx, tx, s.ID, docs)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// And the petition settings and divisions, later still.
			addedPetitions, err := loadPetitionSettings(ctx, tx, s.ID)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			// The illustrative budgets, later still.
			addedBudgets, err := loadBudgets(ctx, tx, s.ID)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			loaded = added || addedForum || attached || addedPetitions || addedBudgets
			return nil
		case !errors.Is(err, db.ErrNotFound):
			return err
		}
		if err := load(ctx, tx, docs); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		loaded = true
		return nil
	})
	return loaded, err
}

func load(ctx context.Context, tx *db.Tx, docs storedDocs) error {
	s := demoSite()
	if err := site.Upsert(ctx, tx, &s); err != nil {
		return err
	}

	orgs := &orgIndex{refs: map[string]plan.OrgRef{}}
	for _, o := range organisations() {
		o.SiteID = s.ID
		if err := account.UpsertOrganisation(ctx, tx, &o); err != nil {
			return err
		}
		orgs.refs[o.Slug] = plan.OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym}
	}

	p := actionPlan()
	p.SiteID = s.ID
	if err := plan.UpsertPlan(ctx, tx, &p); err != nil {
		return err
	}
	// The plan and its co-creation timeline went public in early November
	// 2020, three weeks before co-creation began (as OGP asks: at least
	// two), not when the demo happens to be loaded.
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET created_at = ? WHERE id = ?`,
		db.Timestamp{Time: time.Date(2020, time.November, 2, 9, 0, 0, 0, time.UTC)}, p.ID); err != nil {
		return err
	}

	type pending struct {
		u         plan.Update
		milestone int // position of the milestone, 0 for the commitment itself
		ids       map[int]int64
		files     []string // keys of stored documents attached as evidence
	}
	var updates []pending
	refs := map[string]int64{}
	content := commitments(orgs)
	if len(orgs.missing) > 0 {
		return fmt.Errorf("unknown organisations %v", orgs.missing)
	}
	for i, cs := range content {
		c := cs.Commitment
		c.PlanID, c.Position = p.ID, i+1
		if err := plan.UpsertCommitment(ctx, tx, s.ID, &c); err != nil {
			return err
		}
		refs[c.Ref] = c.ID
		ids := map[int]int64{}
		for j, m := range cs.Milestones {
			m.CommitmentID, m.Position = c.ID, j+1
			if err := plan.UpsertMilestone(ctx, tx, &m); err != nil {
				return fmt.Errorf("%s milestone %d: %w", c.Ref, m.Position, err)
			}
			ids[m.Position] = m.ID
		}
		for _, u := range cs.Updates {
			u.Update.CommitmentID = c.ID
			updates = append(updates, pending{u: u.Update, milestone: u.Milestone, ids: ids, files: u.Files})
		}
	}
	// The timeline is append-only: apply it in date order, so that the last
	// update of a milestone leaves it in its final state.
	slices.SortStableFunc(updates, func(a, b pending) int { return a.u.OccurredOn.Compare(b.u.OccurredOn.Time) })
	for _, pu := range updates {
		u := pu.u
		if pu.milestone > 0 {
			id, ok := pu.ids[pu.milestone]
			if !ok {
				return fmt.Errorf("update of %s: no milestone %d", u.OccurredOn, pu.milestone)
			}
			u.MilestoneID = &id
		}
		// Evidence files as the update form attaches an upload: recorded
		// for the site, listed by their address, then linked by hash.
		var hashes []string
		for _, key := range pu.files {
			if docs == nil {
				break // loaded without a file store: the links only
			}
			d, err := docs.record(ctx, tx, s.ID, key)
			if err != nil {
				return err
			}
			u.Evidence = append(slices.Clip(u.Evidence), plan.Evidence{Title: d.title, URL: d.up.URL(), Kind: "file"})
			hashes = append(hashes, d.up.Hash)
		}
		if err := plan.AddUpdate(ctx, tx, s.ID, &u); err != nil {
			return err
		}
		for _, h := range hashes {
			if err := plan.LinkEvidenceFile(ctx, tx, u.ID, h); err != nil {
				return err
			}
		}
	}

	for _, a := range assessments(p.ID, refs) {
		if err := plan.AddAssessment(ctx, tx, s.ID, &a); err != nil {
			return err
		}
	}
	if err := loadConsultations(ctx, tx, s.ID, p.ID, refs, orgs); err != nil {
		return err
	}
	if _, err := loadNewsEvents(ctx, tx, s.ID); err != nil {
		return err
	}
	if _, err := loadForum(ctx, tx, s.ID); err != nil {
		return err
	}
	if err := loadInfoRequests(ctx, tx, s.ID, orgs); err != nil {
		return err
	}
	if _, err := loadPetitionSettings(ctx, tx, s.ID); err != nil {
		return err
	}
	if _, err := loadBudgets(ctx, tx, s.ID); err != nil {
		return err
	}
	_, err := attachDocuments(ctx, tx, s.ID, docs)
	return err
}

func demoSite() site.Site {
	return site.Site{
		Slug: Slug,
		Host: "",
		Name: tx3(
			"جهة طنجة تطوان الحسيمة — منصة الحكومة المنفتحة",
			"Région Tanger-Tétouan-Al Hoceïma — Gouvernement ouvert",
			"Tangier-Tetouan-Al Hoceima Region — Open Government"),
		Description: tx3(
			"منصة تجريبية لتتبع تنفيذ التزامات الجهة في إطار الشراكة من أجل الحكومة المنفتحة على المستوى المحلي. جميع المعطيات المعروضة هنا للعرض فقط.",
			"Plateforme de démonstration pour suivre la mise en œuvre des engagements de la Région dans le cadre du Partenariat pour un gouvernement ouvert au niveau local. Toutes les données affichées ici sont fictives.",
			"A demonstration platform for following the Region’s commitments under the Open Government Partnership’s local programme. All data shown here is for demonstration only."),
		Timezone: "Africa/Casablanca",
		IsDemo:   true,
	}
}

// orgIndex finds the demo organisations by slug once they are stored.
type orgIndex struct {
	refs    map[string]plan.OrgRef
	missing []string // slugs asked for that do not exist: a bug in the data
}

// ref returns the organisation with that slug.
func (o *orgIndex) ref(slug string) *plan.OrgRef {
	r, ok := o.refs[slug]
	if !ok {
		o.missing = append(o.missing, slug)
	}
	return &r
}

func (o *orgIndex) partner(slug string, sector plan.Sector) plan.Partner {
	return plan.Partner{OrgRef: *o.ref(slug), Sector: sector}
}

// tx3 is a text in Arabic, French and English.
func tx3(ar, fr, en string) i18n.Text {
	return i18n.Text{i18n.AR: ar, i18n.FR: fr, i18n.EN: en}
}

func date(y int, m time.Month, d int) db.Date { return db.NewDate(y, m, d) }
