package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/files"
)

func TestOnePagePDF(t *testing.T) {
	b := onePagePDF("Rapport (T4) – été", "Un paragraphe assez long pour être coupé en plusieurs lignes : "+strings.Repeat("mot ", 60), `a\b`)
	if !bytes.Equal(b, onePagePDF("Rapport (T4) – été", "Un paragraphe assez long pour être coupé en plusieurs lignes : "+strings.Repeat("mot ", 60), `a\b`)) {
		t.Fatal("the same document twice is not the same bytes")
	}
	if got := files.Detect(bytes.NewReader(b), int64(len(b))); got != files.PDF {
		t.Fatalf("detected as %q", got)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Errorf("header or trailer missing")
	}

	// startxref points at the table, and each entry at its object.
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 8\n0000000000 65535 f \n")) {
		t.Fatalf("startxref %d points at %q", xref, b[xref:min(len(b), xref+20)])
	}
	entries := b[xref+len("xref\n0 8\n"):]
	for i := 1; i <= 7; i++ {
		entry := string(entries[i*20 : (i+1)*20])
		off, err := strconv.Atoi(entry[:10])
		if err != nil || !strings.HasSuffix(entry, " 00000 n \n") {
			t.Fatalf("entry %d: %q", i, entry)
		}
		if want := fmt.Sprintf("%d 0 obj\n", i); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("object %d: offset %d holds %q", i, off, b[off:min(len(b), off+10)])
		}
	}

	// The stream's length is its content's.
	lm := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*?)\nendstream`).FindSubmatch(b)
	if lm == nil {
		t.Fatal("no content stream")
	}
	if n, _ := strconv.Atoi(string(lm[1])); n != len(lm[2]) {
		t.Errorf("/Length %d, stream of %d bytes", n, len(lm[2]))
	}
	content := string(lm[2])
	// Parentheses and backslashes escaped, Latin letters and the en dash in
	// WinAnsiEncoding, lines wrapped.
	for _, want := range []string{`(Rapport \(T4\) ` + "\x96 \xe9t\xe9) Tj", `(a\\b) '`} {
		if !strings.Contains(content, want) {
			t.Errorf("content lacks %q:\n%s", want, content)
		}
	}
	if strings.Count(content, ") '") < 4 {
		t.Errorf("the long paragraph is not wrapped:\n%s", content)
	}
	if pdfString("عربي") != "????" {
		t.Errorf("non-Latin text: %q", pdfString("عربي"))
	}
}
