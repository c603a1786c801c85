package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files under content-hashed names
// ("/static/app.1a2b3c4d.css"), so they can be cached for a year and a new
// release is fetched at once.
type Assets struct {
	byName map[string]asset // "app.css" -> asset
	byPath map[string]asset // "/static/app.1a2b3c4d.css" -> asset
}

type asset struct {
	url         string
	body        []byte
	contentType string
}

// NewAssets hashes every embedded static file.
func NewAssets() (*Assets, error) {
	a := &Assets{byName: map[string]asset{}, byPath: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as := asset{url: "/static/" + hashed, body: body, contentType: ct}
		a.byName[name] = as
		a.byPath[as.url] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of the static file name; it panics on an
// unknown name, which the template tests catch at once.
func (a *Assets) URL(name string) string {
	as, ok := a.byName[name]
	if !ok {
		panic("web: unknown asset " + name)
	}
	return as.url
}

// ServeHTTP serves a hashed asset with long caching, or 404.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as, ok := a.byPath[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	Send(w, r, http.StatusOK, as.contentType, as.body)
}
