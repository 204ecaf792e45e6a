package detect

import "bytes"

// An extractor finds the candidate value around a keyword hit at
// [ks, ke) in Go, instead of a pattern search on a window: for formats so
// frequent in real data (e-mail addresses around '@') that a regular
// expression per hit would dominate the scan. It returns the candidate's
// span, which the validator then checks.
type extractor func(text []byte, ks, ke int) (s, t int, ok bool)

// extractors are the known extractors by name (Identifier.Extract).
var extractors = map[string]extractor{
	"email":          extractEmail,
	"jp_name_after":  extractJPNameAfter,
	"jp_name_before": extractJPNameBefore,
	"jp_name_intro":  extractJPNameIntro,
	"jp_name_list":   extractJPNameList,
}

// chained are the extractors that may find several values from one
// keyword hit: after a value that ends at t, the engine calls them again
// with ks = ke = t, until they find nothing. They must find values in
// increasing order, and each call must do bounded work.
var chained = map[string]bool{"jp_name_list": true}

var (
	emailLocal  = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
	emailDomain = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
)

func byteSet(s string) (t [256]bool) {
	for i := 0; i < len(s); i++ {
		t[s[i]] = true
	}
	return t
}

// extractEmail expands an '@' at ks into the address around it: the local
// part back to the first byte that cannot be in one (and after any "..",
// without leading dots), the domain forward to the first byte that cannot
// be in one (before any "..", without trailing dots). It matches what the
// pattern [A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+
// finds, which the validator then checks.
func extractEmail(text []byte, ks, _ int) (int, int, bool) {
	s := ks
	for s > 0 && ks-s < 64 && emailLocal[text[s-1]] {
		s--
	}
	if i := bytes.LastIndex(text[s:ks], []byte("..")); i >= 0 {
		s += i + 2
	}
	for s < ks && text[s] == '.' {
		s++
	}
	t := ks + 1
	for t < len(text) && t-ks <= 255 && emailDomain[text[t]] {
		t++
	}
	if i := bytes.Index(text[ks+1:t], []byte("..")); i >= 0 {
		t = ks + 1 + i
	}
	for t > ks+1 && text[t-1] == '.' {
		t--
	}
	if s == ks || t == ks+1 || bytes.IndexByte(text[ks+1:t], '.') < 0 || inUserInfo(text, s) {
		return 0, 0, false
	}
	return s, t, true
}

// userInfo holds the bytes of a URL's user-info (RFC 3986) that may stand
// between "://" and a user name or password.
var userInfo = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:")

// inUserInfo reports whether text[s:] starts inside the user-info of a
// URL ("https://user@host", "amqp://app:secret@host"): the "@" there
// separates credentials from a host, not a mailbox from its domain.
func inUserInfo(text []byte, s int) bool {
	i := s
	for i > 0 && s-i < 256 && userInfo[text[i-1]] {
		i--
	}
	return i >= 3 && string(text[i-3:i]) == "://"
}
