package forum

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// The administration of the forum's members.

func (a *Admin) orgChoices(ctx context.Context) ([]webform.Option, map[int64]bool, error) {
	return account.OrganisationChoices(ctx, a.Public.DB.R(), web.SiteOf(ctx).ID, web.Locale(ctx))
}

func (a *Admin) memberForm(r *http.Request, f *web.Form, m *Member) (*webform.FormView, error) {
	p := a.printer(r)
	b := news.FormKit.Builder(p, f)
	b.Max = map[string]int{"name": MaxNameLen, "role": MaxRoleLen}
	orgs, _, err := a.orgChoices(r.Context())
	if err != nil {
		return nil, err
	}
	seats := []webform.Option{}
	for _, s := range Seats {
		seats = append(seats, webform.Option{Value: string(s), Label: p.T("forum.seat." + string(s))})
	}
	genders := []webform.Option{}
	for _, g := range Genders {
		genders = append(genders, webform.Option{Value: string(g), Label: p.T("forumadmin.gender." + string(g))})
	}
	v := &webform.FormView{Heading: p.T("forumadmin.new_member"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/members/new", Submit: p.T("newsadmin.form.save"),
		Sets: []webform.FieldSet{{Legend: p.T("forumadmin.member"), Hint: p.T("forumadmin.member_hint"), Fields: []webform.Field{
			b.Hint(b.Input("text", "name", -1, "forumadmin.member_name", true), "forumadmin.member_name_hint"),
			b.Choice("organisation", -1, "forumadmin.organisation", "forumadmin.no_organisation", orgs, false),
			b.Choice("seat", -1, "forumadmin.seat", "forumadmin.choose", seats, true),
			b.Choice("gender", -1, "forumadmin.gender_label", "forumadmin.choose", genders, true),
			b.Texts("role", -1, "forumadmin.role", false, false),
		}}}}
	if m != nil {
		v.Heading = p.T("forumadmin.edit_member", "Name", m.Name)
		v.Action = "/admin/forum/members/" + itoa(m.ID) + "/edit"
	}
	return v, nil
}

func memberValues(m *Member) url.Values {
	vs := url.Values{"name": {m.Name}, "seat": {string(m.Seat)}, "gender": {string(m.Gender)}}
	if m.OrganisationID > 0 {
		vs.Set("organisation", itoa(m.OrganisationID))
	}
	webform.TextValues(vs, "role", m.Role)
	return vs
}

// memberState is what the ledger records of a member: never the gender,
// which is published only in aggregate.
func memberState(m *Member) map[string]any {
	return map[string]any{"name": m.Name, "organisation_id": m.OrganisationID, "seat": m.Seat, "role": m.Role}
}

func (a *Admin) newMember(w http.ResponseWriter, r *http.Request) {
	v, err := a.memberForm(r, web.NewForm(nil), nil)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, v)
}

func (a *Admin) loadMember(w http.ResponseWriter, r *http.Request) (*Member, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.Public.Errors.NotFound(w, r)
		return nil, false
	}
	m, err := MemberByID(r.Context(), a.Public.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return nil, false
	}
	return m, true
}

func (a *Admin) editMember(w http.ResponseWriter, r *http.Request) {
	m, ok := a.loadMember(w, r)
	if !ok {
		return
	}
	v, err := a.memberForm(r, web.NewForm(memberValues(m)), m)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version = m.Version
	a.render(w, r, http.StatusOK, v)
}

func readMember(f *web.Form, known map[int64]bool) *Member {
	m := &Member{Name: f.Get("name"), Seat: Seat(f.Get("seat")), Gender: Gender(f.Get("gender")),
		Role: news.FormKit.ReadText(f, "role", -1, MaxRoleLen, false)}
	if v := f.Get("organisation"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !known[id] {
			f.Fail("organisation", "forumadmin.error.organisation")
		}
		m.OrganisationID = id
	}
	for _, p := range CheckMember(m) {
		f.Fail(p.Field, p.Key)
	}
	return m
}

func (a *Admin) saveMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	var cur *Member
	if r.PathValue("id") != "" {
		var ok bool
		if cur, ok = a.loadMember(w, r); !ok {
			return
		}
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.orgChoices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	m := readMember(f, known)
	m.SiteID = site.ID
	status, stale := http.StatusUnprocessableEntity, false
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if cur == nil {
				if err := CreateMember(ctx, tx, m); err != nil {
					return err
				}
				return record(ctx, tx, "create", "forum_member", m.ID, "forum member "+m.Name, nil, memberState(m))
			}
			m.ID = cur.ID
			if err := UpdateMember(ctx, tx, m, version); err != nil {
				return err
			}
			return record(ctx, tx, "update", "forum_member", m.ID, "forum member "+m.Name, memberState(cur), memberState(m))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.memberForm(r, f, cur)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version, v.Stale = version, stale
	a.render(w, r, status, v)
}

func (a *Admin) deleteMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, ok := a.loadMember(w, r)
	if !ok {
		return
	}
	err := a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := DeleteMember(ctx, tx, m.SiteID, m.ID); err != nil {
			return err
		}
		return record(ctx, tx, "delete", "forum_member", m.ID, "forum member "+m.Name, nil, memberState(m))
	})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
}

// --- meetings
