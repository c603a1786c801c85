package files

import (
	"archive/zip"
	"io"
	"net/http"
	"strings"
)

// The content types an upload may have. Office documents are zip containers;
// their type comes from what is inside the container, never from the name.
const (
	PDF  = "application/pdf"
	PNG  = "image/png"
	JPEG = "image/jpeg"
	WebP = "image/webp"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ODT  = "application/vnd.oasis.opendocument.text"
	ODS  = "application/vnd.oasis.opendocument.spreadsheet"
)

// extensions gives the extension a downloaded file must carry for its type, so
// that a file saved to disk opens with the program its content is for.
var extensions = map[string]string{
	PDF: ".pdf", PNG: ".png", JPEG: ".jpg", WebP: ".webp",
	DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", ODS: ".ods",
}

// Allowed reports whether content type ct may be stored.
func Allowed(ct string) bool { _, ok := extensions[ct]; return ok }

// IsImage reports whether ct is an image type, shown inline rather than
// downloaded.
func IsImage(ct string) bool { return strings.HasPrefix(ct, "image/") }

// Detect returns the content type of the size bytes readable from r, judged
// by content only: the magic bytes (http.DetectContentType) and, for zip
// containers, the entries that make an office document. It returns "" for
// anything that is not an allowed type (HTML, scripts, plain zips, …).
func Detect(r io.ReaderAt, size int64) string {
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return ""
	}
	ct := http.DetectContentType(head[:n])
	switch ct {
	case PDF, PNG, JPEG, WebP:
		return ct
	case "application/zip":
		return office(r, size)
	}
	return ""
}

// office recognises the Office Open XML and OpenDocument containers.
func office(r io.ReaderAt, size int64) string {
	z, err := zip.NewReader(r, size)
	if err != nil || len(z.File) == 0 {
		return ""
	}
	// OpenDocument: the first entry is an uncompressed "mimetype" naming the type.
	if first := z.File[0]; first.Name == "mimetype" && first.Method == zip.Store && first.UncompressedSize64 < 128 {
		rc, err := first.Open()
		if err != nil {
			return ""
		}
		b, err := io.ReadAll(io.LimitReader(rc, 128))
		rc.Close()
		if err != nil {
			return ""
		}
		switch strings.TrimSpace(string(b)) {
		case ODT:
			return ODT
		case ODS:
			return ODS
		}
		return ""
	}
	has := map[string]bool{}
	for _, f := range z.File {
		has[f.Name] = true
	}
	if !has["[Content_Types].xml"] {
		return ""
	}
	switch {
	case has["word/document.xml"]:
		return DOCX
	case has["xl/workbook.xml"]:
		return XLSX
	}
	return ""
}
