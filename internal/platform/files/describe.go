package files

import "unicode"

// Format names the kind of document a content type is, for people: one of
// "pdf", "word", "excel", "odt", "ods", "image" or "file". Each has a
// label in the catalogue (files.format.<format>).
func Format(ct string) string {
	switch ct {
	case PDF:
		return "pdf"
	case DOCX:
		return "word"
	case XLSX:
		return "excel"
	case ODT:
		return "odt"
	case ODS:
		return "ods"
	}
	if IsImage(ct) {
		return "image"
	}
	return "file"
}

// Formats lists every value Format returns.
var Formats = []string{"pdf", "word", "excel", "odt", "ods", "image", "file"}

// ShortHash is the first 12 hex digits of a SHA-256: enough to tell files
// apart at a glance, and to check a download by eye against the full one.
func ShortHash(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// NameDir is the direction to show a file name in: "auto" (its first
// strong character decides) when it holds a right-to-left letter, such as
// an Arabic name, else "ltr", so that "rapport-2024.pdf" reads left to
// right inside an Arabic page, with its extension last.
func NameDir(name string) string {
	for _, r := range name {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) {
			return "auto"
		}
	}
	return "ltr"
}
