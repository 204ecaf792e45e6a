package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mamori-dev/mamori/internal/store"
)

// hashKey returns the installation's key for keyed hashes of values, so the
// same secret found twice hashes the same. In order: MAMORI_HASH_KEY (hex),
// the store's key when one is open, or a key file in the user's config
// directory, created on first use with mode 0600.
func hashKey(ctx context.Context, db *store.DB) ([]byte, error) {
	if v := os.Getenv("MAMORI_HASH_KEY"); v != "" {
		k, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil || len(k) < 16 {
			return nil, fmt.Errorf("MAMORI_HASH_KEY must be at least 32 hex digits")
		}
		return k, nil
	}
	if db != nil {
		return db.HashKey(ctx)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	return keyFile(filepath.Join(dir, "mamori", "hash.key"))
}

// keyFile reads a hex key from file, creating it if it does not exist.
func keyFile(file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err == nil {
		k, derr := hex.DecodeString(strings.TrimSpace(string(data)))
		if derr != nil || len(k) < 16 {
			return nil, fmt.Errorf("hash key %s: not a hex key of 16 bytes or more", file)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	k := make([]byte, 32)
	rand.Read(k)
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return keyFile(file) // another process created it first
	}
	if err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, hex.EncodeToString(k)); err != nil {
		return nil, fmt.Errorf("hash key %s: %w", file, err)
	}
	return k, f.Close()
}
