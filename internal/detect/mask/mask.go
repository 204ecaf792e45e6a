// Package mask turns full sensitive values into what may leave the detect
// package: a masked sample for people to read, and a keyed hash for
// deduplication. It is the only place, after detect's validators, that sees
// a full value.
package mask

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
	"unicode/utf8"
)

// maxStars caps the run of '*' in a sample so that long secrets give short
// samples.
const maxStars = 12

// Sample keeps the first prefix and last suffix characters (runes) of
// value and replaces the rest with '*'. At least half of the value is always
// masked, whatever prefix and suffix ask for, so short values never show in
// full.
func Sample(value []byte, prefix, suffix int) string {
	n := utf8.RuneCount(value)
	if n == 0 {
		return ""
	}
	for prefix+suffix > n/2 && (prefix > 0 || suffix > 0) {
		if prefix >= suffix && prefix > 0 {
			prefix--
		} else {
			suffix--
		}
	}
	runes := []rune(string(value))
	stars := min(n-prefix-suffix, maxStars)
	var b bytes.Buffer
	b.WriteString(string(runes[:prefix]))
	b.Write(bytes.Repeat([]byte{'*'}, stars))
	b.WriteString(string(runes[n-suffix:]))
	return b.String()
}

// Email masks the local part of an address but for its first character
// and keeps the domain: "a****@example.com".
func Email(value []byte) string {
	at := bytes.LastIndexByte(value, '@')
	if at < 0 {
		// A full-width address (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ), sampled from the
		// original text of a folded match.
		at = bytes.LastIndex(value, []byte("＠"))
	}
	if at < 0 {
		return Sample(value, 1, 0)
	}
	local := value[:at]
	r, _ := utf8.DecodeRune(local)
	stars := min(max(utf8.RuneCount(local)-1, 3), maxStars)
	return string(r) + string(bytes.Repeat([]byte{'*'}, stars)) + string(value[at:])
}

// PEM shows the armour header of a key block and hides the body:
// "-----BEGIN RSA PRIVATE KEY----- ****". The header names the key kind,
// which is what a reader needs; the body is the secret.
func PEM(block []byte) string {
	end := bytes.Index(block[min(len(block), 11):], []byte("-----"))
	if !bytes.HasPrefix(block, []byte("-----BEGIN ")) || end < 0 {
		return Sample(block, 0, 0)
	}
	return string(block[:11+end+5]) + " ****"
}

// Hasher computes keyed hashes (HMAC-SHA256) of values with a per-
// installation key, so that the same value found in two objects can be
// recognised without storing it. It is safe for concurrent use.
type Hasher struct {
	pool sync.Pool
}

// NewHasher returns a Hasher with the given key.
func NewHasher(key []byte) *Hasher {
	k := bytes.Clone(key)
	return &Hasher{pool: sync.Pool{New: func() any { return hmac.New(sha256.New, k) }}}
}

// Sum returns the first 16 hex digits of HMAC(key, kind NUL value). kind
// separates namespaces, so an equal string of two types hashes differently.
func (h *Hasher) Sum(kind string, value []byte) string {
	m := h.pool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write(value)
	var sum [sha256.Size]byte
	out := hex.EncodeToString(m.Sum(sum[:0])[:8])
	h.pool.Put(m)
	return out
}
