package demo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"
)

// writeDemo writes the data set into a new temporary folder.
func writeDemo(t *testing.T) (string, []Planted) {
	t.Helper()
	dir := t.TempDir()
	m, err := Write(dir)
	if err != nil {
		t.Fatalf("Write(%s): %v", dir, err)
	}
	return dir, m
}

// tree returns the SHA-256 of every file under dir, by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum := sha256.Sum256(b)
		sums[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return sums
}

// decoded returns the decoded text of the file at key, as a scanner sees
// it: gzip decompressed, UTF-16 transcoded to UTF-8 without the BOM.
func decoded(t *testing.T, dir, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(key)))
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	switch {
	case strings.HasSuffix(key, ".gz"):
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("gunzip %s: %v", key, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gunzip %s: %v", key, err)
		}
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		units := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			units = append(units, uint16(b[i])|uint16(b[i+1])<<8)
		}
		b = []byte(string(utf16.Decode(units)))
	case !utf8.Valid(b):
		var err error
		if b, err = japanese.ShiftJIS.NewDecoder().Bytes(b); err != nil {
			t.Fatalf("decode Shift_JIS %s: %v", key, err)
		}
	}
	return b
}

func TestWriteDeterministic(t *testing.T) {
	dir1, m1 := writeDemo(t)
	dir2, m2 := writeDemo(t)
	if diff := cmp.Diff(m1, m2); diff != "" {
		t.Errorf("manifests of two runs differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(tree(t, dir1), tree(t, dir2)); diff != "" {
		t.Errorf("files of two runs differ (-first +second):\n%s", diff)
	}
}

func TestWriteFiles(t *testing.T) {
	dir, m := writeDemo(t)
	var want []string
	clean := map[string]bool{}
	for _, s := range specs() {
		want = append(want, s.key)
		clean[s.key] = s.clean
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for k := range tree(t, dir) {
			if !yield(k) {
				return
			}
		}
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("files on disk mismatch (-want +got):\n%s", diff)
	}
	if len(got) < 40 {
		t.Errorf("data set has %d files, want at least 40", len(got))
	}
	counts := map[string]int{}
	for _, p := range m {
		counts[p.Key]++
	}
	for _, key := range want {
		switch n := counts[key]; {
		case clean[key] && n > 0:
			t.Errorf("clean file %s has %d manifest entries, want 0", key, n)
		case !clean[key] && n == 0:
			t.Errorf("file %s has no manifest entries but is not marked clean", key)
		}
	}
}

func TestWriteMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	if _, err := Write(dir); err == nil {
		t.Errorf("Write(%s) = nil error, want an error for a missing folder", dir)
	}
}

func TestBrokenGzip(t *testing.T) {
	dir, _ := writeDemo(t)
	b, err := os.ReadFile(filepath.Join(dir, "broken", "archive.log.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzip header of broken/archive.log.gz: %v, want a valid header", err)
	}
	if _, err := io.ReadAll(zr); err == nil {
		t.Errorf("reading broken/archive.log.gz succeeded, want a decompression error")
	}
}

func TestNoOverlap(t *testing.T) {
	_, m := writeDemo(t)
	for i := 1; i < len(m); i++ {
		a, b := m[i-1], m[i]
		if a.Key == b.Key && a.Part == b.Part && b.Offset < a.Offset+int64(a.Length) {
			t.Errorf("%+v overlaps or precedes %+v", b, a)
		}
		if a.Key > b.Key {
			t.Errorf("manifest not sorted by key: %s before %s", a.Key, b.Key)
		}
	}
}

func TestPartNames(t *testing.T) {
	_, m := writeDemo(t)
	for _, p := range m {
		want := ""
		if p.Key == "logs/app-2026-11-01.log.gz" {
			want = "app-2026-11-01.log"
		}
		if p.Part != want {
			t.Errorf("%s: Part = %q, want %q", p.Key, p.Part, want)
		}
	}
}

// Shapes of planted values, anchored.
var (
	emailRE   = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)
	keyIDRE   = regexp.MustCompile(`^(?:AKIA|ASIA)[A-Z2-7]{16}$`)
	secretRE  = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	ssnRE     = regexp.MustCompile(`^(\d{3})-(\d{2})-(\d{4})$`)
	cardRE    = regexp.MustCompile(`^\d{13,19}$|^\d{4}( \d{4}){3}$|^\d{4}(-\d{4}){3}$|^\d{4} \d{6} \d{5}$|^\d{4}-\d{6}-\d{5}$`)
	phoneRE   = regexp.MustCompile(`^(?:\+1[-. ]?)?(?:\(\d{3}\) |\d{3}[-. ])\d{3}[-. ]\d{4}$`)
	privKeyRE = regexp.MustCompile(`(?s)^-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----\n.*\n *-----END ([A-Z0-9 ]+)-----$`)
)

// validSSN reports whether an AAA-GG-SSSS number could have been issued.
func validSSN(s string) bool {
	m := ssnRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	area, _ := strconv.Atoi(m[1])
	return area != 0 && area != 666 && area < 900 && m[2] != "00" && m[3] != "0000"
}

// checkShape returns what is wrong with value v planted as type typ, or "".
func checkShape(typ, v, before string) string {
	var ok bool
	switch typ {
	case typeEmail:
		ok = emailRE.MatchString(v)
	case typeKeyID:
		ok = keyIDRE.MatchString(v)
	case typeSecret:
		ctx := strings.ToLower(before[max(0, len(before)-40):])
		ok = secretRE.MatchString(v) && strings.Contains(ctx, "aws") && strings.Contains(ctx, "secret")
	case typeSSN:
		ok = validSSN(v)
	case typeCard:
		ok = cardRE.MatchString(v) && luhnValid(v)
	case typePhone:
		ok = phoneRE.MatchString(v) || jpPhoneRE.MatchString(v)
	case typePrivate:
		return checkKey(v)
	case typeMyNumber:
		ok = myNumberValid(v)
	case typePostalCode:
		ok = jpPostalRE.MatchString(v)
	case typeName, typeAddress:
		return checkJapanese(typ, v)
	default:
		return "unknown type"
	}
	if !ok {
		return "bad shape"
	}
	return ""
}

// checkKey returns what is wrong with a planted private key block, or "".
func checkKey(block string) string {
	m := privKeyRE.FindStringSubmatch(block)
	if m == nil || m[1] != m[2] {
		return "no matching BEGIN/END markers"
	}
	var body []string
	for _, l := range strings.Split(block, "\n") {
		body = append(body, strings.TrimSpace(l))
	}
	switch m[1] {
	case "OPENSSH PRIVATE KEY":
		raw, err := base64.StdEncoding.DecodeString(strings.Join(body[1:len(body)-1], ""))
		if err != nil || !bytes.HasPrefix(raw, []byte("openssh-key-v1\x00")) {
			return "bad openssh-key-v1 body"
		}
	case "PGP PRIVATE KEY BLOCK":
		return checkArmor(body)
	default:
		p, _ := pem.Decode([]byte(strings.Join(body, "\n")))
		if p == nil {
			return "bad PEM"
		}
		if _, err := parsePEMKey(p); err != nil {
			return "bad key: " + err.Error()
		}
	}
	return ""
}

// parsePEMKey parses a PEM private key of any of the planted kinds.
func parsePEMKey(p *pem.Block) (any, error) {
	switch p.Type {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(p.Bytes)
	case "EC PRIVATE KEY":
		return x509.ParseECPrivateKey(p.Bytes)
	default:
		return x509.ParsePKCS8PrivateKey(p.Bytes)
	}
}

// checkArmor verifies the CRC-24 of an OpenPGP armor block's lines.
func checkArmor(lines []string) string {
	n := len(lines)
	data, err := base64.StdEncoding.DecodeString(strings.Join(lines[2:n-2], ""))
	if err != nil {
		return "bad armor body"
	}
	sum, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[n-2], "="))
	if err != nil || len(sum) != 3 || crc24(data) != uint32(sum[0])<<16|uint32(sum[1])<<8|uint32(sum[2]) {
		return "bad armor checksum"
	}
	return ""
}

// masked shows the start and length of a value, never all of it.
func masked(v string) string {
	return strconv.Quote(v[:min(4, len(v))]) + "… (" + strconv.Itoa(len(v)) + " bytes)"
}

// isWordByte reports whether c would continue a token.
func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_'
}

func TestManifestShapes(t *testing.T) {
	dir, m := writeDemo(t)
	texts := map[string][]byte{}
	for _, p := range m {
		text, ok := texts[p.Key]
		if !ok {
			text = decoded(t, dir, p.Key)
			texts[p.Key] = text
		}
		end := p.Offset + int64(p.Length)
		if p.Offset < 0 || end > int64(len(text)) {
			t.Errorf("%+v: span outside the %d-byte text", p, len(text))
			continue
		}
		v := string(text[p.Offset:end])
		if why := checkShape(p.Type, v, string(text[:p.Offset])); why != "" {
			t.Errorf("%s at %d: %s value %s: %s", p.Key, p.Offset, p.Type, masked(v), why)
		}
		if p.Offset > 0 && isWordByte(text[p.Offset-1]) || end < int64(len(text)) && isWordByte(text[end]) {
			t.Errorf("%s at %d: %s value %s is part of a longer token", p.Key, p.Offset, p.Type, masked(v))
		}
	}
}

func TestManifestCoverage(t *testing.T) {
	_, m := writeDemo(t)
	got := map[string]int{}
	for _, p := range m {
		got[p.Type]++
	}
	for _, typ := range []string{typeEmail, typeCard, typeKeyID, typeSecret, typePrivate, typeSSN, typePhone} {
		if got[typ] == 0 {
			t.Errorf("no %s planted", typ)
		}
	}
}

func TestCardVariety(t *testing.T) {
	const key = "finance/payments-2026-10.csv"
	dir, m := writeDemo(t)
	text := string(decoded(t, dir, key))
	var cards []string
	for _, p := range m {
		if p.Key == key && p.Type == typeCard {
			cards = append(cards, text[p.Offset:p.Offset+int64(p.Length)])
		}
	}
	network := func(re string) func(string) bool {
		r := regexp.MustCompile(re)
		return func(v string) bool { return r.MatchString(strings.NewReplacer(" ", "", "-", "").Replace(v)) }
	}
	tests := []struct {
		name  string
		match func(string) bool
	}{
		{"visa", network(`^4\d{15}$`)},
		{"mastercard", network(`^(?:5[1-5]|2[2-7])\d{14}$`)},
		{"amex", network(`^3[47]\d{13}$`)},
		{"discover", network(`^6(?:011|5\d\d|4[4-9]\d)\d{12}$`)},
		{"jcb", network(`^35\d{14}$`)},
		{"grouped with spaces", func(v string) bool { return strings.Contains(v, " ") }},
		{"grouped with dashes", func(v string) bool { return strings.Contains(v, "-") }},
		{"bare", regexp.MustCompile(`^\d+$`).MatchString},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.ContainsFunc(cards, tt.match) {
				t.Errorf("%s has no card number that is %s", key, tt.name)
			}
		})
	}
}
