package db

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
)

// Caches of rendered pages must forget a page once a write has changed what
// it shows. They compare write generations: counters that every committed
// write transaction of this process raises, before and after its commit, so
// that a page rendered from the state before a commit is never kept under
// the generation after it.
//
// Sites (tenants) share no rows, so a write for one site changes no page of
// another: a transaction that says which sites it writes for raises only
// their generations. Saying so is never needed for correctness: a
// transaction that names no site raises the generation of every site.
// Transactions name their site through their context (WithSite, which the
// HTTP layer sets for each request from the site the request is for) or
// with Tx.Touch.

type generations struct {
	all      atomic.Uint64 // every commit: Generation
	unscoped atomic.Uint64 // commits that named no site: every site's generation
	sites    sync.Map      // int64 -> *atomic.Uint64: commits for that site
}

type siteScopeKey struct{}

// WithSite returns ctx declaring that the write transactions run under it
// write rows of site siteID only, so that their commits make only that
// site's cached pages stale (SiteGeneration). A request is for one site and
// handlers scope every statement by its id, so the HTTP layer declares it
// for every request. siteID 0 declares nothing.
func WithSite(ctx context.Context, siteID int64) context.Context {
	if siteID == 0 {
		return ctx
	}
	return context.WithValue(ctx, siteScopeKey{}, siteID)
}

type noPagesKey struct{}

// NoPages returns ctx declaring that the write transactions run under it
// change no row that any page shows (the mail queue's own bookkeeping, say),
// so that their commits leave every site's cached pages valid. Generation
// still counts them. A transaction that also names a site (Tx.Touch) raises
// that site's generation.
func NoPages(ctx context.Context) context.Context {
	return context.WithValue(ctx, noPagesKey{}, true)
}

func noPages(ctx context.Context) bool {
	b, _ := ctx.Value(noPagesKey{}).(bool)
	return b
}

// siteOf returns the site that ctx declares, or 0.
func siteOf(ctx context.Context) int64 {
	id, _ := ctx.Value(siteScopeKey{}).(int64)
	return id
}

// Touch records that the transaction writes rows of site siteID, in
// addition to the site its context declares: its commit then raises that
// site's generation too. A transaction that names no site at all (a
// background job, a command) raises every site's.
func (t *Tx) Touch(siteID int64) {
	if siteID != 0 && !slices.Contains(t.sites, siteID) {
		t.sites = append(t.sites, siteID)
	}
}

// bump raises the generations a commit of a transaction writing for sites
// changes (every site's when sites is empty, unless it writes no page).
func (g *generations) bump(sites []int64, pageless bool) {
	g.all.Add(1)
	if len(sites) == 0 && pageless {
		return
	}
	if len(sites) == 0 {
		g.unscoped.Add(1)
		return
	}
	for _, id := range sites {
		c, ok := g.sites.Load(id)
		if !ok {
			c, _ = g.sites.LoadOrStore(id, new(atomic.Uint64))
		}
		c.(*atomic.Uint64).Add(1)
	}
}

// Generation counts the write transactions this process has committed (by
// twos): it changes with every commit, whatever it wrote.
func (d *DB) Generation() uint64 { return d.gens.all.Load() }

// SiteGeneration changes whenever a write transaction of this process that
// may have written rows of site siteID commits: one that declared the site
// (WithSite, Tx.Touch) or one that declared none. Both counters only grow,
// so their sum changes whenever either does.
func (d *DB) SiteGeneration(siteID int64) uint64 {
	n := d.gens.unscoped.Load()
	if c, ok := d.gens.sites.Load(siteID); ok {
		n += c.(*atomic.Uint64).Load()
	}
	return n
}
