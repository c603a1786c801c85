// Package files keeps uploaded documents (evidence of progress, reports):
// each is checked by its content, stored once under the data directory by
// its SHA-256, recorded in the database for the site that uploaded it, and
// served with headers that keep a browser from running it.
//
// Storing a file has two steps so that a slow upload never holds a database
// transaction open: Put streams the upload to disk (checking its size and
// type), and Record, inside the transaction that uses the file, makes it
// known to the site. Save does both.
package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
)

// DefaultMaxBytes is the largest upload accepted when none is configured.
const DefaultMaxBytes = 10 << 20

// Errors of Put and Stat; callers show them as messages on the form.
var (
	ErrTooLarge = errors.New("files: file too large")
	ErrType     = errors.New("files: file type not allowed")
	ErrEmpty    = errors.New("files: empty file")
	ErrNoDir    = errors.New("files: no data directory configured")
)

// Store is the folder that holds the files, <data-dir>/files.
type Store struct {
	Dir      string // "" refuses every upload (ErrNoDir)
	MaxBytes int64  // DefaultMaxBytes when 0
}

// InDataDir returns the store of data directory dataDir: its "files"
// folder, or a store refusing every file when dataDir is "". The server and
// the commands that store files before it starts (the demo) share it.
func InDataDir(dataDir string, maxBytes int64) *Store {
	s := &Store{MaxBytes: maxBytes}
	if dataDir != "" {
		s.Dir = filepath.Join(dataDir, "files")
	}
	return s
}

// Upload is a file stored on disk.
type Upload struct {
	Hash        string // hex SHA-256 of the content
	Name        string // a safe file name whose extension matches the type
	ContentType string
	Size        int64
}

// URL is where the file is served.
func (u Upload) URL() string { return "/files/" + u.Hash }

func (s *Store) max() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

// Put streams r to disk and returns the stored file. It reads at most
// MaxBytes+1 bytes of r: a longer file gives ErrTooLarge (the caller drains
// or drops the rest). A type that is not allowed gives ErrType, an empty file
// ErrEmpty. The same content put twice is stored once.
func (s *Store) Put(r io.Reader, name string) (Upload, error) {
	if s.Dir == "" {
		return Upload{}, ErrNoDir
	}
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name()) // gone already when it was renamed into place
	}()
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(r, s.max()+1))
	switch {
	case err != nil:
		return Upload{}, fmt.Errorf("files: read upload: %w", err)
	case n > s.max():
		return Upload{}, ErrTooLarge
	case n == 0:
		return Upload{}, ErrEmpty
	}
	ct := Detect(tmp, n)
	if ct == "" {
		return Upload{}, ErrType
	}
	u := Upload{Hash: hex.EncodeToString(sum.Sum(nil)), ContentType: ct, Size: n}
	u.Name = CleanName(name, ct)
	final := s.path(u.Hash)
	if _, err := os.Stat(final); err == nil {
		return u, nil // already stored: same content, same hash
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	return u, nil
}

// Stat returns a file stored earlier by Put, named name, checking its type
// again from its content. Forms use it to keep a file uploaded with a form
// that was sent back for a correction. An unknown or malformed hash gives
// os.ErrNotExist.
func (s *Store) Stat(hash, name string) (Upload, error) {
	f, err := s.Open(hash)
	if err != nil {
		return Upload{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Upload{}, fmt.Errorf("files: %w", err)
	}
	ct := Detect(f, fi.Size())
	if ct == "" {
		return Upload{}, ErrType
	}
	return Upload{Hash: hash, Name: CleanName(name, ct), ContentType: ct, Size: fi.Size()}, nil
}

// Open opens a stored file; a malformed or unknown hash gives os.ErrNotExist.
func (s *Store) Open(hash string) (*os.File, error) {
	if !ValidHash(hash) || s.Dir == "" {
		return nil, os.ErrNotExist
	}
	return os.Open(s.path(hash))
}

func (s *Store) path(hash string) string { return filepath.Join(s.Dir, hash[:2], hash) }

// Record makes a stored file known to the site, in tx: the files row (once
// per content) and the site's name for it. Recording twice is harmless.
func Record(ctx context.Context, tx *db.Tx, siteID int64, u Upload) error {
	now := db.Timestamp{Time: tx.Now()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO files (hash, site_id, name, content_type, size, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
		u.Hash, siteID, u.Name, u.ContentType, u.Size, now); err != nil {
		return fmt.Errorf("record file: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO file_sites (site_id, hash, name, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (site_id, hash) DO NOTHING`, siteID, u.Hash, u.Name, now); err != nil {
		return fmt.Errorf("record file: %w", err)
	}
	return nil
}

// Save stores r and records it for the site in tx: Put then Record. It
// returns the content hash and type, or Put's errors.
func (s *Store) Save(ctx context.Context, tx *db.Tx, siteID int64, name string, r io.Reader) (hash, contentType string, err error) {
	u, err := s.Put(r, name)
	if err != nil {
		return "", "", err
	}
	if err := Record(ctx, tx, siteID, u); err != nil {
		return "", "", err
	}
	return u.Hash, u.ContentType, nil
}

// File is a file recorded for a site.
type File struct {
	Hash        string
	Name        string
	ContentType string
	Size        int64
}

// Lookup returns a file recorded for the site, or db.ErrNotFound.
func Lookup(ctx context.Context, q db.Querier, siteID int64, hash string) (*File, error) {
	var f File
	err := q.QueryRowContext(ctx, `SELECT f.hash, s.name, f.content_type, f.size
		FROM file_sites s JOIN files f ON f.hash = s.hash WHERE s.site_id = ? AND s.hash = ?`, siteID, hash).
		Scan(&f.Hash, &f.Name, &f.ContentType, &f.Size)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return &f, nil
}

// ValidHash reports whether h is a lower-case hex SHA-256, so that it can
// name a path without escaping the folder.
func ValidHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// CleanName returns a file name that is safe to show and to offer for
// download: the last path element of name, without control characters, at
// most 100 characters, ending with the extension of content type ct (added
// when name has another one, so "x.html" holding a PDF downloads as
// "x.html.pdf").
func CleanName(name, ct string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	if name == "" {
		name = "file"
	}
	ext := extensions[ct]
	if ext != "" && !strings.EqualFold(filepath.Ext(name), ext) && !(ext == ".jpg" && strings.EqualFold(filepath.Ext(name), ".jpeg")) {
		name += ext
	}
	return name
}
