// Package notify lets signed-in people follow things (a commitment, a
// consultation, a proposal, …) and be told by email when something happens
// to them: at once, in a daily or weekly digest, or never, as each person
// chooses on the account page. Every notification email is written in the
// recipient's language and carries a one-click unsubscribe link (RFC 8058)
// that works without signing in.
//
// # Targets
//
// A target is a kind and an id, written "commitment:12". Kinds are plain
// strings owned by the feature that publishes them: "commitment" (plan),
// "consultation" and "proposal" (consult), …. A feature that wants a follow
// button for its kind registers a Lookup in the Registry given to the
// Handler (server.go does the wiring), so notify never imports it:
//
//	reg.Register("proposal", func(ctx context.Context, q db.Querier, siteID, id int64) (notify.Info, error) { … })
//
// The Lookup returns the target's title and path, or db.ErrNotFound when
// the site has no such target.
//
// On a page, the follow button is the partial {{template "follow_button" .}}
// whose data is a Button from ButtonFor (a plain form POST; without a
// session it leads to the sign-in page).
//
// # Publishing
//
// Publish is the one entry point for features, and its contract is stable:
//
//	err := notify.Publish(ctx, tx, notify.Event{
//		SiteID:    siteID,
//		Kind:      notify.KindReply,             // "progress", "response" or "reply"
//		Target:    notify.Target{Kind: "proposal", ID: 7},
//		Title:     proposal.Title,               // i18n.Text: shown in each recipient's language
//		URL:       "/proposals/7#comment-31",    // a path on the site
//		ActorID:   author.ID,                    // never notified of their own action; 0 for none
//		ActorName: author.Name,                  // public name shown in the email; may be ""
//		Excerpt:   i18n.Text{i18n.AR: "…"},      // optional: a short extract of what happened
//		To:        []int64{parentAuthorID},      // explicit recipients besides the followers
//		OnlyTo:    true,                         // a reply: tell To only, not the followers
//	})
//
// Call it inside the transaction of the change it tells about (tx is a
// *db.Tx): if the change rolls back, nobody is told. Publish writes one
// notifications row per recipient — the followers of Target on the site
// (unless OnlyTo) plus To, each once, never ActorID, only verified and not deleted people
// whose preference is not "none" — and returns. It sends nothing itself:
// after the commit, the mail worker (running in `infitah serve`, woken by
// the commit) renders instant notifications into emails and queues them in
// the durable mail queue (internal/platform/outbox); daily and weekly
// notifications wait for the person's next digest, composed at 08:00 in the
// site's time zone (every day, or on Mondays). An error from Publish is a
// database error or an invalid event (no site, unknown kind, no target, a
// URL that is not a path): roll back, or log it if the change must stand.
//
// Kinds of event are listed in Kinds; each has its subject and sentence in
// the notify catalogue (internal/platform/i18n/locales/notify.*.toml,
// keys notify.event.<kind>.*). Adding a kind means adding those messages.
//
// # Tests
//
// Tests deliver deterministically by calling the server's DrainMail (or
// Service.Jobs through outbox.Outbox.Drain), which composes due
// notifications and digests and sends every due message, then read the
// mail from the data directory.
package notify
