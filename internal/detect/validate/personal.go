package validate

import (
	"bytes"
	"slices"
)

// USSSN validates a US Social Security Number written as 9 digits, with
// optional consistent separators in the 3-2-4 grouping. It applies the SSA
// rules: area 001–899 except 666, group 01–99, serial 0001–9999; and it
// rejects numbers known to be advertising or test values (078-05-1120,
// 219-09-9999, 123-45-6789) and repetitive ones (111-11-1111). The
// normalized value is the 9-digit string.
func USSSN(value []byte) ([]byte, bool) {
	d := digits(value)
	if len(d) != 9 || !ssnGrouping(value) {
		return d, false
	}
	area := atoi(d[:3])
	group := atoi(d[3:5])
	serial := atoi(d[5:])
	switch {
	case area == 0 || area == 666 || area >= 900, group == 0, serial == 0:
		return d, false
	case slices.Contains(fakeSSNs, string(d)), repetitive(d):
		return d, false
	}
	return d, true
}

var fakeSSNs = []string{"078051120", "219099999", "123456789", "457555462"}

// ssnGrouping accepts 9 digits with no separators, or 3-2-4 groups joined
// by the same single separator.
func ssnGrouping(v []byte) bool {
	if len(v) == 9 {
		return true
	}
	if len(v) != 11 {
		return false
	}
	sep := v[3]
	return v[6] == sep && (sep == '-' || sep == ' ' || sep == '.')
}

func atoi(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

// fileTLDs are "top-level domains" that are really file extensions, as in
// logo@2x.png or icon@3x.webp; such matches are not e-mail addresses.
var fileTLDs = []string{"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff",
	"css", "js", "ts", "map", "json", "xml", "yaml", "yml", "txt", "md", "html", "htm", "pdf",
	"zip", "gz", "tar", "mp3", "mp4", "wav", "woff", "woff2", "ttf", "eot", "lock", "min"}

// Email validates an e-mail address: a local part of 1–64 bytes that does
// not start or end with a dot or hold two dots in a row, and a domain of at
// least two labels, each 1–63 bytes not starting or ending with '-', with an
// alphabetic top-level label of 2–24 letters that is not a file extension.
// The normalized value is the address with the domain lower-cased.
func Email(value []byte) ([]byte, bool) {
	at := bytes.LastIndexByte(value, '@')
	if at < 1 || at > 64 || at == len(value)-1 {
		return nil, false
	}
	local, domain := value[:at], value[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) || len(domain) > 253 {
		return nil, false
	}
	labels, last := 0, 0
	for i := 0; i <= len(domain); i++ {
		if i < len(domain) && domain[i] != '.' {
			continue
		}
		l := domain[last:i]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return nil, false
		}
		labels++
		if i < len(domain) {
			last = i + 1
		}
	}
	tld := domain[last:]
	if labels < 2 || len(tld) < 2 || len(tld) > 24 || !allLetters(tld) || isFileTLD(tld) {
		return nil, false
	}
	norm := make([]byte, 0, len(value))
	norm = append(norm, local...)
	norm = append(norm, '@')
	for _, c := range domain {
		norm = append(norm, foldASCII(c))
	}
	return norm, true
}

// isFileTLD reports whether tld (any case) is a file extension.
func isFileTLD(tld []byte) bool {
	for _, ext := range fileTLDs {
		if len(ext) == len(tld) && bytes.EqualFold([]byte(ext), tld) {
			return true
		}
	}
	return false
}

func foldASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func allLetters(b []byte) bool {
	for _, c := range b {
		if c = foldASCII(c); !('a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}
