// Package comment is the comment engine that every commentable thing uses:
// commitments, milestones and proposals now; news posts, events and
// petitions as their features arrive.
//
// A feature never gives this package its own types: a thing is named by a
// Target, a kind and an id ("commitment", 12), and each kind is registered
// once, when the server is wired, with its options:
//
//	kinds := comment.NewKinds()
//	kinds.Register(comment.Kind{
//		Name:   "commitment",
//		Stance: false,
//		URL:    func(id int64) string { return "/commitments/" + strconv.FormatInt(id, 10) },
//		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) { … },
//	})
//
// A page that embeds the thread asks the Service for its first page and
// hands it to the shared partial:
//
//	thread, err := comments.Thread(ctx, r, comment.Target{Kind: "commitment", ID: 12}, "")
//	…
//	{{with .Data.Thread}}{{template "comment_thread" .}}{{end}}
//
// Every form of the thread (post, reply, vote, report, edit, delete) is a
// plain HTML form that works without JavaScript. Replies nest to MaxDepth;
// the thread shows PageSize top-level comments a page, newest first (older
// pages at /threads/{kind}/{id}?after=), and a comment's replies on their
// own page (/comments/{id}/replies). Adding a commentable kind takes a
// Register call in the server's wiring (internal/server/comments.go); a kind
// whose feature is wired later is registered with its URL and gets its
// lookup with Kinds.SetLookup.
//
// Rules (rules.go) are plain functions: length and link limits, the edit
// window, the depth, the report threshold, duplicates. Markdown is a small
// subset (emphasis, links, lists, quotes, code) rendered by goldmark and then
// sanitized by bluemonday: no raw HTML, no images, links marked
// rel="nofollow ugc noopener".
//
// Guests may comment on kinds that allow it: their comment shows once the
// address is confirmed through an emailed link or a moderator approves it.
// An email address is never shown: no page, API answer or export reads the
// guest_email column; only the confirmation mail uses it.
//
// A reply tells the author of the comment it answers (when they have an
// account) and the followers of the thread's thing, through notify.Publish
// in the transaction that makes the reply visible: its posting by a
// signed-in person, a guest's confirmation or a moderator's approval. The
// notify target is the thread's Target (kind and id), so a kind's name is
// also its follow target kind.
//
// Moderators (auth.Moderator and above) review reported and pending comments
// at /admin/moderation: hide, restore, approve, dismiss the reports (the
// comment stays visible), and block an account. A comment reported by the
// site's threshold of people (3 by default) is hidden until reviewed. Every
// decision (Decide) resolves the reports filed so far: they stay in the
// reports table, so the same people cannot report it again, but no longer
// queue it or count towards hiding it; new reports by others queue it again
// and hide it again only once the threshold is reached anew.
//
// Reports are keyed by kind and id (reports.go), so other public
// contributions share them: a feature registers its kind as a Reportable
// (Service.AddReportable), with a lookup of what moderators see and a
// SetHidden that takes the thing off (or puts it back on) the feature's
// public pages, API, exports and search. Its reports are sent to POST
// /reports, counted against the same threshold, listed in the same queue,
// and decided at /admin/moderation/items/{kind}/{id}, each decision in the
// public ledger. Nobody votes on their own comment (CanVote).
package comment
