package account_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// people inserts n citizens named "Person 00"… with emails
// person00@example.net…, without password hashing (they never sign in).
func (e *orgEnv) people(n int) []int64 {
	e.T.Helper()
	ctx := context.Background()
	var ids []int64
	err := e.DB.InTx(ctx, func(tx *db.Tx) error {
		for i := range n {
			u := &account.UserRecord{SiteID: e.SiteID, Email: fmt.Sprintf("person%02d@example.net", i),
				Name: fmt.Sprintf("Person %02d", i), PasswordHash: "-", Role: auth.Citizen}
			if err := account.CreateUser(ctx, tx, u); err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		return nil
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return ids
}

func TestUserAdministration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		ar := func(key string) string { return message(t, i18n.AR, key) }
		admin := e.SignIn(auth.Admin)
		ids := e.people(55)

		// A list of 56 people (55 and the administrator) is two pages of 50.
		first := e.get(admin, "/admin/users")
		first.want(t, "users", 200, `href="/admin/users?page=2"`, "@example.net")
		second := e.get(admin, "/admin/users?page=2")
		second.want(t, "users page 2", 200, `href="/admin/users"`)
		rows := strings.Count(first.Body, `<th scope="row">`) + strings.Count(second.Body, `<th scope="row">`)
		if rows != 56 {
			t.Errorf("the two pages list %d people, want 56", rows)
		}
		e.get(admin, "/admin/users?page=0").want(t, "page 0", 400)
		e.get(admin, "/admin/users?page=x").want(t, "page x", 400)

		// Search by email or name, case-insensitively; LIKE wildcards are literal.
		a := e.get(admin, "/admin/users?q=PERSON07%40")
		a.want(t, "search email", 200, "person07@example.net", i18n.MustLoad().Printer(i18n.AR).N("siteadmin.users.count", 1))
		if strings.Contains(a.Body, "person08@") {
			t.Error("search by email found another person")
		}
		e.get(admin, "/admin/users?q=person+1").want(t, "search name", 200, "Person 10", "Person 19")
		if a := e.get(admin, "/admin/users?q=%25"); strings.Contains(a.Body, "Person 00") {
			t.Error("% is a wildcard in the search")
		}

		// A deleted person is "deleted user", without name or email.
		_, err := d.Writer().ExecContext(context.Background(), d.Rebind(`UPDATE users SET deleted_at = created_at WHERE id = ?`), ids[3])
		if err != nil {
			t.Fatal(err)
		}
		a = e.get(admin, "/admin/users?q=person03")
		a.want(t, "deleted in list", 200, ar("siteadmin.deleted_user"))
		if strings.Contains(a.Body, "Person 03") {
			t.Error("list shows a deleted person's name")
		}
		a = e.get(admin, "/admin/users/"+itoa(ids[3]))
		a.want(t, "deleted user page", 200, ar("siteadmin.deleted_user"))
		if strings.Contains(a.Body, "person03@") || strings.Contains(a.Body, `name="role"`) {
			t.Error("a deleted user's page shows their email or a role form")
		}
		e.post(admin, "/admin/users/"+itoa(ids[3]), url.Values{"role": {"editor"}}).want(t, "role of deleted user", 404)

		// Changing a role.
		user := "/admin/users/" + itoa(ids[0])
		e.get(admin, user).want(t, "user page", 200, "person00@example.net", `<option value="citizen" selected>`)
		if a := e.post(admin, user, url.Values{"role": {"editor"}}); a.Status != 303 || a.Location != user+"?done=role" {
			t.Fatalf("set role: %d %q\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		if r := e.role(ids[0]); r != auth.Editor {
			t.Errorf("role %s, want editor", r)
		}
		e.get(admin, user+"?done=role").want(t, "after role", 200, ar("siteadmin.notice.role"), `<option value="editor" selected>`)
		e.post(admin, user, url.Values{"role": {"king"}}).want(t, "unknown role", 422, ar("siteadmin.error.role"), `aria-invalid="true"`)
		e.get(admin, "/admin/users/999999").want(t, "unknown user", 404)

		// The last administrator cannot demote themselves; with a second one they can.
		self := "/admin/users/" + itoa(admin.ID)
		e.post(admin, self, url.Values{"role": {"moderator"}}).want(t, "last admin", 422, ar("siteadmin.error.last_admin"),
			`<option value="moderator" selected>`)
		if r := e.role(admin.ID); r != auth.Admin {
			t.Fatalf("last admin demoted to %s", r)
		}
		e.post(admin, "/admin/users/"+itoa(ids[1]), url.Values{"role": {"admin"}})
		if a := e.post(admin, self, url.Values{"role": {"moderator"}}); a.Status != 303 {
			t.Fatalf("demote with another admin: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		e.get(admin, "/admin/users").want(t, "former admin", 403)

		// Each change is in the ledger, with the roles and no email.
		if n := e.Count(`SELECT COUNT(*) FROM audit_entries WHERE entity = 'user'`); n != 3 {
			t.Errorf("%d user entries, want 3", n)
		}
		var before, after string
		err = d.R().QueryRowContext(context.Background(), `SELECT before_data, after_data FROM audit_entries WHERE entity = 'user' AND entity_id = ?`, ids[0]).Scan(&before, &after)
		if err != nil || before != `{"role":"citizen"}` || after != `{"role":"editor"}` {
			t.Errorf("role entry: %s → %s (%v)", before, after, err)
		}
	})
}
