package web

import (
	"container/list"
	"strings"
	"time"
)

// The page cache's entries live in a map by key and in a ring that a CLOCK
// hand sweeps when the cache is over its bounds: an entry used since the
// hand last passed gets another turn, an unused or expired one goes. A new
// entry joins the ring just behind the hand, so it has a whole turn to be
// used before the hand reaches it. Hits only set a flag, so they take no
// write lock, and the cache never empties itself at once, as it did when
// full.

// entryOverhead is counted for each entry beside its bytes: the map slot,
// the ring's element and the struct.
const entryOverhead = 256

func (c *PageCache) maxBytes() int {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return cacheMaxBytes
}

func (c *PageCache) maxEntries() int {
	if c.MaxEntries > 0 {
		return c.MaxEntries
	}
	return cacheMaxEntries
}

// fits sizes e and reports whether the bounds allow keeping it: one entry
// may take an eighth of the cache, its gzip form to come included (at most
// about the body's size).
func (c *PageCache) fits(e *cacheEntry) bool {
	e.size = entryOverhead + len(e.key) + len(e.body) + len(e.gz) + len(e.contentType) + len(e.cacheCtl) +
		len(e.disposition) + len(e.etag)
	return e.size+len(e.body) <= c.maxBytes()/8
}

// store keeps e, which fits, replacing the key's entry unless that one was
// rendered at a newer generation, and evicts others to stay within the
// bounds.
func (c *PageCache) store(e *cacheEntry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*cacheEntry{}
		c.ring = list.New()
	}
	if old := c.entries[e.key]; old != nil {
		if !old.uncacheable && old.gen > e.gen {
			return
		}
		c.remove(old)
	}
	if c.hand == nil {
		e.elem = c.ring.PushBack(e)
	} else {
		e.elem = c.ring.InsertBefore(e, c.hand)
	}
	c.entries[e.key] = e
	c.size += e.size
	c.addVariant(e)
	c.evict(e, now)
}

// variantOf returns the key of e without its query, and whether it has one.
func variantOf(key string) (string, bool) {
	i := strings.IndexByte(key, '?')
	if i < 0 {
		return key, false
	}
	return key[:i], true
}

// addVariant records e among its path's answers to URLs with a query, and
// removes the oldest of them when there are more than cacheMaxVariants.
// Called with mu held.
func (c *PageCache) addVariant(e *cacheEntry) {
	path, ok := variantOf(e.key)
	if !ok {
		return
	}
	if c.variants == nil {
		c.variants = map[string][]string{}
	}
	keys := append(c.variants[path], e.key)
	c.variants[path] = keys
	if len(keys) > cacheMaxVariants {
		if old := c.entries[keys[0]]; old != nil {
			c.remove(old) // drops keys[0] from the list
			c.evictions.Add(1)
		} else {
			c.variants[path] = keys[1:]
		}
	}
}

// dropVariant removes e from its path's list. Called with mu held.
func (c *PageCache) dropVariant(e *cacheEntry) {
	path, ok := variantOf(e.key)
	if !ok {
		return
	}
	keys := c.variants[path]
	for i, k := range keys {
		if k == e.key {
			keys = append(keys[:i:i], keys[i+1:]...)
			break
		}
	}
	if len(keys) == 0 {
		delete(c.variants, path)
	} else {
		c.variants[path] = keys
	}
}

// markUncacheable records that the key's answer at gen could not be kept,
// unless a recent mark says so already.
func (c *PageCache) markUncacheable(key string, gen uint64, now time.Time) {
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e != nil && e.uncacheable && e.expires.Sub(now) > uncacheableFor/2 {
		return
	}
	m := &cacheEntry{key: key, gen: gen, expires: now.Add(uncacheableFor), uncacheable: true}
	if c.fits(m) {
		c.store(m, now)
	}
}

// grew counts n more bytes for e (its gzip form), if it is still kept.
func (c *PageCache) grew(e *cacheEntry, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.elem == nil {
		return
	}
	e.size += n
	c.size += n
	c.evict(e, c.now())
}

// evict moves the CLOCK hand until the cache is within its bounds, never
// evicting keep. An entry used since the hand last passed is spared once,
// unless it has expired; after two turns of the ring (hits keep setting the
// flags meanwhile, without the lock) the hand spares none. Called with mu
// held.
func (c *PageCache) evict(keep *cacheEntry, now time.Time) {
	maxBytes, maxEntries := c.maxBytes(), c.maxEntries()
	spare := 2 * c.ring.Len()
	for (c.size > maxBytes || c.ring.Len() > maxEntries) && c.ring.Len() > 1 {
		if c.hand == nil {
			c.hand = c.ring.Front()
		}
		e := c.hand.Value.(*cacheEntry)
		if e == keep || (spare > 0 && e.ref.Swap(false) && now.Before(e.expires)) {
			c.hand = c.hand.Next()
			spare--
			continue
		}
		c.remove(e)
		c.evictions.Add(1)
	}
}

// remove drops e from the map and the ring, moving the hand on if it
// points at e. Called with mu held.
func (c *PageCache) remove(e *cacheEntry) {
	if e.elem == nil {
		return
	}
	if c.entries[e.key] == e {
		delete(c.entries, e.key)
		c.dropVariant(e)
	}
	if c.hand == e.elem {
		c.hand = e.elem.Next() // nil past the back: the front next time
	}
	c.ring.Remove(e.elem)
	e.elem = nil
	c.size -= e.size
}
