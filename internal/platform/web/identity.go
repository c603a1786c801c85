package web

import (
	"context"
	"sync/atomic"
)

// A page whose handler never asked who is signed in is the same for every
// reader but for the layout's account navigation. The page cache watches
// each render it may keep (watchIdentity), the function that tells handlers
// who is signed in (auth.UserFrom) notes the question (NoteIdentityAsked),
// and the cache then serves what an anonymous visitor's render left to
// signed-in readers too, with their own navigation swapped in.

type identityKey struct{}

// watchIdentity returns ctx in which a question about the signed-in person
// sets asked.
func watchIdentity(ctx context.Context) (_ context.Context, asked *atomic.Bool) {
	asked = new(atomic.Bool)
	return context.WithValue(ctx, identityKey{}, asked), asked
}

// NoteIdentityAsked records that the request's handler asked who is signed
// in: its answer depends on the reader.
func NoteIdentityAsked(ctx context.Context) {
	if asked, ok := ctx.Value(identityKey{}).(*atomic.Bool); ok && !asked.Load() {
		asked.Store(true)
	}
}
