package news

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Reading a form that carries files (a cover image, an event's photos and
// documents). The body is read part by part: text fields into the form's
// values, each file straight to the file store, which checks its size and
// type by content. A refused file becomes a message on its field and the
// rest is still read, so the person gets back every value they typed. Files
// that were accepted are offered again as kept_<field> values ("hash:name"),
// so a form sent back for correction does not lose them.

const (
	maxFilesPerForm = 10
	maxFieldBytes   = 256 << 10
	maxTextBytes    = 2 << 20
)

// Uploads maps a file field to the files it received.
type Uploads map[string][]files.Upload

// ReadUpload reads a multipart (or URL-encoded) form whose files come in
// fileFields; kept_<field> values are checked again and added to their field.
func ReadUpload(w http.ResponseWriter, r *http.Request, store *files.Store, fileFields ...string) (*web.Form, Uploads, error) {
	ups := Uploads{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var f *web.Form
	if mt != "multipart/form-data" {
		var err error
		if f, err = web.ParseForm(w, r); err != nil {
			return nil, nil, err
		}
	} else {
		max := store.MaxBytes
		if max <= 0 {
			max = files.DefaultMaxBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFilesPerForm*max+maxTextBytes)
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, nil, web.Invalid("error.bad_form")
		}
		f = web.NewForm(url.Values{})
		n, text := 0, 0
	parts:
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				if tooLarge(err) {
					f.Fail(fileFields[0], "newsadmin.error.request_too_large", "Max", megabytes(max))
					break
				}
				return nil, nil, web.Invalid("error.bad_form")
			}
			name := part.FormName()
			if err := web.CheckFileName(part.FileName()); err != nil {
				return nil, nil, err
			}
			if isFileField(name, fileFields) {
				if part.FileName() == "" {
					continue
				}
				if n >= maxFilesPerForm {
					f.Fail(name, "newsadmin.error.too_many_files", "Max", maxFilesPerForm)
					continue
				}
				up, err := store.Put(part, part.FileName())
				switch {
				case err == nil:
					ups[name] = append(ups[name], up)
					n++
				case errors.Is(err, files.ErrTooLarge):
					f.Fail(name, "newsadmin.error.file_too_large", "Name", part.FileName(), "Max", megabytes(max))
				case errors.Is(err, files.ErrType):
					f.Fail(name, "newsadmin.error.file_type", "Name", part.FileName())
				case errors.Is(err, files.ErrEmpty):
					f.Fail(name, "newsadmin.error.file_empty", "Name", part.FileName())
				case tooLarge(err):
					f.Fail(name, "newsadmin.error.request_too_large", "Max", megabytes(max))
					break parts
				default:
					return nil, nil, err
				}
				continue
			}
			if name == "" {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil {
				if tooLarge(err) {
					f.Fail(fileFields[0], "newsadmin.error.request_too_large", "Max", megabytes(max))
					break
				}
				return nil, nil, web.Invalid("error.bad_form")
			}
			text += len(b)
			if len(b) > maxFieldBytes || text > maxTextBytes {
				return nil, nil, web.Invalid("error.bad_form")
			}
			v, err := web.CheckField(name, string(b))
			if err != nil {
				return nil, nil, err
			}
			f.Values.Add(name, v)
		}
	}
	for _, field := range fileFields {
		kept := f.Values["kept_"+field]
		// No more than one form may upload, as each is checked again from its content.
		for _, v := range kept[:min(len(kept), maxFilesPerForm)] {
			hash, name, _ := strings.Cut(v, ":")
			if up, err := store.Stat(hash, name); err == nil {
				ups[field] = append(ups[field], up)
			}
		}
		f.Values.Del("kept_" + field)
	}
	return f, ups, nil
}

// Keep writes the uploads back as kept_<field> values, for a form sent back.
func (u Uploads) Keep(f *web.Form) []webform.KeptFile {
	var out []webform.KeptFile
	for field, ups := range u {
		for _, up := range ups {
			out = append(out, webform.KeptFile{Field: "kept_" + field, Value: up.Hash + ":" + up.Name, Name: up.Name})
		}
	}
	return out
}

func isFileField(name string, fields []string) bool {
	for _, f := range fields {
		if f == name {
			return true
		}
	}
	return false
}

func megabytes(n int64) int64 { return (n + (1<<20)/2) >> 20 }

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe) || strings.Contains(err.Error(), "request body too large")
}
