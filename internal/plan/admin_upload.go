package plan

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/web"
)

// Reading a form that carries files. The body is read part by part: text
// fields into the form's values, each file straight to the file store, which
// checks its size and type by content. A refused file becomes a message on
// the file field, and the rest of the form is still read, so the person gets
// back every value they typed.

const (
	maxFilesPerForm = MaxFiles
	maxFieldBytes   = 64 << 10
	maxTextBytes    = 1 << 20
)

// readUpload reads a multipart (or, without files, URL-encoded) form whose
// files come in field fileField.
func (h *Admin) readUpload(w http.ResponseWriter, r *http.Request, fileField string) (*web.Form, []files.Upload, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		f, err := web.ParseForm(w, r)
		return f, nil, err
	}
	limit := maxFilesPerForm*h.maxUpload() + maxTextBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, web.Invalid("error.bad_form")
	}
	f := web.NewForm(url.Values{})
	var ups []files.Upload
	text := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if tooLarge(err) {
				// The rest of the body is lost; what was read is kept.
				f.Fail(fileField, "planadmin.error.request_too_large", "Max", megabytes(h.maxUpload()))
				break
			}
			return nil, nil, web.Invalid("error.bad_form")
		}
		name := part.FormName()
		if err := web.CheckFileName(part.FileName()); err != nil {
			return nil, nil, err
		}
		if name == fileField {
			if part.FileName() == "" {
				continue // an empty file input
			}
			if len(ups) >= maxFilesPerForm {
				f.Fail(fileField, "planadmin.error.too_many_files", "Max", maxFilesPerForm)
				continue
			}
			up, err := h.Files.Put(part, part.FileName())
			switch {
			case err == nil:
				ups = append(ups, up)
			case errors.Is(err, files.ErrTooLarge):
				f.Fail(fileField, "planadmin.error.file_too_large", "Name", part.FileName(), "Max", megabytes(h.maxUpload()))
			case errors.Is(err, files.ErrType):
				f.Fail(fileField, "planadmin.error.file_type", "Name", part.FileName())
			case errors.Is(err, files.ErrEmpty):
				f.Fail(fileField, "planadmin.error.file_empty", "Name", part.FileName())
			case tooLarge(err):
				f.Fail(fileField, "planadmin.error.request_too_large", "Max", megabytes(h.maxUpload()))
				return f, ups, nil
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
				f.Fail(fileField, "planadmin.error.request_too_large", "Max", megabytes(h.maxUpload()))
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
	return f, ups, nil
}

func (h *Admin) maxUpload() int64 {
	if h.Files != nil && h.Files.MaxBytes > 0 {
		return h.Files.MaxBytes
	}
	return files.DefaultMaxBytes
}

// megabytes rounds n bytes to whole megabytes for messages.
func megabytes(n int64) int64 { return (n + (1<<20)/2) >> 20 }

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe) || strings.Contains(err.Error(), "request body too large")
}

// keptUploads returns the files kept from an earlier submission of the form
// (values "hash:name"), checked again from their content; anything else is
// dropped, and so is any beyond the MaxFiles an update may carry.
func (h *Admin) keptUploads(f *web.Form) []files.Upload {
	var out []files.Upload
	kept := f.Values["kept_file"]
	for _, v := range kept[:min(len(kept), MaxFiles)] {
		hash, name, _ := strings.Cut(v, ":")
		up, err := h.Files.Stat(hash, name)
		if err != nil {
			continue
		}
		out = append(out, up)
	}
	return out
}
