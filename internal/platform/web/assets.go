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
	"regexp"
	"slices"
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

// NewAssets hashes every embedded static file. A stylesheet's url()
// references to other files (an @import, a font) are rewritten to their
// hashed URLs first, and its own hash is taken after, so that a changed font
// also changes the name of the stylesheet that loads it; only hashed names
// are served.
func NewAssets() (*Assets, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		files[strings.TrimPrefix(p, "static/")] = body
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	a := &Assets{byName: map[string]asset{}, byPath: map[string]asset{}}
	for name := range files {
		if _, err := a.add(name, files, nil); err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
	}
	return a, nil
}

// add hashes the file name (a stylesheet after rewriting its references,
// which are added first) and returns its URL; visiting holds the
// stylesheets being rewritten, to refuse a cycle of imports.
func (a *Assets) add(name string, files map[string][]byte, visiting []string) (string, error) {
	if as, ok := a.byName[name]; ok {
		return as.url, nil
	}
	body, ok := files[name]
	if !ok {
		return "", fmt.Errorf("%s refers to %s, which is not a static file", visiting[len(visiting)-1], name)
	}
	if slices.Contains(visiting, name) {
		return "", fmt.Errorf("%s imports itself", name)
	}
	ext := path.Ext(name)
	if ext == ".css" {
		var err error
		body, err = rewriteCSS(body, func(ref string) (string, error) {
			return a.add(path.Join(path.Dir(name), ref), files, append(visiting, name))
		})
		if err != nil {
			return "", err
		}
	}
	sum := sha256.Sum256(body)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	ct := mime.TypeByExtension(ext)
	if ct == "" {
		ct = "application/octet-stream"
	}
	as := asset{url: "/static/" + hashed, body: body, contentType: ct}
	a.byName[name] = as
	a.byPath[as.url] = as
	return as.url, nil
}

// cssURL matches a url() reference in a stylesheet, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)

// rewriteCSS replaces each relative url() of css with what resolve returns
// for it; absolute URLs, data: URIs and fragments are left alone.
func rewriteCSS(css []byte, resolve func(ref string) (string, error)) ([]byte, error) {
	var firstErr error
	out := cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref := string(sub[1]) + string(sub[2]) + string(sub[3])
		if ref == "" || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") || strings.Contains(ref, ":") {
			return m
		}
		u, err := resolve(strings.TrimPrefix(ref, "./"))
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return m
		}
		return []byte(`url("` + u + `")`)
	})
	return out, firstErr
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
