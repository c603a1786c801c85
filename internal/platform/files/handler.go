package files

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the site's files at GET /files/{hash}.
type Handler struct {
	DB     *db.DB
	Store  *Store
	Errors *web.Errors
}

// Routes registers the file route.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /files/{hash}", h.serve)
}

// ContentSecurityPolicy is sent with every file: a document opened in the
// browser runs in a sandbox, with nothing to load.
const ContentSecurityPolicy = "sandbox; default-src 'none'"

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	hash := r.PathValue("hash")
	if !ValidHash(hash) {
		h.Errors.NotFound(w, r)
		return
	}
	f, err := Lookup(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, hash)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	file, err := h.Store.Open(hash)
	if errors.Is(err, os.ErrNotExist) {
		h.Errors.NotFound(w, r)
		return
	} else if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	defer file.Close()
	hd := w.Header()
	// The type recorded when the content was checked, never one guessed from
	// the name; nosniff keeps the browser from guessing either.
	hd.Set("Content-Type", f.ContentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", ContentSecurityPolicy)
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	disposition := "attachment"
	if IsImage(f.ContentType) {
		disposition = "inline"
	}
	hd.Set("Content-Disposition", disposition+"; filename*=UTF-8''"+encodeRFC5987(f.Name))
	// The address names the content, so it never changes.
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", `"`+hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, file)
}

// encodeRFC5987 percent-encodes s as an RFC 5987 ext-value (UTF-8 bytes,
// attr-char kept as is).
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
