package site

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// SettingsAdmin serves the site settings page, for administrators only.
type SettingsAdmin struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Sites  *Resolver    // reloaded after a change, so every request sees it
	Files  *files.Store // where the logo is kept
}

// Routes registers the routes.
func (h *SettingsAdmin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/settings", auth.Require(auth.Admin, h.Errors, h.show))
	mux.HandleFunc("POST /admin/settings", auth.Require(auth.Admin, h.Errors, h.save))
}

// settingsField is one input of the settings form; Label and Hint are
// message keys, Error the message to show.
type settingsField struct {
	Name, Label, Value, Error, Hint string
	Type                            string // the input's type: text (when ""), email, tel
	Lang                            i18n.Locale
	LTR                             bool // an address, a number: left to right whatever the page's direction
	Textarea, Required, Missing     bool
	Max                             int
}

// ID is the element id of the input.
func (f settingsField) ID() string { return "site-" + f.Name }

// DescribedBy lists the ids of the hint and the error, for aria-describedby.
func (f settingsField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

// InputType is the input's type attribute.
func (f settingsField) InputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// settingsPage is what the settings page shows.
type settingsPage struct {
	Names, Descriptions []settingsField
	Timezone            settingsField
	PublicURL           settingsField
	ReportThreshold     settingsField
	Addresses           []settingsField
	Phone, Email        settingsField
	CNDPNumber          settingsField
	MailFromName        settingsField
	MailFromAddress     settingsField
	MetaDescriptions    []settingsField
	Logo                logoField
	Invalid             bool
	Saved               bool
}

// logoField is the logo part of the form: the current logo, a file to
// replace it, a box to remove it, and an upload kept from a form sent back.
type logoField struct {
	Current  string // the current logo's address, "" for none
	Alt      string // the site's name, the logo's text
	Error    string
	Remove   bool
	Kept     string // hash:name of an accepted upload, sent again with the form
	KeptName string
	MaxBytes int64
}

// textFields are one input per settings language of a translatable field.
func textFields(f *web.Form, p *i18n.Printer, name string, max int, area bool, required bool) []settingsField {
	var out []settingsField
	for _, l := range SettingsLocales {
		loc := string(l)
		fl := settingsField{Name: name + "_" + loc, Label: "siteadmin.settings." + name + "_" + loc, Value: f.Values.Get(name + "_" + loc),
			Error: message(f, p, name+"_"+loc), Lang: l, Textarea: area, Required: required && l == i18n.AR, Max: max}
		// zgh is optional: its pages show Arabic where it has no text.
		fl.Missing = l != i18n.AR && l != i18n.ZGH && strings.TrimSpace(fl.Value) == "" && (required || strings.TrimSpace(f.Values.Get(name+"_ar")) != "")
		out = append(out, fl)
	}
	return out
}

// message is the field's error in the reader's language, "" for none.
func message(f *web.Form, p *i18n.Printer, name string) string {
	key := f.Error(name)
	if key == "" {
		return ""
	}
	return p.T(key, f.ErrorArgs(name)...)
}

func newSettingsPage(f *web.Form, p *i18n.Printer) settingsPage {
	field := func(name, hint string, required bool, max int) settingsField {
		fl := settingsField{Name: name, Label: "siteadmin.settings." + name, Value: f.Values.Get(name), Error: message(f, p, name),
			Required: required, Max: max}
		if hint != "" {
			fl.Hint = "siteadmin.settings." + hint
		}
		return fl
	}
	pg := settingsPage{
		Names:            textFields(f, p, "name", MaxNameLen, false, true),
		Descriptions:     textFields(f, p, "description", MaxDescriptionLen, true, false),
		Timezone:         field("timezone", "timezone_hint", true, 64),
		PublicURL:        field("public_url", "public_url_hint", false, MaxPublicURLLen),
		ReportThreshold:  field("report_threshold", "report_threshold_hint", true, 3),
		Addresses:        textFields(f, p, "contact_address", MaxAddressLen, true, false),
		Phone:            field("contact_phone", "contact_phone_hint", false, MaxPhoneLen),
		Email:            field("contact_email", "", false, MaxEmailLen),
		CNDPNumber:       field("cndp_number", "cndp_number_hint", false, MaxCNDPNumberLen),
		MailFromName:     field("mail_from_name", "mail_from_name_hint", false, MaxMailFromNameLen),
		MailFromAddress:  field("mail_from_address", "mail_from_address_hint", false, MaxEmailLen),
		MetaDescriptions: textFields(f, p, "meta_description", MaxMetaDescriptionLen, true, false),
		Logo:             logoField{Error: message(f, p, "logo"), Remove: f.Values.Get("remove_logo") != "", MaxBytes: MaxLogoBytes},
	}
	for _, fl := range []*settingsField{&pg.Timezone, &pg.PublicURL, &pg.ReportThreshold, &pg.Phone, &pg.Email, &pg.CNDPNumber, &pg.MailFromAddress} {
		fl.LTR = true
	}
	pg.Phone.Type, pg.Email.Type, pg.MailFromAddress.Type = "tel", "email", "email"
	pg.Invalid = !f.Valid()
	return pg
}

func (h *SettingsAdmin) render(w http.ResponseWriter, r *http.Request, status int, p settingsPage) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, "siteadmin_settings", "admin", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *SettingsAdmin) printer(r *http.Request) *i18n.Printer {
	return h.Errors.Catalog.Printer(web.Locale(r.Context()))
}

// withLogo shows the site's current logo on the page.
func withLogo(pg settingsPage, s *Site, l i18n.Locale) settingsPage {
	if s.Logo != "" {
		pg.Logo.Current = "/files/" + s.Logo
	}
	pg.Logo.Alt = s.Name.In(l)
	return pg
}

func (h *SettingsAdmin) show(w http.ResponseWriter, r *http.Request) {
	s, err := ByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f := web.NewForm(nil)
	for _, l := range SettingsLocales {
		f.Values.Set("name_"+string(l), s.Name[l])
		f.Values.Set("description_"+string(l), s.Description[l])
		f.Values.Set("contact_address_"+string(l), s.ContactAddress[l])
		f.Values.Set("meta_description_"+string(l), s.MetaDescription[l])
	}
	for name, v := range map[string]string{"timezone": s.Timezone, "public_url": s.PublicURL, "contact_phone": s.ContactPhone,
		"contact_email": s.ContactEmail, "cndp_number": s.CNDPNumber, "mail_from_name": s.MailFromName,
		"mail_from_address": s.MailFromAddress} {
		f.Values.Set(name, v)
	}
	threshold, err := ReportThreshold(r.Context(), h.DB.R(), s.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f.Values.Set("report_threshold", strconv.Itoa(threshold))
	p := withLogo(newSettingsPage(f, h.printer(r)), s, web.Locale(r.Context()))
	p.Saved = r.URL.Query().Get("done") == "saved"
	h.render(w, r, http.StatusOK, p)
}

// readTexts reads a translatable field of the settings form.
func readTexts(f *web.Form, name string) i18n.Text {
	t := i18n.Text{}
	for _, l := range SettingsLocales {
		if v := strings.TrimSpace(f.Get(name + "_" + string(l))); v != "" {
			t[l] = v
		}
	}
	return t
}

// save validates and stores the settings, then reloads the resolver so the
// next request already shows the new name. Invalid values re-render the form
// with 422, every value kept (an accepted logo too) and a message by each
// failed field. The form is multipart (it carries the logo); a form without
// a file may also come URL-encoded.
func (h *SettingsAdmin) save(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, ups, err := news.ReadUpload(w, r, h.Files, "logo")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cur, err := ByID(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	s := Settings{Name: readTexts(f, "name"), Description: readTexts(f, "description"), Timezone: f.Get("timezone"),
		PublicURL: f.Get("public_url"), Logo: cur.Logo, ContactAddress: readTexts(f, "contact_address"),
		ContactPhone: f.Get("contact_phone"), ContactEmail: f.Get("contact_email"), CNDPNumber: f.Get("cndp_number"),
		MailFromName: f.Get("mail_from_name"), MailFromAddress: f.Get("mail_from_address"),
		MetaDescription: readTexts(f, "meta_description")}
	// Left out, the report threshold stays as it is.
	if raw := f.Get("report_threshold"); raw != "" {
		if n, err := strconv.Atoi(raw); err == nil && n >= 1 {
			s.ReportThreshold = n
		} else {
			f.Fail("report_threshold", "siteadmin.error.report_threshold")
		}
	}
	if f.Get("remove_logo") != "" {
		s.Logo = ""
	}
	logo, ok := readLogo(f, ups["logo"])
	if ok {
		s.Logo = logo.Hash
	}
	for k, v := range s.Check() {
		f.Fail(k, v)
	}
	if !f.Valid() {
		pg := withLogo(newSettingsPage(f, h.printer(r)), cur, web.Locale(ctx))
		if ok {
			pg.Logo.Kept, pg.Logo.KeptName = logo.Hash+":"+logo.Name, logo.Name
		}
		h.render(w, r, http.StatusUnprocessableEntity, pg)
		return
	}
	siteID := cur.ID
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if ok {
			if err := files.Record(ctx, tx, siteID, logo); err != nil {
				return err
			}
		}
		return SaveSettings(ctx, tx, siteID, auth.UserFrom(ctx), s)
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Sites.Reload(ctx); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings?done=saved", http.StatusSeeOther)
}

// readLogo checks the uploaded logo: one image (PNG, JPEG or WebP, which
// the files package recognised by content) of at most MaxLogoBytes. It
// returns it when there is one and it is good; a bad one fails the field.
func readLogo(f *web.Form, ups []files.Upload) (files.Upload, bool) {
	switch {
	case len(ups) == 0:
		return files.Upload{}, false
	case len(ups) > 1:
		f.Fail("logo", "siteadmin.error.logo_one")
		return files.Upload{}, false
	case !files.IsImage(ups[0].ContentType):
		f.Fail("logo", "siteadmin.error.logo_type", "Name", ups[0].Name)
		return files.Upload{}, false
	case ups[0].Size > MaxLogoBytes:
		f.Fail("logo", "siteadmin.error.logo_size", "Name", ups[0].Name)
		return files.Upload{}, false
	}
	return ups[0], true
}
