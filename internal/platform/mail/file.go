package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// FileSender writes each message to Dir/<time>-<id>.eml and logs its
// subject and recipient count (never the body, which may hold a sign-in
// link).
type FileSender struct {
	Dir  string
	From string // "Infitah <no-reply@infitah.local>" when empty
	Log  *slog.Logger
}

// Send writes m.
func (s *FileSender) Send(ctx context.Context, m Message) error {
	from := s.From
	if from == "" {
		from = "Infitah <no-reply@infitah.local>"
	}
	now := time.Now().UTC()
	raw, err := compose(from, m, now)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	id := make([]byte, 6)
	_, _ = rand.Read(id)
	name := now.Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(id) + ".eml"
	if err := os.WriteFile(filepath.Join(s.Dir, name), raw, 0o600); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if s.Log != nil {
		s.Log.Info("mail written to file", "subject", m.Subject, "recipients", len(m.To), "file", name)
	}
	return nil
}

// Files lists the .eml files in dir, oldest first (their names sort by time).
func Files(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	return paths, nil
}

// ReadFile parses one .eml file.
func ReadFile(path string) (Message, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Message{}, err
	}
	return Parse(raw)
}
