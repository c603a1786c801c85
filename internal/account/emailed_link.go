package account

import "net/http"

// LinkPage is what an emailed link opens: what its button will do, and the
// button. Mail scanners and link previews fetch these links too, so the GET
// only shows this page; the form's POST is what acts (and uses the token up).
type LinkPage struct {
	Title  string // message keys
	Body   string
	Button string
	Email  string // {{.Email}} in Body: the address a change of email gives the account
	Action string // where the form posts
	Token  string
}

// linkHeaders keeps a page reached with a token in its address out of every
// cache, and the token out of the Referer of whatever it loads or links to.
func linkHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (a *Accounts) linkPage(w http.ResponseWriter, r *http.Request, p LinkPage) {
	linkHeaders(w)
	a.render(w, r, http.StatusOK, "account_link", p)
}
