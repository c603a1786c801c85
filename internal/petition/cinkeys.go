package petition

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/infitah/infitah/internal/platform/secretkey"
)

// Keys protect signers' CINs: a keyed hash finds a second signature with
// the same number on a petition, and a ciphertext keeps the number for the
// council's authorised verifier. Neither can be read without the key, which
// is not in the database.
type Keys struct {
	hash []byte
	aead cipher.AEAD
}

// NewKeys derives the CIN keys from the installation's secret.
func NewKeys(k *secretkey.Key) (*Keys, error) {
	block, err := aes.NewCipher(k.Derive("petition/cin-cipher"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{hash: k.Derive("petition/cin-hash"), aead: aead}, nil
}

// Hash is the keyed hash (HMAC-SHA256, hex) of a normalized CIN.
func (k *Keys) Hash(cin string) string {
	m := hmac.New(sha256.New, k.hash)
	m.Write([]byte(cin))
	return hex.EncodeToString(m.Sum(nil))
}

// cinAAD binds a ciphertext to its purpose.
var cinAAD = []byte("infitah petition signature cin")

// Seal encrypts a normalized CIN with AES-GCM under a fresh random nonce;
// the nonce leads the ciphertext.
func (k *Keys) Seal(cin string) []byte {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(cin)+k.aead.Overhead())
	_, _ = rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, []byte(cin), cinAAD)
}

// ErrCipher is returned for a ciphertext that the key does not open.
var ErrCipher = errors.New("petition: the CIN cannot be decrypted with this key")

// Open decrypts what Seal made.
func (k *Keys) Open(sealed []byte) (string, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return "", ErrCipher
	}
	b, err := k.aead.Open(nil, sealed[:n], sealed[n:], cinAAD)
	if err != nil {
		return "", ErrCipher
	}
	return string(b), nil
}
