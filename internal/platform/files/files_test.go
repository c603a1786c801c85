package files

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

const tinyPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i, e := range entries {
		h := &zip.FileHeader{Name: e[0], Method: zip.Deflate}
		if i == 0 && e[0] == "mimetype" {
			h.Method = zip.Store
		}
		w, err := z.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetect(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	webp := []byte("RIFF\x10\x00\x00\x00WEBPVP8 ")
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte(tinyPDF), PDF},
		{"png", png, PNG},
		{"jpeg", jpeg, JPEG},
		{"webp", webp, WebP},
		{"docx", zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w/>"}), DOCX},
		{"xlsx", zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.xml", "<x/>"}), XLSX},
		{"odt", zipOf(t, [2]string{"mimetype", ODT}, [2]string{"content.xml", "<o/>"}), ODT},
		{"ods", zipOf(t, [2]string{"mimetype", ODS}, [2]string{"content.xml", "<o/>"}), ODS},
		{"html named .pdf", []byte("<!DOCTYPE html><script>alert(1)</script>"), ""},
		{"html after blanks", []byte("\n\n  <html><body onload=x()>"), ""},
		{"javascript", []byte("alert(document.cookie)"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>`), ""},
		{"plain zip", zipOf(t, [2]string{"a.txt", "hello"}), ""},
		{"other opendocument", zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.presentation"}), ""},
		{"pptx", zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"ppt/presentation.xml", "<p/>"}), ""},
		{"truncated zip", []byte("PK\x03\x04garbage"), ""},
		{"gif", []byte("GIF89a...."), ""},
		{"empty", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(bytes.NewReader(tt.data), int64(len(tt.data))); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	for _, tt := range []struct{ in, ct, want string }{
		{"rapport.pdf", PDF, "rapport.pdf"},
		{"C:\\Users\\x\\تقرير.PDF", PDF, "تقرير.PDF"},
		{"../../etc/passwd", PDF, "passwd.pdf"},
		{"evil.html", PDF, "evil.html.pdf"},
		{"photo.jpeg", JPEG, "photo.jpeg"},
		{"a\x00b\"c.png", PNG, "abc.png"},
		{"", DOCX, "file.docx"},
		{"...", ODS, "file.ods"},
		{strings.Repeat("ا", 300) + ".pdf", PDF, strings.Repeat("ا", 100) + ".pdf"},
	} {
		if got := CleanName(tt.in, tt.ct); got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEncodeRFC5987(t *testing.T) {
	if got, want := encodeRFC5987("تقرير 1.pdf"), "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%201.pdf"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := encodeRFC5987(`a";b.pdf`); strings.ContainsAny(got, `";`) {
		t.Errorf("%q keeps a separator", got)
	}
}

func TestPut(t *testing.T) {
	s := &Store{Dir: t.TempDir(), MaxBytes: 1024}
	u, err := s.Put(strings.NewReader(tinyPDF), "report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if u.ContentType != PDF || u.Size != int64(len(tinyPDF)) || !ValidHash(u.Hash) || u.Name != "report.pdf" {
		t.Errorf("Put = %+v", u)
	}
	stored := filepath.Join(s.Dir, u.Hash[:2], u.Hash)
	if b, err := os.ReadFile(stored); err != nil || string(b) != tinyPDF {
		t.Fatalf("stored file %s: %v", stored, err)
	}
	// The same content again is the same file, stored once.
	u2, err := s.Put(strings.NewReader(tinyPDF), "copy.pdf")
	if err != nil || u2.Hash != u.Hash || u2.Name != "copy.pdf" {
		t.Errorf("second Put = %+v, %v", u2, err)
	}
	count := 0
	filepath.WalkDir(s.Dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			count++
		}
		return nil
	})
	if count != 1 {
		t.Errorf("%d files in the store, want 1 (no leftover temporary file either)", count)
	}

	big := tinyPDF + strings.Repeat("x", 2000)
	if _, err := s.Put(strings.NewReader(big), "big.pdf"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized: %v, want ErrTooLarge", err)
	}
	if _, err := s.Put(strings.NewReader("<html><script>alert(1)</script>"), "fake.pdf"); !errors.Is(err, ErrType) {
		t.Errorf("html as pdf: %v, want ErrType", err)
	}
	if _, err := s.Put(strings.NewReader(""), "empty.pdf"); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v, want ErrEmpty", err)
	}
	if _, err := (&Store{}).Put(strings.NewReader(tinyPDF), "x.pdf"); !errors.Is(err, ErrNoDir) {
		t.Errorf("no dir: %v", err)
	}

	if got, err := s.Stat(u.Hash, "again.pdf"); err != nil || got.ContentType != PDF || got.Name != "again.pdf" {
		t.Errorf("Stat = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("0", 64)} {
		if _, err := s.Stat(bad, "x"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Stat(%q) = %v, want not exist", bad, err)
		}
	}
}

func TestRecordAndLookup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		s := &Store{Dir: t.TempDir()}
		var site1, site2 int64
		var hash string
		err := d.InTx(ctx, func(tx *db.Tx) error {
			now := db.Timestamp{Time: tx.Now()}
			if err := tx.QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES ('a', ?) RETURNING id`, now).Scan(&site1); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES ('b', ?) RETURNING id`, now).Scan(&site2); err != nil {
				return err
			}
			var ct string
			var err error
			if hash, ct, err = s.Save(ctx, tx, site1, "تقرير.pdf", strings.NewReader(tinyPDF)); err != nil || ct != PDF {
				return errors.Join(err, errors.New("type "+ct))
			}
			// Saved again on the same site and on another one: one files row.
			if _, _, err := s.Save(ctx, tx, site1, "again.pdf", strings.NewReader(tinyPDF)); err != nil {
				return err
			}
			_, _, err = s.Save(ctx, tx, site2, "other.pdf", strings.NewReader(tinyPDF))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM files`).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d files rows, %v; want 1", n, err)
		}
		f, err := Lookup(ctx, d.R(), site1, hash)
		if err != nil || f.Name != "تقرير.pdf" || f.ContentType != PDF || f.Size != int64(len(tinyPDF)) {
			t.Errorf("Lookup site 1 = %+v, %v", f, err)
		}
		if f, err := Lookup(ctx, d.R(), site2, hash); err != nil || f.Name != "other.pdf" {
			t.Errorf("Lookup site 2 = %+v, %v", f, err)
		}
		if _, err := Lookup(ctx, d.R(), site2+100, hash); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Lookup on a site without the file: %v, want not found", err)
		}
	})
}

func TestDescribe(t *testing.T) {
	for ct, want := range map[string]string{PDF: "pdf", DOCX: "word", XLSX: "excel", ODT: "odt", ODS: "ods", PNG: "image",
		JPEG: "image", WebP: "image", "text/html": "file", "": "file"} {
		if got := Format(ct); got != want {
			t.Errorf("Format(%q) = %q, want %q", ct, got, want)
		}
	}
	if got := ShortHash(strings.Repeat("ab", 32)); got != "abababababab" {
		t.Errorf("ShortHash = %q", got)
	}
	for name, want := range map[string]string{"report-2024.pdf": "ltr", "تقرير 2024.pdf": "auto", "2024_تقرير.pdf": "auto", "": "ltr"} {
		if got := NameDir(name); got != want {
			t.Errorf("NameDir(%q) = %q, want %q", name, got, want)
		}
	}
}
