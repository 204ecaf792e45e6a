package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os/exec"
	"strings"
	"time"
)

// detRand adapts a seeded *rand.Rand to io.Reader.
type detRand struct{ r *rand.Rand }

func (d detRand) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte(d.r.Uint32())
	}
	return len(b), nil
}

// pemDoc writes private keys and certificates in PEM. Go's RSA and ECDSA
// key generation ignore a caller's random source, so RSA and EC keys are
// DER-shaped random bytes of their usual sizes (the classifier sees only
// the armor and the base64); Ed25519 keys and certificates are real and
// derived from the seed. The same seed always gives the same text.
func pemDoc(r *rand.Rand) string {
	var b bytes.Buffer
	for range 1 + r.IntN(2) {
		switch r.IntN(4) {
		case 0:
			_ = pem.Encode(&b, &pem.Block{Type: "RSA PRIVATE KEY", Bytes: derShaped(r, pick(r, 608, 1191, 1766, 2349))})
		case 1:
			_ = pem.Encode(&b, &pem.Block{Type: pick(r, "EC PRIVATE KEY", "PRIVATE KEY"), Bytes: derShaped(r, pick(r, 121, 138, 167, 1218))})
		case 2:
			der, err := x509.MarshalPKCS8PrivateKey(ed25519Key(r))
			if err == nil {
				_ = pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
			}
		default:
			writeCert(&b, r)
		}
	}
	return b.String()
}

// derShaped returns n random bytes that start like a DER SEQUENCE.
func derShaped(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	_, _ = detRand{r}.Read(b)
	b[0], b[1], b[2], b[3] = 0x30, 0x82, byte((n-4)>>8), byte(n-4)
	return b
}

func ed25519Key(r *rand.Rand) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	_, _ = detRand{r}.Read(seed)
	return ed25519.NewKeyFromSeed(seed)
}

// writeCert writes a self-signed Ed25519 certificate (deterministic:
// Ed25519 signatures use no randomness).
func writeCert(b *bytes.Buffer, r *rand.Rand) {
	key := ed25519Key(r)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(r.Int64()), Subject: pkix.Name{CommonName: pick(r, words...) + ".example.com",
		Organization: []string{pick(r, "Example Corp", "ACME", "Internal CA")}},
		NotBefore: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2034, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(detRand{r}, tmpl, tmpl, key.Public(), key)
	if err == nil {
		_ = pem.Encode(b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
}

// notebook returns a generator of Jupyter notebooks whose code cells are
// Python taken from the corpus and markdown cells generated prose.
func notebook(python [][]byte) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		var cells []map[string]any
		for range 2 + r.IntN(8) {
			if r.IntN(3) == 0 {
				cells = append(cells, map[string]any{"cell_type": "markdown", "metadata": map[string]any{},
					"source": splitKeep("# " + sentence(r) + "\n\n" + sentence(r))})
				continue
			}
			src := string(pick(r, python...))
			lines := strings.SplitAfter(src, "\n")
			start := r.IntN(len(lines))
			code := strings.Join(lines[start:min(len(lines), start+3+r.IntN(15))], "")
			cell := map[string]any{"cell_type": "code", "execution_count": r.IntN(50), "metadata": map[string]any{},
				"outputs": []any{}, "source": splitKeep(code)}
			if r.IntN(2) == 0 {
				cell["outputs"] = []any{map[string]any{"name": "stdout", "output_type": "stream", "text": splitKeep(sentence(r) + "\n")}}
			}
			cells = append(cells, cell)
		}
		nb := map[string]any{"cells": cells, "metadata": map[string]any{"kernelspec": map[string]any{"display_name": "Python 3",
			"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": pick(r, 2, 4, 5)}
		out, _ := json.MarshalIndent(nb, "", pick(r, " ", "  "))
		return string(out)
	}
}

func splitKeep(s string) []string { return strings.SplitAfter(s, "\n") }

// schemaSQL writes a small schema with rows for the dump generators.
func schemaSQL(r *rand.Rand, serial string) string {
	var b strings.Builder
	for t := range 1 + r.IntN(3) {
		name := fmt.Sprintf("%s_%d", pick(r, "users", "orders", "events", "accounts"), t)
		fmt.Fprintf(&b, "CREATE TABLE %s (id %s PRIMARY KEY, name TEXT NOT NULL, email TEXT, amount NUMERIC(10,2), created DATE);\n", name, serial)
		for i := range 3 + r.IntN(25) {
			fmt.Fprintf(&b, "INSERT INTO %s (id, name, email, amount, created) VALUES (%d, '%s', '%s@example.com', %d.%02d, '2024-%02d-%02d');\n",
				name, i+1, pick(r, words...), pick(r, words...), r.IntN(999), r.IntN(100), 1+r.IntN(12), 1+r.IntN(28))
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "CREATE INDEX %s_name ON %[1]s (name);\n", name)
		}
	}
	return b.String()
}

// sqliteDump dumps a generated database with the real sqlite3 tool.
func sqliteDump(r *rand.Rand) string {
	cmd := exec.CommandContext(context.Background(), "sqlite3", ":memory:")
	cmd.Stdin = strings.NewReader(schemaSQL(r, "INTEGER") + ".dump\n")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// pgDump loads a generated schema into the local PostgreSQL (the test
// database) and dumps it with the real pg_dump, in COPY or INSERT form.
func pgDump(r *rand.Rand) string {
	schema := "mamori_train"
	dsn := []string{"-h", "127.0.0.1", "-U", "postgres", "-d", "test"}
	sql := fmt.Sprintf("DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %[1]s; SET search_path=%[1]s;\n%s", schema, schemaSQL(r, "SERIAL"))
	load := exec.CommandContext(context.Background(), "psql", append(dsn, "-q", "-v", "ON_ERROR_STOP=1")...)
	load.Stdin = strings.NewReader(sql)
	if err := load.Run(); err != nil {
		return ""
	}
	args := append(dsn, "-n", schema)
	switch r.IntN(3) {
	case 0:
		args = append(args, "--inserts")
	case 1:
		args = append(args, "--column-inserts", "--no-owner")
	}
	out, err := exec.CommandContext(context.Background(), "pg_dump", args...).Output()
	if err != nil {
		return ""
	}
	return string(out)
}
