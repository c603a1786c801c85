// Package news is the site's news: posts with a title, summary and markdown
// body per language, a byline, a cover image, tags, a publication time
// (a post whose time is still to come is shown to editors only), links to
// the commitments it concerns, and whether comments are open. It serves
// /news, /news/{slug}, their API, the Atom feeds, the sitemap and the
// administration of posts at /admin/news.
//
// Views are counted on the server without cookies: see ViewCounter. Comments
// are the comment engine's (kind "news"): the server gives the Handler the
// thread and the counts (Threads); the pages and the API show the engine's
// counts rather than the comment_count column.
package news

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Post is a news post.
type Post struct {
	ID           int64           `json:"id"`
	SiteID       int64           `json:"-"`
	Slug         string          `json:"slug"`
	Title        i18n.Text       `json:"title"`
	Summary      i18n.Text       `json:"summary"`
	Body         i18n.Text       `json:"body"` // markdown
	Byline       string          `json:"byline"`
	CoverHash    string          `json:"-"`
	CoverURL     string          `json:"cover_url"` // "" without a cover
	CoverAlt     i18n.Text       `json:"cover_alt"`
	Tags         []string        `json:"tags"`
	PublishedAt  db.Timestamp    `json:"published_at"` // zero for a draft
	CommentsOpen bool            `json:"comments_open"`
	Views        int             `json:"view_count"`
	Comments     int             `json:"comment_count"`
	Commitments  []CommitmentRef `json:"commitments"`
	UpdatedAt    db.Timestamp    `json:"updated_at"`
	Version      int             `json:"-"` // the row version, for optimistic locking of the admin form
}

// CommitmentRef is a commitment a post concerns.
type CommitmentRef struct {
	ID    int64     `json:"id"`
	Ref   string    `json:"ref"`
	Title i18n.Text `json:"title"`
}

// PublicAt reports whether the post is published at now: it has a
// publication time and that time has come. Anyone may read it then; before,
// only editors.
func (p *Post) PublicAt(now time.Time) bool {
	return !p.PublishedAt.IsZero() && !p.PublishedAt.After(now)
}

// Scheduled reports whether the post has a publication time still to come.
func (p *Post) Scheduled(now time.Time) bool {
	return !p.PublishedAt.IsZero() && p.PublishedAt.After(now)
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// MaxSlug is the longest slug.
const MaxSlug = 80

// ValidSlug reports whether s may name a post in its URL: lower-case ASCII
// letters and digits in words joined by single hyphens, at most MaxSlug
// characters.
func ValidSlug(s string) bool { return len(s) <= MaxSlug && slugPattern.MatchString(s) }

// Slugify proposes a slug from a title in Latin script ("Forum : Régions
// ouvertes" → "forum-regions-ouvertes"); it returns "" when nothing usable
// is left, as for an Arabic title.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := folds[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= MaxSlug {
			break
		}
	}
	return strings.Trim(b.String()[:min(b.Len(), MaxSlug)], "-")
}

var folds = map[rune]rune{'à': 'a', 'â': 'a', 'ä': 'a', 'á': 'a', 'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'í': 'i', 'ô': 'o', 'ö': 'o', 'ó': 'o', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ú': 'u', 'ÿ': 'y', 'ñ': 'n'}

// Limits on tags.
const (
	MaxTags   = 10
	MaxTagLen = 40
	// MaxTagsLen bounds the comma-separated field the tags are typed in.
	MaxTagsLen = MaxTags * (MaxTagLen + 2)
)

// Bounds on a post's other fields, in characters (per language for a
// translatable text); a longer value fails its field with the bound.
const (
	MaxTitleLen    = 300
	MaxSummaryLen  = 1000
	MaxBodyLen     = 30000 // markdown
	MaxBylineLen   = 200
	MaxCoverAltLen = 300
	MaxCommitments = 50 // commitments a post is linked to
)

// NormalizeTag returns tag as stored and shown in URLs: trimmed, lower-case,
// inner spaces as hyphens. ok is false when it is empty, too long or holds
// anything but letters, digits and hyphens (Arabic letters are welcome).
func NormalizeTag(tag string) (string, bool) {
	tag = strings.ToLower(strings.Join(strings.Fields(tag), "-"))
	if tag == "" || utf8.RuneCountInString(tag) > MaxTagLen {
		return "", false
	}
	for _, r := range tag {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || unicode.Is(unicode.Mn, r)) {
			return "", false
		}
	}
	return tag, true
}

// ParseTags reads a comma-separated list of tags (Arabic commas too),
// normalized, without duplicates, in the order given. bad holds the tags
// that are not valid; too many is reported as tooMany.
func ParseTags(s string) (tags, bad []string, tooMany bool) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == ';' }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		t, ok := NormalizeTag(part)
		if !ok {
			bad = append(bad, strings.TrimSpace(part))
			continue
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags, bad, len(tags) > MaxTags
}
