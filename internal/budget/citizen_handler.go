package budget

import (
	"html/template"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// CitizenChapter is one chapter of the citizen budget: its figures and the
// editors' text with the figures inserted.
type CitizenChapter struct {
	Key    ChapterKey
	Label  i18n.Text
	URL    string
	Row    Row
	Body   template.HTML
	Fields []CitizenField // the admin form's inputs, one per language
}

// CitizenField is one textarea of the admin form.
type CitizenField struct {
	Name   string
	Locale i18n.Locale
	Value  string
	Error  string
}

// CitizenPage is /budget/{year}/citizen, and the admin form that writes it.
type CitizenPage struct {
	Year         int
	Stage        Stage
	YearURL      string
	Intro        template.HTML
	IntroFields  []CitizenField
	Revenue      Figure
	Expenditure  Figure
	HasExecution bool
	Population   string
	Chapters     []CitizenChapter
	Placeholders []string
	Saved        bool
	Invalid      bool
}

// citizenPage builds the page for year at its latest stage; texts may be
// nil (the admin form fills its fields itself).
func (h *Handler) citizenPage(r *http.Request, year int) (*CitizenPage, *Budget, error) {
	ctx := r.Context()
	all, err := h.published(ctx)
	if err != nil {
		return nil, nil, err
	}
	stage, _, err := choose(r, all, year)
	if err != nil {
		return nil, nil, err
	}
	b, err := Load(ctx, h.DB.R(), web.SiteOf(ctx).ID, year, stage)
	if err != nil {
		return nil, nil, err
	}
	texts, err := CitizenTexts(ctx, h.DB.R(), web.SiteOf(ctx).ID, year)
	if err != nil {
		return nil, nil, err
	}
	l := web.Locale(ctx)
	m := NewMoney(h.Errors.Catalog.Printer(l))
	p := &CitizenPage{Year: year, Stage: stage, YearURL: stageURL(yearPath(year), stage), Placeholders: Placeholders}
	rev, exp := Filter(b.Lines, Revenue, ""), Filter(b.Lines, Expenditure, "")
	p.Revenue, p.Expenditure = figure(m, Sum(rev), nil, false, b.Population), figure(m, Sum(exp), nil, false, b.Population)
	for _, ln := range b.Lines {
		if ln.Executed != 0 {
			p.HasExecution = true
		}
	}
	if b.Population > 0 {
		p.Population = m.Count(b.Population)
	}
	p.Intro = renderCitizen(texts[TextKey{}], l, map[string]string{"planned": p.Expenditure.Planned, "executed": p.Expenditure.Executed,
		"rate": p.Expenditure.Rate, "per_inhabitant": p.Expenditure.PerInhabitant})
	for _, d := range Directions {
		lines := Filter(b.Lines, d, "")
		groups := chapterGroups(lines)
		for i, r := range rows(m, b, groups, Sum(lines).Planned, nil, false, d) {
			sec, code, _ := cut(groups[i].Key)
			k := ChapterKey{Direction: d, Section: Section(sec), Chapter: code}
			body := texts[TextKey(k)]
			p.Chapters = append(p.Chapters, CitizenChapter{Key: k, Label: r.Label, URL: r.URL, Row: r,
				Body: renderCitizen(body, l, map[string]string{"planned": r.Planned, "executed": r.Executed, "rate": r.Rate,
					"share": r.Share, "per_inhabitant": r.PerInhabitant})})
		}
	}
	return p, b, nil
}

// citizen: GET /budget/{year}/citizen.
func (h *Handler) citizen(w http.ResponseWriter, r *http.Request) {
	y, ok := yearParam(r.PathValue("year"))
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	p, _, err := h.citizenPage(r, y)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, "budget_citizen", p)
}

// CitizenAdmin serves the editors' form for the citizen budget texts.
type CitizenAdmin struct{ Public *Handler }

// Routes registers the form; editors and administrators only.
func (a *CitizenAdmin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/budget/citizen/{year}", auth.Require(auth.Editor, a.Public.Errors, a.form))
	mux.HandleFunc("POST /admin/budget/citizen/{year}", auth.Require(auth.Editor, a.Public.Errors, a.save))
}

var citizenLocales = []i18n.Locale{i18n.AR, i18n.FR, i18n.EN}

func fieldName(k TextKey, l i18n.Locale) string {
	if k == (TextKey{}) {
		return "intro_" + string(l)
	}
	return "text_" + string(k.Direction) + "_" + string(k.Section) + "_" + k.Chapter + "_" + string(l)
}

// fields fills the page's form fields from values (a submitted form) or
// from the stored texts.
func fields(p *CitizenPage, get func(name string) string) {
	mk := func(k TextKey) []CitizenField {
		var out []CitizenField
		for _, l := range citizenLocales {
			n := fieldName(k, l)
			f := CitizenField{Name: n, Locale: l, Value: get(n)}
			if utf8.RuneCountInString(f.Value) > MaxCitizenText {
				f.Error = "budget.citizen.too_long"
				p.Invalid = true
			}
			out = append(out, f)
		}
		return out
	}
	p.IntroFields = mk(TextKey{})
	for i := range p.Chapters {
		p.Chapters[i].Fields = mk(TextKey(p.Chapters[i].Key))
	}
}

func (a *CitizenAdmin) form(w http.ResponseWriter, r *http.Request) {
	y, ok := yearParam(r.PathValue("year"))
	if !ok {
		a.Public.Errors.NotFound(w, r)
		return
	}
	p, _, err := a.Public.citizenPage(r, y)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	texts, err := CitizenTexts(r.Context(), a.Public.DB.R(), web.SiteOf(r.Context()).ID, y)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	byName := map[string]string{}
	for k, t := range texts {
		for _, l := range citizenLocales {
			byName[fieldName(k, l)] = t[l]
		}
	}
	fields(p, func(n string) string { return byName[n] })
	p.Saved = r.URL.Query().Get("saved") == "1"
	a.show(w, r, http.StatusOK, p)
}

func (a *CitizenAdmin) save(w http.ResponseWriter, r *http.Request) {
	y, ok := yearParam(r.PathValue("year"))
	if !ok {
		a.Public.Errors.NotFound(w, r)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	p, _, err := a.Public.citizenPage(r, y)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	fields(p, func(n string) string { return f.Values.Get(n) })
	if p.Invalid {
		a.show(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	texts := map[TextKey]i18n.Text{}
	collect := func(k TextKey, fs []CitizenField) {
		t := i18n.Text{}
		for _, fl := range fs {
			if fl.Value != "" {
				t[fl.Locale] = fl.Value
			}
		}
		texts[k] = t
	}
	collect(TextKey{}, p.IntroFields)
	for _, c := range p.Chapters {
		collect(TextKey(c.Key), c.Fields)
	}
	ctx := r.Context()
	err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
		return SaveCitizenTexts(ctx, tx, web.SiteOf(ctx).ID, auth.UserFrom(ctx), y, texts)
	})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/budget/citizen/"+strconv.Itoa(y)+"?saved=1", http.StatusSeeOther)
}

func (a *CitizenAdmin) show(w http.ResponseWriter, r *http.Request, status int, p *CitizenPage) {
	w.Header().Set("Cache-Control", "no-store")
	if err := a.Public.Pages.Page(w, r, status, "budgetadmin_citizen", "admin", p); err != nil {
		a.Public.Errors.Error(w, r, err)
	}
}
