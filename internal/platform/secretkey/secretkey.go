// Package secretkey gives the installation's secret key, kept outside the
// database so that a copy of the database alone does not reveal what the key
// protects (the national ID numbers of petition signers, say). It comes from
// INFITAH_SECRET_KEY, or else from a key file in the data directory, made
// with mode 0600 on the first start. Features derive their own keys from it
// (Derive), one per purpose.
package secretkey

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvName is the environment variable that holds the key.
const EnvName = "INFITAH_SECRET_KEY"

// FileName is the key file in the data directory.
const FileName = "secret.key"

// MinLen is the least length of a key given in the environment: 32
// characters, e.g. the output of `openssl rand -hex 32`.
const MinLen = 32

// Key is the installation's secret.
type Key struct{ material []byte }

// ErrShort is returned for a key under MinLen characters.
var ErrShort = fmt.Errorf("secretkey: %s must be at least %d characters", EnvName, MinLen)

// Load returns the key: fromEnv when it is not empty, else the one in
// dataDir's key file, which it creates (32 random bytes, hex-encoded, mode
// 0600) when there is none. A key file that others than its owner may read
// is refused, as is a file that is not a key.
func Load(fromEnv, dataDir string) (*Key, error) {
	if v := strings.TrimSpace(fromEnv); v != "" {
		if len(v) < MinLen {
			return nil, ErrShort
		}
		return &Key{material: []byte(v)}, nil
	}
	if dataDir == "" {
		return nil, errors.New("secretkey: no data directory for the key file")
	}
	path := filepath.Join(dataDir, FileName)
	key, err := read(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = create(path)
		if errors.Is(err, fs.ErrExist) { // made by another process meanwhile
			key, err = read(path)
		}
	}
	return key, err
}

func read(path string) (*Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secretkey: %s may be read by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secretkey: %w", err)
	}
	v := strings.TrimSpace(string(b))
	if len(v) < MinLen {
		return nil, fmt.Errorf("secretkey: %s holds no key", path)
	}
	return &Key{material: []byte(v)}, nil
}

func create(path string) (*Key, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secretkey: %w", err)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("secretkey: %w", err)
	}
	v := hex.EncodeToString(b[:])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(v + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("secretkey: %w", err)
	}
	return &Key{material: []byte(v)}, nil
}

// Derive returns a 32-byte key for purpose (such as "petition/cin-hash"):
// HMAC-SHA256 of the purpose under the secret, so that keys of different
// purposes are independent and none reveals the secret.
func (k *Key) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, k.material)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Ephemeral is a random key that lives as long as the process: for a
// server without a data directory (tests, benchmarks), whose signatures'
// numbers nobody can read after it stops.
func Ephemeral() *Key {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return &Key{material: []byte(hex.EncodeToString(b[:]))}
}

// FromString is a key made from s, for tests and tools.
func FromString(s string) *Key { return &Key{material: []byte(s)} }
