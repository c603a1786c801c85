package atom

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestMarshal(t *testing.T) {
	f := Feed{Lang: "ar", ID: "https://region.example/feeds/x.atom#ar", Title: Text{Body: "أخبار & <مواعيد>"},
		Updated: Time(time.Date(2024, 5, 1, 13, 0, 0, 0, time.FixedZone("", 3600))), Author: Person{Name: "الجهة"},
		Links: []Link{{Rel: "self", Type: "application/atom+xml", Href: "https://region.example/feeds/x.atom?lang=ar"}},
		Entries: []Entry{
			{ID: "e1", Title: Text{Type: "text", Body: "one"}, Updated: "2024-05-01T12:00:00Z",
				Categories: []Category{{Term: "refused", Label: "مرفوض"}}, Summary: &Text{Body: "s"}},
			{ID: "e2", Title: Text{Body: "two"}, Updated: "2024-05-01T12:00:00Z"},
		}}
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, want := range []string{xml.Header, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">`,
		"<title>أخبار &amp; &lt;مواعيد&gt;</title>", "<updated>2024-05-01T12:00:00Z</updated>",
		`<category term="refused" label="مرفوض"></category>`, "<summary>s</summary>"} {
		if !strings.Contains(out, want) {
			t.Errorf("feed lacks %q:\n%s", want, out)
		}
	}
	// What an entry leaves out is not written empty.
	second := out[strings.LastIndex(out, "<entry>"):]
	for _, bad := range []string{"<published>", "<author>", "<summary>", "<content>", "hreflang", "label="} {
		if strings.Contains(second, bad) {
			t.Errorf("an entry without it writes %q:\n%s", bad, second)
		}
	}
	var back Feed
	if err := xml.Unmarshal(b, &back); err != nil || len(back.Entries) != 2 || back.Entries[0].Summary.Body != "s" {
		t.Errorf("the feed does not read back: %v %+v", err, back)
	}
}
