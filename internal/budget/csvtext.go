package budget

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// bom is the UTF-8 byte-order mark: the downloads start with it so that
// Excel reads Arabic as Arabic, and imports accept it.
const bom = "\xEF\xBB\xBF"

// decodeText returns an import file as UTF-8 without a byte-order mark.
// Spreadsheets save UTF-8 with or without a BOM, and "Unicode text" as
// UTF-16 with one; anything else cannot hold Arabic and is refused rather
// than garbled.
func decodeText(raw []byte) (string, bool) {
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		le := raw[0] == 0xFF
		raw = raw[2:]
		if len(raw)%2 != 0 {
			return "", false
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			if le {
				units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
			} else {
				units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
		}
		raw = []byte(string(utf16.Decode(units)))
	} else {
		raw = bytes.TrimPrefix(raw, []byte(bom))
	}
	if !utf8.Valid(raw) || bytes.ContainsRune(raw, utf8.RuneError) || bytes.IndexByte(raw, 0) >= 0 {
		return "", false
	}
	s := string(raw)
	if !strings.Contains(s, "\n") {
		s = strings.ReplaceAll(s, "\r", "\n") // old Mac line ends
	}
	return s, true
}

// detectDelimiter reads the header line: Excel in French and Arabic locales
// writes ";", elsewhere ","; "Unicode text" uses tabs. The most frequent
// outside quotes wins; a tie goes to ",".
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted && (r == ',' || r == ';' || r == '\t') {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// SafeCell defuses CSV formula injection: a cell a spreadsheet would read
// as a formula gets a leading apostrophe. Amounts are written by the site
// and never start with one of these but "-", which stays for them.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
