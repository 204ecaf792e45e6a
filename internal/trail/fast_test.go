package trail

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzStringScan holds the word-at-a-time string checks of the fast
// parser to the byte-by-byte definitions they replace.
func FuzzStringScan(f *testing.F) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghijklmnopq", `ab"cd`, `abcdefgh\ijk`,
		"abcdefg\x1f", "abcdefgh\x7f\x80", "日本語のテキストです", "abc\xffdefghij", "abcdefghijklmno\\",
		"\x20\x20\x20\x20\x20\x20\x20\x20", "\x5b\x5c\x5d", "ÿÿÿÿÿÿÿÿ", `\"`, `"\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := true
		for _, c := range b {
			if c < 0x20 || c == '\\' {
				want = false
			}
		}
		want = want && utf8.Valid(b)
		if got := plainString(b); got != want {
			t.Errorf("plainString(%q) = %v, want %v", b, got, want)
		}
		if got, want := quoteOrEscape(b), bytes.IndexAny(b, `"\`); got != want {
			t.Errorf("quoteOrEscape(%q) = %d, want %d", b, got, want)
		}
	})
}
