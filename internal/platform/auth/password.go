package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters, as RFC 9106 and OWASP recommend for a server: 64 MiB,
// 3 passes, 2 lanes. They are stored in each hash, so they can be raised
// later without breaking older hashes.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// HashPassword returns the argon2id hash of pw in the PHC string format. It
// takes a slot of Passwords like every hash, waiting for one at most
// Passwords' wait (ErrBusy after that).
func HashPassword(pw string) (string, error) {
	return Passwords.Hash(context.Background(), pw)
}

func hashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return phc(salt, key), nil
}

func phc(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// NoAccountHash is a hash with today's parameters that no password
// matches (its key is random bytes, not the hash of anything). Checking a
// password against it when no account has the address typed costs what a
// wrong password costs, so the time of the answer does not tell whether an
// account exists.
var NoAccountHash = func() string {
	b := make([]byte, saltLen+argonKeyLen)
	_, _ = rand.Read(b)
	return phc(b[:saltLen], b[saltLen:])
}()

// checkPassword reports whether pw matches hash, in constant time; a hash
// that is not argon2id (a deleted account's) matches nothing.
func checkPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("auth: not an argon2id hash")
	}
	var version int
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("auth: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false, err
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
