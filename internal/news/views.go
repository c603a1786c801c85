package news

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"sync"
	"time"
)

// ViewCounter decides which article views count, without cookies and
// without keeping anything that identifies a reader: a visitor counts once a
// day per article. A visitor is the SHA-256 of a salt, their IP address,
// their User-Agent and the article; the salt is random, made afresh each
// day and kept only in memory, so yesterday's hashes can no longer be
// linked to anybody once the day is over (they are dropped with the salt).
// Bots, as their User-Agent tells, are not counted.
//
// It is safe for concurrent use: of any number of simultaneous views by the
// same visitor of the same article on one day, exactly one counts. The
// count itself is then one atomic UPDATE. One ViewCounter serves a process;
// several instances behind a load balancer each keep their own, so a
// visitor moving between them may count once per instance.
type ViewCounter struct {
	// Max bounds how many visitors one day remembers (DefaultMaxVisitors
	// when 0); past it, the day starts afresh, counting some visitors twice
	// rather than letting memory grow without bound.
	Max int

	mu   sync.Mutex
	day  string
	salt [32]byte
	seen map[[32]byte]struct{}
}

// DefaultMaxVisitors is ViewCounter.Max's default.
const DefaultMaxVisitors = 1 << 20

// First reports whether a view of article postID by the visitor (ip,
// userAgent) at now should be counted: not a bot, and the visitor's first
// view of the article on now's calendar day in loc.
func (c *ViewCounter) First(now time.Time, loc *time.Location, ip, userAgent string, postID int64) bool {
	if IsBot(userAgent) {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	day := now.In(loc).Format("2006-01-02")
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := c.Max
	if limit <= 0 {
		limit = DefaultMaxVisitors
	}
	if day != c.day || c.seen == nil || len(c.seen) >= limit {
		c.day = day
		_, _ = rand.Read(c.salt[:]) // never fails (crypto/rand panics rather than return an error)
		c.seen = map[[32]byte]struct{}{}
	}
	key := visitorHash(c.salt, ip, userAgent, postID)
	if _, ok := c.seen[key]; ok {
		return false
	}
	c.seen[key] = struct{}{}
	return true
}

func visitorHash(salt [32]byte, ip, userAgent string, postID int64) [32]byte {
	h := sha256.New()
	h.Write(salt[:])
	var n [8]byte
	// Lengths before each field, so that ("a", "bc") and ("ab", "c") differ.
	binary.BigEndian.PutUint64(n[:], uint64(len(ip)))
	h.Write(n[:])
	h.Write([]byte(ip))
	binary.BigEndian.PutUint64(n[:], uint64(len(userAgent)))
	h.Write(n[:])
	h.Write([]byte(userAgent))
	binary.BigEndian.PutUint64(n[:], uint64(postID))
	h.Write(n[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// botMarkers are lower-case pieces of User-Agent strings that crawlers,
// link previewers, monitors and command-line tools send.
var botMarkers = []string{
	"bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "preview", "monitor",
	"curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "java/", "okhttp", "libwww",
	"httpclient", "headlesschrome", "lighthouse", "pingdom", "uptime", "feedfetcher", "rss", "scrapy", "phantomjs",
}

// IsBot reports whether a User-Agent belongs to a program rather than a
// person's browser: empty, too short to be a browser's, or naming a known
// crawler or tool.
func IsBot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if len(ua) < 10 {
		return true
	}
	for _, m := range botMarkers {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}
