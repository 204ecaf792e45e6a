package eval

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/detect"
)

// TestCorpusScore scores the built-in identifiers on a small generated
// corpus: micro-F1 over the CONTRACT §3 types must be at least 0.93 and
// precision at least 0.95 (the bars of issue 3).
func TestCorpusScore(t *testing.T) {
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("eval")})
	if err != nil {
		t.Fatal(err)
	}
	res := Score(e, Generate(Options{Seed: 7, Docs: 400, Japanese: 0.15}))
	var b strings.Builder
	if err := res.Print(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	m := res.Micro()
	if m.F1() < 0.93 || m.Precision() < 0.95 {
		t.Errorf("micro-F1 %.3f (want ≥ 0.93), precision %.3f (want ≥ 0.95)", m.F1(), m.Precision())
	}
}

// TestTruthSpans checks the generator's bookkeeping: every span lies in its
// document and starts with the value, not with space (PEM blocks end with
// their newline).
func TestTruthSpans(t *testing.T) {
	for _, d := range Generate(Options{Seed: 3, Docs: 200, Japanese: 0.2}) {
		for _, s := range d.Spans {
			if s.Start < 0 || s.End > len(d.Text) || s.Start >= s.End {
				t.Fatalf("%s: span %v outside the text", d.Name, s)
			}
			v := d.Text[s.Start:s.End]
			if strings.TrimLeft(v, " \t\r\n") != v {
				t.Errorf("%s: %s span %q has surrounding space", d.Name, s.Type, v)
			}
		}
	}
}

// TestChecksums checks the generator's check-digit code on published
// examples, so that a corpus bug does not pass as a detector miss.
func TestChecksums(t *testing.T) {
	if !luhnValid("4111111111111111") || luhnValid("4111111111111112") {
		t.Error("luhn")
	}
	if got := ibanCheck("DE", "370400440532013000"); got != "DE89" {
		t.Errorf("IBAN check DE = %s, want DE89", got)
	}
	if got := ibanCheck("GB", "NWBK60161331926819"); got != "GB29" {
		t.Errorf("IBAN check GB = %s, want GB29", got)
	}
}

// TestKeys checks that the planted keys and certificates parse as what
// they claim to be.
func TestKeys(t *testing.T) {
	km := newKeyMaterial()
	r := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		b, _ := pem.Decode([]byte(km.privateKeyPEM(r)))
		if b == nil {
			t.Fatal("private key is not PEM")
		}
		var err error
		switch b.Type {
		case "RSA PRIVATE KEY":
			_, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			_, err = x509.ParseECPrivateKey(b.Bytes)
		case "PRIVATE KEY":
			_, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "OPENSSH PRIVATE KEY":
			if !bytes.HasPrefix(b.Bytes, []byte("openssh-key-v1\x00")) || len(b.Bytes) < 200 {
				err = errors.New("not an openssh-key-v1 blob")
			}
		}
		if err != nil {
			t.Errorf("%s: %v", b.Type, err)
		}
	}
	b, _ := pem.Decode([]byte(km.certificatePEM(r, "a.example")))
	if _, err := x509.ParseCertificate(b.Bytes); err != nil {
		t.Errorf("certificate: %v", err)
	}
}
