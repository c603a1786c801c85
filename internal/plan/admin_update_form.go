package plan

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Posting a progress update on a commitment or one of its milestones, with
// evidence (links and files). Updates are appended, never edited: a
// correction is a new update.

var linkFields = []string{"link_url", "link_title_ar", "link_title_fr", "link_title_en", "link_title_zgh"}

const evidenceField = "evidence_file"

func (h *Admin) updateForm(r *http.Request, f *web.Form, c *Commitment, linkRows int, kept []files.Upload) *webform.FormView {
	b := h.builder(r, f)
	pr := b.P
	l := web.Locale(r.Context())
	targets := make([]webform.Option, len(c.Milestones))
	for i, m := range c.Milestones {
		targets[i] = webform.Option{Value: itoa(m.ID), Label: pr.T("planadmin.update.target_milestone", "N", m.Position, "Title", m.Title.In(l))}
	}
	statuses := make([]webform.Option, len(Statuses))
	for i, s := range Statuses {
		statuses[i] = webform.Option{Value: string(s), Label: pr.T("status." + string(s))}
	}
	progress := b.Input("number", "progress", -1, "planadmin.update.progress", true)
	progress.Min, progress.Max = "0", "100"
	file := b.Hint(b.Input("file", evidenceField, -1, "planadmin.update.files", false), "planadmin.update.files_hint",
		"Max", megabytes(h.maxUpload()))
	file.Multiple, file.Accept, file.Value = true, ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.odt,.ods", ""
	v := &webform.FormView{
		Heading: pr.T("planadmin.update.new", "Ref", c.Ref),
		Crumbs: []webform.Crumb{{Label: pr.T("admin.nav.dashboard"), URL: "/admin"},
			{Label: c.Ref + " · " + c.Title.In(l), URL: "/admin/commitments/" + itoa(c.ID)}},
		Action:    "/admin/commitments/" + itoa(c.ID) + "/updates/new",
		Multipart: true,
		Submit:    pr.T("planadmin.update.submit"),
		Cancel:    "/admin/commitments/" + itoa(c.ID),
		Sets: []webform.FieldSet{{Legend: pr.T("planadmin.update.details"), Hint: pr.T("planadmin.update.append_only"), Fields: []webform.Field{
			b.Choice("milestone", -1, "planadmin.update.target", "planadmin.update.target_commitment", targets, false),
			b.Input("date", "occurred_on", -1, "planadmin.update.date", true),
			b.Texts("body", -1, "planadmin.update.text", true, true),
			b.Choice("status", -1, "planadmin.update.status", "", statuses, true),
			progress,
		}}},
	}
	for i := 0; i < linkRows; i++ {
		v.Sets = append(v.Sets, webform.FieldSet{
			Legend: pr.T("planadmin.update.link", "N", i+1),
			Hint:   pr.T("planadmin.form.optional_row"),
			Fields: []webform.Field{
				b.Hint(b.Input("url", "link_url", i, "planadmin.update.link_url", false), "planadmin.update.link_url_hint"),
				b.Texts("link_title", i, "planadmin.update.link_title", false, false),
			},
		})
	}
	v.Sets = append(v.Sets, webform.FieldSet{Legend: pr.T("planadmin.update.files_section"), Fields: []webform.Field{file}})
	for _, k := range kept {
		v.Kept = append(v.Kept, webform.KeptFile{Value: k.Hash + ":" + k.Name, Name: k.Name})
	}
	return v
}

// readUpdate reads the posted update on c.
func readUpdate(f *web.Form, c *Commitment) *Update {
	u := &Update{CommitmentID: c.ID, Body: kit.ReadText(f, "body", -1, MaxTextLen, true), OccurredOn: kit.ReadDate(f, "occurred_on", -1, true)}
	ms := map[int64]bool{}
	for _, m := range c.Milestones {
		ms[m.ID] = true
	}
	if id := webform.ReadID(f, "milestone", -1, ms, "planadmin.error.unknown_milestone", false); id != 0 {
		u.MilestoneID = &id
	}
	u.Status = Status(f.Get("status"))
	switch {
	case u.Status == "":
		f.Fail("status", "form.required")
	case !u.Status.Valid():
		f.Fail("status", "planadmin.error.choice")
	}
	u.Progress, _ = kit.ReadInt(f, "progress", -1, 0, 100, true, "planadmin.error.progress")
	kit.MaxRows(f, MaxEvidence, linkFields...)
	for i := 0; i < min(webform.Rows(f, linkFields...), MaxEvidence); i++ {
		if blankRow(f, i, linkFields...) {
			continue
		}
		link := kit.ReadURL(f, "link_url", i)
		if webform.Nth(f.Values, "link_url", i) == "" {
			f.Fail(webform.ErrKey("link_url", i), "form.required")
		}
		title := kit.ReadText(f, "link_title", i, MaxTitleLen, false)
		if link != "" {
			u.Evidence = append(u.Evidence, Evidence{Title: title, URL: link, Kind: "link"})
		}
	}
	return u
}

func (h *Admin) newUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	today := h.Now().In(web.SiteOf(r.Context()).Location).Format("2006-01-02")
	f := web.NewForm(url.Values{"occurred_on": {today}, "status": {string(c.Status)}, "progress": {strconv.Itoa(c.Progress)}})
	if r.URL.Query().Get("milestone") != "" {
		for _, m := range c.Milestones {
			if itoa(m.ID) == r.URL.Query().Get("milestone") {
				f.Values.Set("milestone", itoa(m.ID))
				f.Values.Set("status", string(m.Status))
				f.Values.Set("progress", strconv.Itoa(m.Progress))
			}
		}
	}
	h.form(w, r, http.StatusOK, h.updateForm(r, f, c, blankRows, nil))
}

func (h *Admin) createUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	c, ok := h.commitment(w, r)
	if !ok {
		return
	}
	f, ups, err := h.readUpload(w, r, evidenceField)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := readUpdate(f, c)
	u.Author = auth.UserFrom(ctx).Name
	// Files kept from an earlier try come first, then the new ones, each once.
	seen := map[string]bool{}
	var all []files.Upload
	for _, up := range append(h.keptUploads(f), ups...) {
		if !seen[up.Hash] {
			seen[up.Hash] = true
			all = append(all, up)
		}
	}
	if len(all) > MaxFiles {
		f.Fail(evidenceField, "planadmin.error.too_many_files", "Max", MaxFiles)
		all = all[:MaxFiles]
	}
	if !f.Valid() {
		v := h.updateForm(r, f, c, webform.ShownRows(f, MaxEvidence, linkFields...), all)
		h.form(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	for _, up := range all {
		u.Evidence = append(u.Evidence, Evidence{Title: i18n.Text{i18n.AR: up.Name}, URL: up.URL(), Kind: "file"})
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, up := range all {
			if err := files.Record(ctx, tx, site.ID, up); err != nil {
				return err
			}
		}
		before := progressBefore(c, u)
		if err := AddUpdate(ctx, tx, site.ID, u); err != nil {
			return err
		}
		for _, up := range all {
			if err := LinkEvidenceFile(ctx, tx, u.ID, up.Hash); err != nil {
				return err
			}
		}
		target := "commitment " + c.Ref
		for _, m := range c.Milestones {
			if u.MilestoneID != nil && m.ID == *u.MilestoneID {
				target = "milestone " + c.Ref + " #" + strconv.Itoa(m.Position)
			}
		}
		if err := recordChange(ctx, tx, adminChange{action: "create", entity: "progress_update", id: u.ID, commitment: &c.ID,
			organisation: leadOf(c), summary: "progress update: " + target, before: before, after: adminUpdateState(u),
			whole: true}); err != nil {
			return err
		}
		return publishUpdate(ctx, tx, site.ID, c, u, auth.UserFrom(ctx).ID)
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	saved(w, r, "/admin/commitments/"+itoa(c.ID))
}
