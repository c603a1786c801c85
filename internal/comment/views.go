package comment

import (
	"embed"

	"github.com/infitah/infitah/internal/platform/web"
)

// Templates holds the feature's pages and the partials other features embed
// ("comment_thread"); the server hands them to web.Shared.
//
//go:embed templates/*.html
var Templates embed.FS

// Fields is what the comment form partial needs: the values and errors, the
// options, and a prefix for element ids (several forms share a page).
type Fields struct {
	Form    *web.Form
	Stance  bool
	Guest   bool
	Prefix  string
	Stances []Stance
}

// NewComment is the thread's form for a new top-level comment.
func (v *ThreadView) NewComment() Fields {
	return Fields{Form: v.Form, Stance: v.Kind.Stance, Guest: !v.Viewer.SignedIn, Prefix: "comment-new", Stances: Stances}
}

// ReplyForm is the form that answers the page's comment.
func (p RepliesPage) ReplyForm() Fields {
	return Fields{Form: web.NewForm(nil), Guest: !p.Thread.Viewer.SignedIn, Prefix: "comment-reply", Stances: Stances}
}

// Fields is the form page's form.
func (p FormPage) Fields() Fields {
	return Fields{Form: p.Form, Stance: p.Stance, Guest: p.Guest, Prefix: "comment-form", Stances: Stances}
}

// Item is one comment as the "comment_item" partial shows it, with the
// thread it belongs to (for the viewer and the page to come back to).
type Item struct {
	View
	Thread *ThreadView
	Back   string // the page the item's forms return to
}

// Items pairs views with their thread for the partial.
func (v *ThreadView) Items(list []View, back string) []Item {
	out := make([]Item, len(list))
	for i, c := range list {
		out[i] = Item{View: c, Thread: v, Back: back + "#comment-" + itoa(c.ID)}
	}
	return out
}

// Item is one view paired with its thread, for the partial.
func (v *ThreadView) Item(c *View, back string) Item {
	return Item{View: *c, Thread: v, Back: back + "#comment-" + itoa(c.ID)}
}
