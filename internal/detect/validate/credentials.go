package validate

import (
	"bytes"
	"encoding/base64"
)

// awsKeyPrefixes are the four-character prefixes of AWS access key ids
// (IAM user keys AKIA, temporary STS keys ASIA, and the rarer ones).
var awsKeyPrefixes = [][]byte{
	[]byte("AKIA"), []byte("ASIA"), []byte("ABIA"), []byte("ACCA"), []byte("A3T"),
}

// AWSKeyID validates an AWS access key id: 20 characters, a known prefix,
// and base32 characters (A–Z, 2–7) after it. Ids containing EXAMPLE are
// AWS documentation values (AKIAIOSFODNN7EXAMPLE) and rejected.
func AWSKeyID(value []byte) ([]byte, bool) {
	if len(value) != 20 || bytes.Contains(value, []byte("EXAMPLE")) {
		return value, false
	}
	known := false
	for _, p := range awsKeyPrefixes {
		if bytes.HasPrefix(value, p) {
			known = true
			break
		}
	}
	if !known {
		return value, false
	}
	for _, c := range value[4:] {
		if !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
			return value, false
		}
	}
	return value, true
}

// AWSSecret validates an AWS secret access key: 40 characters of the base64
// alphabet that mix cases and digits (or '/' '+') and have high entropy.
// Hex strings such as SHA-1 digests, and AWS documentation values
// (…EXAMPLEKEY), are rejected.
func AWSSecret(value []byte) ([]byte, bool) {
	if len(value) != 40 || bytes.Contains(value, []byte("EXAMPLE")) {
		return value, false
	}
	var upper, lower, other bool
	for _, c := range value {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case '0' <= c && c <= '9', c == '/', c == '+':
			other = true
		default:
			return value, false
		}
	}
	return value, upper && lower && other && Entropy(value) >= 4.0
}

// PrivateKey validates an ASCII-armoured private key block: matching
// BEGIN/END labels, and a body that decodes as base64 to at least 32 bytes
// (PEM headers such as Proc-Type and DEK-Info, and an OpenPGP armour
// checksum line, are skipped). The normalized value is the base64 body with
// whitespace removed, so one key hashes the same however it is wrapped.
func PrivateKey(value []byte) ([]byte, bool) {
	body, ok := armored(value)
	if !ok {
		return nil, false
	}
	n, err := base64.StdEncoding.Decode(make([]byte, base64.StdEncoding.DecodedLen(len(body))), body)
	if err != nil || n < 32 {
		return nil, false
	}
	return body, true
}

// armorLabel parses "-----BEGIN LABEL-----" at the start of b and returns
// the label and the bytes after the line.
func armorLabel(b []byte, prefix string) (label, rest []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte(prefix)) {
		return nil, nil, false
	}
	b = b[len(prefix):]
	i := bytes.Index(b, []byte("-----"))
	if i < 0 || i > 64 {
		return nil, nil, false
	}
	return b[:i], b[i+5:], true
}

// armorBody returns the base64 payload of an armoured block: lines of the
// form "Key: value" (PEM and OpenPGP headers) and a trailing OpenPGP
// checksum line ("=abcd") are dropped, whitespace removed.
func armorBody(b []byte) []byte {
	// Keys pasted into JSON or YAML strings carry escaped line breaks.
	b = bytes.ReplaceAll(b, []byte(`\n`), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte(`\r`), nil)
	var out []byte
	for line := range bytes.Lines(b) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || bytes.Contains(line, []byte(": ")) || (line[0] == '=' && len(line) <= 6) {
			continue
		}
		out = append(out, line...)
	}
	return out
}
