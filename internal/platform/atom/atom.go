// Package atom holds the Atom 1.0 (RFC 4287) elements the site's feeds use
// (news, petitions, requests for information), so that each feature builds
// its entries and none repeats the format.
package atom

import (
	"encoding/xml"
	"time"
)

// Feed is an Atom feed document.
type Feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr"`
	ID      string   `xml:"id"`
	Title   Text     `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []Link   `xml:"link"`
	Author  Person   `xml:"author"`
	Entries []Entry  `xml:"entry"`
}

// Text is a text construct: plain ("" or "text") or "html".
type Text struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

// Link is a link of a feed or an entry.
type Link struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

// Person is an author.
type Person struct {
	Name string `xml:"name"`
}

// Category is an entry's category, with a readable label when its term is
// a code.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Entry is one item of a feed.
type Entry struct {
	ID         string     `xml:"id"`
	Title      Text       `xml:"title"`
	Links      []Link     `xml:"link"`
	Published  string     `xml:"published,omitempty"`
	Updated    string     `xml:"updated"`
	Author     *Person    `xml:"author,omitempty"`
	Categories []Category `xml:"category"`
	Summary    *Text      `xml:"summary,omitempty"`
	Content    *Text      `xml:"content,omitempty"`
}

// Time writes t as Atom dates are written (RFC 3339, UTC).
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Marshal is the feed as a document, with its XML declaration.
func Marshal(f Feed) ([]byte, error) {
	body, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), body...), nil
}
