package petition

import (
	"bytes"
	"testing"

	"github.com/infitah/infitah/internal/platform/secretkey"
)

func TestKeys(t *testing.T) {
	k, err := NewKeys(secretkey.FromString("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if k.Hash("K123456") != k.Hash("K123456") || k.Hash("K123456") == k.Hash("K123457") || len(k.Hash("K1")) != 64 {
		t.Error("hash")
	}
	a, b := k.Seal("K123456"), k.Seal("K123456")
	if bytes.Equal(a, b) || bytes.Contains(a, []byte("K123456")) {
		t.Error("ciphertexts repeat or hold the number")
	}
	if got, err := k.Open(a); err != nil || got != "K123456" {
		t.Errorf("open: %q %v", got, err)
	}
	other, _ := NewKeys(secretkey.FromString("another key, another installation!!"))
	if _, err := other.Open(a); err != ErrCipher {
		t.Errorf("another key opens it: %v", err)
	}
	if other.Hash("K123456") == k.Hash("K123456") {
		t.Error("the hash does not depend on the key")
	}
	a[len(a)-1] ^= 1
	if _, err := k.Open(a); err != ErrCipher {
		t.Error("a tampered ciphertext opens")
	}
}
