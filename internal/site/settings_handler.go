package site

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// SettingsAdmin serves the site settings page, for administrators only.
type SettingsAdmin struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Sites  *Resolver // reloaded after a change, so every request sees it
}

// Routes registers the routes.
func (h *SettingsAdmin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/settings", auth.Require(auth.Admin, h.Errors, h.show))
	mux.HandleFunc("POST /admin/settings", auth.Require(auth.Admin, h.Errors, h.save))
}

// settingsField is one input of the settings form; Label and Error are
// message keys.
type settingsField struct {
	Name, Label, Value, Error, Hint string
	Lang                            i18n.Locale
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

// settingsPage is what the settings page shows.
type settingsPage struct {
	Names, Descriptions []settingsField
	Timezone            settingsField
	PublicURL           settingsField
	ReportThreshold     settingsField
	Invalid             bool
	Saved               bool
}

func newSettingsPage(f *web.Form) settingsPage {
	var p settingsPage
	for _, l := range SettingsLocales {
		loc := string(l)
		n := settingsField{Name: "name_" + loc, Label: "siteadmin.settings.name_" + loc, Value: f.Values.Get("name_" + loc),
			Error: f.Error("name_" + loc), Lang: l, Required: l == i18n.AR, Max: MaxNameLen}
		// zgh is optional: its pages show Arabic where it has no text.
		n.Missing = l != i18n.AR && l != i18n.ZGH && strings.TrimSpace(n.Value) == ""
		d := settingsField{Name: "description_" + loc, Label: "siteadmin.settings.description_" + loc,
			Value: f.Values.Get("description_" + loc), Error: f.Error("description_" + loc), Lang: l, Textarea: true,
			Max: MaxDescriptionLen}
		d.Missing = l != i18n.AR && l != i18n.ZGH && strings.TrimSpace(d.Value) == "" && strings.TrimSpace(f.Values.Get("description_ar")) != ""
		p.Names, p.Descriptions = append(p.Names, n), append(p.Descriptions, d)
	}
	p.Timezone = settingsField{Name: "timezone", Label: "siteadmin.settings.timezone", Value: f.Values.Get("timezone"),
		Error: f.Error("timezone"), Hint: "siteadmin.settings.timezone_hint", Required: true, Max: 64}
	p.PublicURL = settingsField{Name: "public_url", Label: "siteadmin.settings.public_url", Value: f.Values.Get("public_url"),
		Error: f.Error("public_url"), Hint: "siteadmin.settings.public_url_hint", Max: MaxPublicURLLen}
	p.ReportThreshold = settingsField{Name: "report_threshold", Label: "siteadmin.settings.report_threshold",
		Value: f.Values.Get("report_threshold"), Error: f.Error("report_threshold"), Hint: "siteadmin.settings.report_threshold_hint",
		Required: true, Max: 3}
	p.Invalid = !f.Valid()
	return p
}

func (h *SettingsAdmin) render(w http.ResponseWriter, r *http.Request, status int, p settingsPage) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.Pages.Page(w, r, status, "siteadmin_settings", "admin", p); err != nil {
		h.Errors.Error(w, r, err)
	}
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
	}
	f.Values.Set("timezone", s.Timezone)
	f.Values.Set("public_url", s.PublicURL)
	threshold, err := ReportThreshold(r.Context(), h.DB.R(), s.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	f.Values.Set("report_threshold", strconv.Itoa(threshold))
	p := newSettingsPage(f)
	p.Saved = r.URL.Query().Get("done") == "saved"
	h.render(w, r, http.StatusOK, p)
}

// save validates and stores the settings, then reloads the resolver so the
// next request already shows the new name. Invalid values re-render the form
// with 422, every value kept and a message by each failed field.
func (h *SettingsAdmin) save(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	s := Settings{Name: i18n.Text{}, Description: i18n.Text{}, Timezone: f.Get("timezone"), PublicURL: f.Get("public_url")}
	for _, l := range SettingsLocales {
		if v := f.Get("name_" + string(l)); v != "" {
			s.Name[l] = v
		}
		if v := f.Get("description_" + string(l)); v != "" {
			s.Description[l] = v
		}
	}
	// Left out, the report threshold stays as it is.
	if raw := f.Get("report_threshold"); raw != "" {
		if n, err := strconv.Atoi(raw); err == nil && n >= 1 {
			s.ReportThreshold = n
		} else {
			f.Fail("report_threshold", "siteadmin.error.report_threshold")
		}
	}
	for k, v := range s.Check() {
		f.Fail(k, v)
	}
	if !f.Valid() {
		h.render(w, r, http.StatusUnprocessableEntity, newSettingsPage(f))
		return
	}
	siteID := web.SiteOf(ctx).ID
	if err := h.DB.InTx(ctx, func(tx *db.Tx) error { return SaveSettings(ctx, tx, siteID, auth.UserFrom(ctx), s) }); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Sites.Reload(ctx); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings?done=saved", http.StatusSeeOther)
}
