package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// hashKeyName is the meta key of the installation's HMAC key.
const hashKeyName = "hmac_key"

// HashKeySize is the length of the key HashKey returns, in bytes.
const HashKeySize = 32

// HashKey returns this installation's HMAC key for keyed hashes of matched
// values (record.Occurrence.Hash). The first call on a new store generates it
// with crypto/rand and saves it in the meta table, so hashes stay stable
// across runs; when two processes race, both get the key that was saved
// first. Each call returns a fresh copy.
func (db *DB) HashKey(ctx context.Context) ([]byte, error) {
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	if db.key == nil {
		key, err := db.loadHashKey(ctx)
		if err != nil {
			return nil, fmt.Errorf("store %s: hash key: %w", db.name, err)
		}
		db.key = key
	}
	return append([]byte(nil), db.key...), nil
}

// loadHashKey reads the saved key, saving a new random one first when there
// is none.
func (db *DB) loadHashKey(ctx context.Context) ([]byte, error) {
	saved, err := db.meta(ctx, hashKeyName)
	if errors.Is(err, sql.ErrNoRows) {
		fresh := make([]byte, HashKeySize)
		rand.Read(fresh) // never returns an error (crypto/rand)
		if err := db.putMetaIfAbsent(ctx, hashKeyName, hex.EncodeToString(fresh)); err != nil {
			return nil, err
		}
		saved, err = db.meta(ctx, hashKeyName)
	}
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(saved)
	if err != nil || len(key) != HashKeySize {
		return nil, fmt.Errorf("meta %s is not %d hex-encoded bytes", hashKeyName, HashKeySize)
	}
	return key, nil
}

// meta returns the value of key in the meta table, or sql.ErrNoRows.
func (db *DB) meta(ctx context.Context, key string) (string, error) {
	var v string
	q := db.d.Rebind("SELECT value FROM meta WHERE key = ?")
	err := db.sql.QueryRowContext(ctx, q, key).Scan(&v)
	return v, err
}

// putMetaIfAbsent saves key = value unless key is already saved.
func (db *DB) putMetaIfAbsent(ctx context.Context, key, value string) error {
	const insert = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.d.Rebind(insert), key, value)
		return err
	})
}
