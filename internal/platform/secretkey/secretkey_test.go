package secretkey

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestLoadCreatesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	k1, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	k2, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1.Derive("x"), k2.Derive("x")) {
		t.Error("the second start has another key")
	}
	other, err := Load("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k1.Derive("x"), other.Derive("x")) {
		t.Error("two installations share a key")
	}
}

func TestLoadFromEnv(t *testing.T) {
	dir := t.TempDir()
	env := "0123456789abcdef0123456789abcdef"
	k, err := Load(env, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Error("a key file was made though the environment gives the key")
	}
	if !bytes.Equal(k.Derive("p"), FromString(env).Derive("p")) {
		t.Error("the environment's key is not used")
	}
	if _, err := Load("short", dir); err != ErrShort {
		t.Errorf("short key: %v", err)
	}
}

func TestLoadRefusesOpenFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("0123456789abcdef0123456789abcdef\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("", dir); err == nil {
		t.Error("a key file readable by others is accepted")
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDeriveSeparatesPurposes(t *testing.T) {
	k := FromString("0123456789abcdef0123456789abcdef")
	a, b := k.Derive("petition/cin-hash"), k.Derive("petition/cin-cipher")
	if len(a) != 32 || bytes.Equal(a, b) {
		t.Errorf("derived keys: %x %x", a, b)
	}
}

func TestEphemeral(t *testing.T) {
	if bytes.Equal(Ephemeral().Derive("x"), Ephemeral().Derive("x")) {
		t.Error("two ephemeral keys are equal")
	}
}
