package consult

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// The consultation form of the administration: its controls and how it
// is read back.

// field is one control of the administration's forms.
type field struct {
	Kind     string // text, textarea, select, checks, datetime, hidden
	ID       string
	Name     string
	Label    string
	Hint     string
	Value    string
	Error    string
	Required bool
	Lang     i18n.Locale
	Options  []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// FormPage is an administration form.
type FormPage struct {
	Heading string
	Back    string
	Action  string
	Version int
	Fields  []field
	Docs    [][]field // document rows
	Errors  []field   // the fields in error, listed above the form
	Submit  string
	Stale   bool
	Intro   *ProposalView // the proposal being answered
}

type builder struct {
	p *i18n.Printer
	f *web.Form
}

func (b builder) field(kind, name, labelKey string, required bool) field {
	fl := field{Kind: kind, ID: "f-" + strings.ReplaceAll(name, ".", "-"), Name: name, Label: b.p.T(labelKey),
		Value: b.f.Get(name), Required: required}
	if key := b.f.Error(name); key != "" {
		fl.Error = b.p.T(key, b.f.ErrorArgs(name)...)
	}
	return fl
}

// texts is one field per language for a translatable text.
func (b builder) texts(kind, name, labelKey string, required bool) []field {
	var out []field
	for _, l := range i18n.Locales {
		fl := b.field(kind, name+"_"+string(l), labelKey, required && l == i18n.AR)
		fl.Label = b.p.T("consult.admin.in_language", "Field", b.p.T(labelKey), "Language", l.Name())
		fl.Lang = l
		out = append(out, fl)
	}
	return out
}

func (b builder) choice(name, labelKey string, opts []option, required bool) field {
	fl := b.field("select", name, labelKey, required)
	for i := range opts {
		opts[i].Selected = opts[i].Value == fl.Value
	}
	fl.Options = opts
	return fl
}

// readText reads a translatable field, each language at most max characters.
func readText(f *web.Form, name string, max int) i18n.Text {
	t := i18n.Text{}
	for _, l := range i18n.Locales {
		if v := f.Get(name + "_" + string(l)); v != "" {
			t[l] = v
			failLonger(f, name+"_"+string(l), v, max)
		}
	}
	return t
}

// failLonger fails field when v has more than max characters.
func failLonger(f *web.Form, field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		f.Fail(field, "consult.error.too_long", "Max", max)
	}
}

func textValues(vs url.Values, name string, t i18n.Text) {
	for _, l := range i18n.Locales {
		vs.Set(name+"_"+string(l), t[l])
	}
}

func (p *FormPage) summarize() {
	all := append([]field(nil), p.Fields...)
	for _, row := range p.Docs {
		all = append(all, row...)
	}
	for _, f := range all {
		if f.Error != "" {
			p.Errors = append(p.Errors, f)
		}
	}
}

const dateTimeLayout = "2006-01-02T15:04"

var filePath = regexp.MustCompile(`^/files/([0-9a-f]{64})$`)

// docRows is how many document rows a form offers: those filled and two blank.
func docRows(f *web.Form) int {
	n := 0
	for i := 0; i < MaxDocuments; i++ {
		if f.Get(fmt.Sprintf("doc_url.%d", i)) != "" || f.Get(fmt.Sprintf("doc_title_ar.%d", i)) != "" {
			n = i + 1
		}
	}
	return min(n+2, MaxDocuments)
}

func (h *Handler) consultationForm(r *http.Request, f *web.Form, c *Consultation) (*FormPage, error) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	p := h.printer(r)
	l := web.Locale(ctx)
	b := builder{p: p, f: f}
	plans, err := PlanOptions(ctx, h.DB.R(), site.ID)
	if err != nil {
		return nil, err
	}
	commitments, err := CommitmentOptions(ctx, h.DB.R(), site.ID)
	if err != nil {
		return nil, err
	}
	u := auth.UserFrom(ctx)
	subjects := []option{{Value: "", Label: p.T("consult.admin.choose")}}
	for _, pl := range plans {
		if u.Role == auth.Admin {
			subjects = append(subjects, option{Value: fmt.Sprintf("plan:%d", pl.ID), Label: p.T("consult.admin.subject_plan", "Title", pl.Title.In(l))})
		}
	}
	for _, cm := range commitments {
		if u.Role == auth.Admin || (cm.Lead != nil && u.MemberOf(*cm.Lead)) {
			subjects = append(subjects, option{Value: fmt.Sprintf("commitment:%d", cm.ID),
				Label: p.T("consult.admin.subject_commitment", "Ref", cm.Ref, "Title", cm.Title.In(l))})
		}
	}
	page := &FormPage{Heading: p.T("consult.admin.new"), Back: "/admin/consultations", Action: "/admin/consultations/new",
		Submit: p.T("consult.admin.save")}
	if c != nil {
		page.Heading = p.T("consult.admin.edit", "Title", c.Title.In(l))
		page.Back = fmt.Sprintf("/admin/consultations/%d", c.ID)
		page.Action = page.Back + "/edit"
		page.Version = c.Version
	}
	page.Fields = append(page.Fields, b.choice("subject", "consult.admin.subject", subjects, true))
	page.Fields = append(page.Fields, b.texts("text", "title", "consult.admin.field_title", true)...)
	page.Fields = append(page.Fields, b.texts("textarea", "description", "consult.admin.description", true)...)
	kinds := b.field("checks", "kinds", "consult.admin.kinds", true)
	chosen := map[string]bool{}
	for _, v := range f.Values["kinds"] {
		chosen[v] = true
	}
	for _, k := range Kinds {
		kinds.Options = append(kinds.Options, option{Value: string(k), Label: p.T("consult.kind." + string(k)), Selected: chosen[string(k)]})
	}
	page.Fields = append(page.Fields, kinds)
	opens := b.field("datetime", "opens_at", "consult.admin.opens_at", true)
	closes := b.field("datetime", "closes_at", "consult.admin.closes_at", true)
	opens.Hint = p.T("consult.admin.time_hint", "Zone", site.Location.String())
	closes.Hint = opens.Hint
	page.Fields = append(page.Fields, opens, closes)
	for i := 0; i < docRows(f); i++ {
		var row []field
		for _, l := range i18n.Locales {
			fl := b.field("text", fmt.Sprintf("doc_title_%s.%d", l, i), "consult.admin.doc_title", false)
			fl.Label = p.T("consult.admin.doc_row", "N", i+1, "Field",
				p.T("consult.admin.in_language", "Field", p.T("consult.admin.doc_title"), "Language", l.Name()))
			fl.Lang = l
			row = append(row, fl)
		}
		link := b.field("text", fmt.Sprintf("doc_url.%d", i), "consult.admin.doc_url", false)
		link.Label = p.T("consult.admin.doc_row", "N", i+1, "Field", p.T("consult.admin.doc_url"))
		link.Hint = p.T("consult.admin.doc_url_hint")
		page.Docs = append(page.Docs, append(row, link))
	}
	page.summarize()
	return page, nil
}

// readConsultation reads the posted consultation, recording a message per bad field.
func (h *Handler) readConsultation(ctx context.Context, f *web.Form) (*Consultation, error) {
	site := web.SiteOf(ctx)
	u := auth.UserFrom(ctx)
	c := &Consultation{SiteID: site.ID, Title: readText(f, "title", MaxConsultationTitle),
		Description: readText(f, "description", MaxDescription)}
	subject := f.Get("subject")
	kind, idText, _ := strings.Cut(subject, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	switch {
	case subject == "":
		f.Fail("subject", "form.required")
	case err != nil || (kind != "plan" && kind != "commitment"):
		f.Fail("subject", "consult.error.subject")
	case kind == "plan":
		plans, err := PlanOptions(ctx, h.DB.R(), site.ID)
		if err != nil {
			return nil, err
		}
		ok := false
		for _, p := range plans {
			ok = ok || p.ID == id
		}
		if !ok || u.Role != auth.Admin {
			f.Fail("subject", "consult.error.subject")
		}
		c.PlanID = &id
	default:
		cs, err := CommitmentOptions(ctx, h.DB.R(), site.ID)
		if err != nil {
			return nil, err
		}
		ok := false
		for _, cm := range cs {
			if cm.ID == id {
				ok = true
				c.SubjectLeadID = cm.Lead
			}
		}
		c.CommitmentID = &id
		if !ok || !CanManage(u, c) {
			f.Fail("subject", "consult.error.subject")
		}
	}
	if c.Title[i18n.AR] == "" {
		f.Fail("title_ar", "consult.error.required_ar")
	}
	if c.Description[i18n.AR] == "" {
		f.Fail("description_ar", "consult.error.required_ar")
	}
	if len(f.Values["kinds"]) > len(Kinds) {
		f.Fail("kinds", "consult.error.kind")
	}
	for _, v := range f.Values["kinds"] {
		if !Kind(v).Valid() {
			f.Fail("kinds", "consult.error.kind")
			break
		}
		if !c.Accepts(Kind(v)) {
			c.Kinds = append(c.Kinds, Kind(v))
		}
	}
	if len(c.Kinds) == 0 {
		f.Fail("kinds", "consult.error.kinds_required")
	}
	readTime := func(name string) time.Time {
		v := f.Get(name)
		if v == "" {
			f.Fail(name, "form.required")
			return time.Time{}
		}
		t, err := time.ParseInLocation(dateTimeLayout, v, site.Location)
		if err != nil {
			f.Fail(name, "consult.error.datetime")
			return time.Time{}
		}
		return t
	}
	opens, closes := readTime("opens_at"), readTime("closes_at")
	if !opens.IsZero() && !closes.IsZero() && CheckDates(opens, closes) != nil {
		f.Fail("closes_at", ErrDates.Key)
	}
	c.OpensAt, c.ClosesAt = db.Timestamp{Time: opens}, db.Timestamp{Time: closes}
	for i := 0; i < docRows(f); i++ {
		title := i18n.Text{}
		for _, l := range i18n.Locales {
			if v := f.Get(fmt.Sprintf("doc_title_%s.%d", l, i)); v != "" {
				title[l] = v
				failLonger(f, fmt.Sprintf("doc_title_%s.%d", l, i), v, MaxDocTitle)
			}
		}
		link := f.Get(fmt.Sprintf("doc_url.%d", i))
		if link == "" && len(title) == 0 {
			continue
		}
		d := Document{Title: title}
		urlField := fmt.Sprintf("doc_url.%d", i)
		if title[i18n.AR] == "" {
			f.Fail(fmt.Sprintf("doc_title_ar.%d", i), "consult.error.required_ar")
		}
		if m := filePath.FindStringSubmatch(link); m != nil {
			ok, err := FileOfSite(ctx, h.DB.R(), site.ID, m[1])
			if err != nil {
				return nil, err
			}
			if !ok {
				f.Fail(urlField, "consult.error.unknown_file")
			}
			d.FileHash = m[1]
		} else if u, err := url.Parse(link); link == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > MaxURLLen {
			f.Fail(urlField, "consult.error.doc_url")
		} else {
			d.URL = link
		}
		c.Documents = append(c.Documents, d)
	}
	return c, nil
}

func consultationValues(c *Consultation, loc *time.Location) url.Values {
	vs := url.Values{}
	if c.PlanID != nil {
		vs.Set("subject", fmt.Sprintf("plan:%d", *c.PlanID))
	} else if c.CommitmentID != nil {
		vs.Set("subject", fmt.Sprintf("commitment:%d", *c.CommitmentID))
	}
	textValues(vs, "title", c.Title)
	textValues(vs, "description", c.Description)
	for _, k := range c.Kinds {
		vs.Add("kinds", string(k))
	}
	vs.Set("opens_at", c.OpensAt.In(loc).Format(dateTimeLayout))
	vs.Set("closes_at", c.ClosesAt.In(loc).Format(dateTimeLayout))
	for i, d := range c.Documents {
		for _, l := range i18n.Locales {
			vs.Set(fmt.Sprintf("doc_title_%s.%d", l, i), d.Title[l])
		}
		vs.Set(fmt.Sprintf("doc_url.%d", i), d.Href())
	}
	return vs
}

func (h *Handler) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Consultation, stale bool) {
	page, err := h.consultationForm(r, f, c)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.Stale = stale
	if v, err := strconv.Atoi(f.Get("version")); err == nil && c != nil && status != http.StatusOK {
		page.Version = v
	}
	h.adminPage(w, r, status, "consult_admin_form", page)
}

func (h *Handler) newConsultation(w http.ResponseWriter, r *http.Request) {
	loc := web.SiteOf(r.Context()).Location
	today := time.Date(h.now().In(loc).Year(), h.now().In(loc).Month(), h.now().In(loc).Day(), 9, 0, 0, 0, loc)
	vs := url.Values{"kinds": {string(General)}, "opens_at": {today.AddDate(0, 0, 7).Format(dateTimeLayout)},
		"closes_at": {today.AddDate(0, 0, 37).Format(dateTimeLayout)}}
	if s := r.URL.Query().Get("subject"); s != "" {
		vs.Set("subject", s)
	}
	h.showForm(w, r, http.StatusOK, web.NewForm(vs), nil, false)
}

func (h *Handler) createConsultation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	c, err := h.readConsultation(ctx, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if !f.Valid() {
		h.showForm(w, r, http.StatusUnprocessableEntity, f, nil, false)
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := CreateConsultation(ctx, tx, c); err != nil {
			return err
		}
		return record(ctx, tx, audit.Change{Action: audit.ActionCreate, Entity: "consultation", EntityID: c.ID,
			CommitmentID: c.CommitmentID, Summary: "Consultation " + c.Title.In(i18n.Default), After: consultationState(c)})
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/consultations/%d?saved=1", c.ID), http.StatusSeeOther)
}

func (h *Handler) editConsultation(w http.ResponseWriter, r *http.Request) {
	c, ok := h.managed(w, r)
	if !ok {
		return
	}
	h.showForm(w, r, http.StatusOK, web.NewForm(consultationValues(c, web.SiteOf(r.Context()).Location)), c, false)
}

func (h *Handler) updateConsultation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cur, ok := h.managed(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if cur.Phase == Closed {
		f.Fail("subject", ErrAlreadyClosed.Key)
	}
	c, err := h.readConsultation(ctx, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if !f.Valid() {
		h.showForm(w, r, http.StatusUnprocessableEntity, f, cur, false)
		return
	}
	c.ID = cur.ID
	version, _ := strconv.Atoi(f.Get("version"))
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := UpdateConsultation(ctx, tx, c, version); err != nil {
			return err
		}
		before, after := audit.Diff(consultationState(cur), consultationState(c))
		if len(before) == 0 && len(after) == 0 {
			return nil
		}
		return record(ctx, tx, audit.Change{Action: audit.ActionUpdate, Entity: "consultation", EntityID: c.ID,
			CommitmentID: c.CommitmentID, Summary: "Consultation " + c.Title.In(i18n.Default), Before: before, After: after})
	})
	switch {
	case errors.Is(err, ErrStale):
		h.showForm(w, r, http.StatusConflict, f, cur, true)
	case err != nil:
		h.Errors.Error(w, r, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/admin/consultations/%d?saved=1", c.ID), http.StatusSeeOther)
	}
}
