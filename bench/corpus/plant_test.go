package main

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/detect/validate"
)

// TestPlantFile checks that every plant sits on the lines the manifest
// gives, in a valid format, and that the text around it is unchanged.
func TestPlantFile(t *testing.T) {
	var text bytes.Buffer
	for i := range 2000 {
		text.WriteString(strings.Repeat("x", i%70) + " filler line\n")
	}
	p := newPlanter(7)
	out, plants := p.plantFile(text.Bytes(), 2*len(plantTypes))
	if len(plants) != 2*len(plantTypes) {
		t.Fatalf("got %d plants, want %d", len(plants), 2*len(plantTypes))
	}
	lines := strings.Split(string(out), "\n")
	seen, kinds := map[string]int{}, map[string]int{}
	for _, pl := range plants {
		seen[pl.typ]++
		span := strings.Join(lines[pl.first-1:pl.last], "\n")
		if !strings.Contains(squeeze(span), pl.value) {
			t.Errorf("%s at lines %d-%d: value not there: %q", pl.typ, pl.first, pl.last, span)
		}
		switch pl.typ {
		case typeGitHubPAT, typeNPM:
			if _, ok := validate.GitHubToken([]byte(pl.value)); !ok {
				t.Errorf("%s %s: checksum does not validate", pl.typ, pl.value[:8])
			}
		case typePrivateKey:
			start := strings.TrimSpace(lines[pl.first-1])
			if !strings.HasPrefix(start, "-----BEGIN ") {
				t.Errorf("private key starts with %q", start)
				continue
			}
			var block strings.Builder
			for _, l := range lines[pl.first-1 : pl.last] {
				block.WriteString(strings.TrimSpace(l) + "\n")
			}
			b, _ := pem.Decode([]byte(block.String()))
			if b == nil {
				t.Errorf("private key at %d does not decode", pl.first)
				continue
			}
			switch b.Type {
			case "EC PRIVATE KEY":
				if _, err := x509.ParseECPrivateKey(b.Bytes); err != nil {
					t.Errorf("private key at %d: %v", pl.first, err)
				}
			case "OPENSSH PRIVATE KEY":
				if !bytes.HasPrefix(b.Bytes, []byte("openssh-key-v1\x00\x00\x00\x00\x04none")) {
					t.Errorf("OpenSSH key at %d: bad header %q", pl.first, b.Bytes[:24])
				}
			default:
				t.Errorf("private key at %d: unexpected type %s", pl.first, b.Type)
			}
			kinds[b.Type]++
		}
	}
	if kinds["EC PRIVATE KEY"] == 0 || kinds["OPENSSH PRIVATE KEY"] == 0 {
		t.Errorf("private key kinds %v, want both", kinds)
	}
	for _, typ := range plantTypes {
		if seen[typ] != 2 {
			t.Errorf("%s planted %d times, want 2", typ, seen[typ])
		}
	}
	// Removing the planted lines gives back the original text.
	var rest []string
	for _, l := range lines {
		if strings.Contains(l, "filler line") || l == "" {
			rest = append(rest, l)
		}
	}
	if got := strings.Join(rest, "\n"); got != text.String() {
		t.Errorf("text around the plants changed (%d bytes, want %d)", len(got), text.Len())
	}
}

func squeeze(s string) string {
	return strings.NewReplacer(" ", "", "\n", "").Replace(s)
}

func TestAWSPairs(t *testing.T) {
	text := "x\nvar awsConfig1 = map[string]string{\n\t\"aws_access_key_id\":     \"AKIAQ3EGRT5MBX7LNDZW\",\n\t\"aws_secret_access_key\": \"Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o\",\n}\n"
	got := awsPairs([]byte(text))
	if len(got) != 2 || got[0].first != 3 || got[0].typ != typeAWSKeyID || got[1].first != 4 || got[1].typ != typeAWSSecret ||
		got[1].value != "Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o" {
		t.Errorf("awsPairs = %+v", got)
	}
}
