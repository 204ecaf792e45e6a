package validate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
)

// base62 is the alphabet GitHub and npm use for token checksums.
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// GitHubToken validates a GitHub token in the 2021 format (ghp_, gho_,
// ghu_, ghs_, ghr_ and npm_ prefixes): 30 random base62 characters followed
// by six base62 characters of the CRC32 of the random part. Tokens of
// other shapes (fine-grained github_pat_, the 40-hex legacy format) carry
// no checksum and are accepted when their characters are high-entropy.
func GitHubToken(value []byte) ([]byte, bool) {
	i := bytes.IndexByte(value, '_')
	rest := value[i+1:]
	if bytes.HasPrefix(value, []byte("github_pat_")) {
		return HighEntropy(value[len("github_pat_"):])
	}
	if len(rest) != 36 || placeholder(rest) {
		return value, false
	}
	want := crc32.ChecksumIEEE(rest[:30])
	got := uint64(0)
	for _, c := range rest[30:] {
		k := bytes.IndexByte([]byte(base62), c)
		if k < 0 {
			return value, false
		}
		got = got*62 + uint64(k)
	}
	return value, got == uint64(want)
}

// JWT validates a JSON Web Token: three base64url parts (the signature may
// be empty for alg "none"), a header that decodes to a JSON object with an
// "alg" member, and a payload that decodes to a JSON object.
func JWT(value []byte) ([]byte, bool) {
	parts := bytes.Split(value, []byte("."))
	if len(parts) != 3 {
		return value, false
	}
	var header struct {
		Alg *string `json:"alg"`
	}
	if !decodeJSON(parts[0], &header) || header.Alg == nil {
		return value, false
	}
	var payload map[string]any
	return value, decodeJSON(parts[1], &payload) && !placeholder(parts[2])
}

func decodeJSON(part []byte, v any) bool {
	part = bytes.TrimRight(part, "=")
	raw := make([]byte, base64.RawURLEncoding.DecodedLen(len(part)))
	n, err := base64.RawURLEncoding.Decode(raw, part)
	return err == nil && json.Unmarshal(raw[:n], v) == nil
}

// Certificate validates an ASCII-armoured X.509 certificate block (BEGIN
// CERTIFICATE / END CERTIFICATE) whose body decodes as base64 to a DER
// SEQUENCE. The normalized value is the base64 body.
func Certificate(value []byte) ([]byte, bool) {
	body, ok := armored(value)
	if !ok {
		return nil, false
	}
	der := make([]byte, base64.StdEncoding.DecodedLen(len(body)))
	n, err := base64.StdEncoding.Decode(der, body)
	return body, err == nil && n >= 32 && der[0] == 0x30
}

// PEMBlock validates any ASCII-armoured block (PGP messages and public
// keys, PKCS#7, CSRs, public keys): matching BEGIN/END labels and a base64
// body of at least 32 bytes. The normalized value is the base64 body.
func PEMBlock(value []byte) ([]byte, bool) {
	return PrivateKey(value)
}

// armored checks matching BEGIN/END labels and returns the base64 body.
func armored(value []byte) ([]byte, bool) {
	begin, rest, ok := armorLabel(value, "-----BEGIN ")
	if !ok {
		return nil, false
	}
	endAt := bytes.LastIndex(rest, []byte("-----END "))
	if endAt < 0 {
		return nil, false
	}
	end, _, ok := armorLabel(rest[endAt:], "-----END ")
	if !ok || !bytes.Equal(begin, end) {
		return nil, false
	}
	body := armorBody(rest[:endAt])
	return body, len(body) >= 44
}

// PuTTYKey validates a PuTTY private key file header: it must have a
// Private-Lines section with base64 lines after it.
func PuTTYKey(value []byte) ([]byte, bool) {
	i := bytes.Index(value, []byte("Private-Lines:"))
	if i < 0 {
		return value, false
	}
	return value, len(value)-i > 40
}

// placeholders are substrings of documentation and template values, not
// real secrets.
var placeholders = [][]byte{
	[]byte("xxxx"), []byte("XXXX"), []byte("****"), []byte("...."), []byte("<"), []byte("${"), []byte("{{"),
	[]byte("0000000000"), []byte("1234567890"), []byte("abcdefgh"), []byte("ABCDEFGH"),
	[]byte("your"), []byte("YOUR"), []byte("changeme"), []byte("CHANGEME"), []byte("example"), []byte("EXAMPLE"),
	[]byte("placeholder"), []byte("redacted"), []byte("REDACTED"), []byte("dummy"), []byte("sample"),
	// "<" as JSON (Go's encoder writes <password> as \u003cpassword\u003e) and HTML escape it
	[]byte(`\u003c`), []byte(`\u003C`), []byte("&lt;"),
}

// publicValues are secrets published on purpose: emulator keys and the
// signatures of documentation examples, found in countless repositories.
var publicValues = [][]byte{
	// Azurite / Azure Storage Emulator account key (devstoreaccount1).
	[]byte("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="),
	// Signature of the jwt.io example token.
	[]byte("SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
}

// placeholder reports whether v looks like a template or documentation
// value rather than a secret.
func placeholder(v []byte) bool {
	for _, p := range placeholders {
		if bytes.Contains(v, p) {
			return true
		}
	}
	for _, p := range publicValues {
		if bytes.Contains(v, p) {
			return true
		}
	}
	return repetitive(v)
}

// Secret accepts a token that is not a placeholder and has at least 3.0
// bits of entropy per byte with at least two character classes: the
// check for vendor tokens that carry no checksum.
func Secret(value []byte) ([]byte, bool) {
	if placeholder(value) {
		return value, false
	}
	return HighEntropy(value)
}

// Password accepts a password value of 6–128 bytes that is not a
// placeholder, a variable reference, a common dummy value or one repeated
// character, and mixes at least two character classes or is long.
func Password(value []byte) ([]byte, bool) {
	v := bytes.Trim(value, `'"`)
	if len(v) < 6 || len(v) > 128 || placeholder(v) || isDummyPassword(v) {
		return v, false
	}
	if v[0] == '$' || v[0] == '%' || bytes.HasPrefix(v, []byte("os.")) || bytes.HasPrefix(v, []byte("env")) {
		return v, false
	}
	// A file path or URL names where a password is kept, not the password
	// (DB_PASSWORD_FILE: /run/secrets/db_password).
	if v[0] == '/' || v[0] == '~' || bytes.HasPrefix(v, []byte("./")) || bytes.HasPrefix(v, []byte("../")) ||
		bytes.Contains(v, []byte("://")) {
		return v, false
	}
	classes := 0
	var seen [4]bool
	for _, c := range v {
		k := 3
		switch {
		case 'a' <= c && c <= 'z':
			k = 0
		case 'A' <= c && c <= 'Z':
			k = 1
		case isDigit(c):
			k = 2
		}
		if !seen[k] {
			seen[k] = true
			classes++
		}
	}
	return v, classes >= 2 || len(v) >= 12
}

var dummyPasswords = []string{"password", "passwd", "secret", "null", "none", "true", "false", "undefined",
	"required", "optional", "string", "hunter2", "letmein", "qwerty", "test123", "admin123", "password1",
	"password123", "p@ssw0rd", "mysecretpassword", "notasecret"}

func isDummyPassword(v []byte) bool {
	for _, d := range dummyPasswords {
		if bytes.EqualFold(v, []byte(d)) {
			return true
		}
	}
	return false
}

// URLCredentials accepts a URL whose user-info password (between ':' and
// '@') is not empty, a placeholder or a variable.
func URLCredentials(value []byte) ([]byte, bool) {
	at := bytes.LastIndexByte(value, '@')
	scheme := bytes.Index(value, []byte("://"))
	if at < 0 || scheme < 0 || at < scheme {
		return value, false
	}
	userinfo := value[scheme+3 : at]
	colon := bytes.IndexByte(userinfo, ':')
	if colon < 1 {
		return value, false
	}
	pw := userinfo[colon+1:]
	if len(pw) < 3 || placeholder(pw) || isDummyPassword(pw) || pw[0] == '$' || pw[0] == '%' {
		return value, false
	}
	return value, true
}

// PrivateKeyPlain is PrivateKey for blocks without PEM encryption headers
// (Proc-Type: 4,ENCRYPTED).
func PrivateKeyPlain(value []byte) ([]byte, bool) {
	if bytes.Contains(value, []byte("4,ENCRYPTED")) {
		return nil, false
	}
	return PrivateKey(value)
}

// PrivateKeyEncrypted is PrivateKey for legacy PEM blocks encrypted with
// a passphrase (Proc-Type: 4,ENCRYPTED and a DEK-Info header).
func PrivateKeyEncrypted(value []byte) ([]byte, bool) {
	if !bytes.Contains(value, []byte("4,ENCRYPTED")) {
		return nil, false
	}
	return PrivateKey(value)
}
