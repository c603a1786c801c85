package demo

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
)

// onePagePDF returns a valid one-page A4 PDF 1.4 with title in bold and the
// paragraphs below it, wrapped to the page. The demo's documents are made
// at load time rather than committed as binary files; the output depends
// only on the arguments (no date, no random /ID), so the same document has
// the same SHA-256 on every load and is stored once.
//
// The page uses the standard Helvetica fonts, which every reader has, in
// WinAnsiEncoding: text is Latin (French, English); a character outside it
// is printed as "?". The document's metadata title is UTF-16, so any text.
func onePagePDF(title string, paragraphs ...string) []byte {
	var content bytes.Buffer
	const left, top, leading = 56, 780, 15
	fmt.Fprintf(&content, "BT\n/F1 16 Tf\n%d %d Td\n(%s) Tj\nET\n", left, top, pdfString(title))
	fmt.Fprintf(&content, "BT\n/F2 11 Tf\n%d TL\n%d %d Td\n", leading, left, top-36)
	for i, p := range paragraphs {
		if i > 0 {
			content.WriteString("T*\n")
		}
		for _, line := range wrap(p, 88) {
			fmt.Fprintf(&content, "(%s) '\n", pdfString(line))
		}
	}
	content.WriteString("ET\n")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.Bytes()),
		fmt.Sprintf("<< /Title %s /Producer (Infitah demo) >>", pdfUTF16(title)),
	}
	var b bytes.Buffer
	// The comment of high bytes on the second line marks the file as binary
	// for programs that would otherwise mangle line ends.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	// Each cross-reference entry is exactly 20 bytes, as the format requires.
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, len(objects), xref)
	return b.Bytes()
}

// winAnsi maps the characters of WinAnsiEncoding above Latin-1's range
// that French text uses.
var winAnsi = map[rune]byte{'’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '…': 0x85, 'œ': 0x9c, 'Œ': 0x8c, '€': 0x80}

// pdfString encodes s for a literal string in WinAnsiEncoding, escaping
// the characters that end or escape it.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r >= 0x20 && r < 0x7f:
			b.WriteByte(byte(r))
		case r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		case winAnsi[r] != 0:
			b.WriteByte(winAnsi[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// pdfUTF16 is s as a hexadecimal UTF-16BE text string with its byte order mark.
func pdfUTF16(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// wrap breaks s into lines of at most width characters at spaces (a longer
// word gets a line of its own).
func wrap(s string, width int) []string {
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		if len(line) > 0 && len(line)+1+len(w) > width {
			lines = append(lines, string(line))
			line = nil
		}
		if len(line) > 0 {
			line = append(line, ' ')
		}
		line = append(line, w...)
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}
