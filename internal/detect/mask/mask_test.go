package mask

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSample(t *testing.T) {
	tests := []struct {
		in             string
		prefix, suffix int
		want           string
	}{
		{"4111111111111111", 4, 4, "4111********1111"},
		{"536228401", 0, 4, "*****8401"},
		{"abc", 2, 2, "**c"},
		{"ab", 2, 2, "*b"},
		{"", 2, 2, ""},
		{"Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o", 2, 2, "Zq************4o"},
		{"山田太郎です", 1, 1, "山****す"},
	}
	for _, tt := range tests {
		if got := Sample([]byte(tt.in), tt.prefix, tt.suffix); got != tt.want {
			t.Errorf("Sample(%q, %d, %d) = %q, want %q", tt.in, tt.prefix, tt.suffix, got, tt.want)
		}
	}
}

func TestEmailAndPEM(t *testing.T) {
	if got := Email([]byte("alice@example.com")); got != "a****@example.com" {
		t.Errorf("Email = %q", got)
	}
	if got := Email([]byte("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ")); got != "ｔ***＠ｅｘａｍｐｌｅ．ｊｐ" {
		t.Errorf("Email(full width) = %q", got)
	}
	if got := PEM([]byte("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----")); got != "-----BEGIN EC PRIVATE KEY----- ****" {
		t.Errorf("PEM = %q", got)
	}
}

func TestHasher(t *testing.T) {
	a, b := NewHasher([]byte("k1")), NewHasher([]byte("k2"))
	v := []byte("4111111111111111")
	first, again := a.Sum("card", v), a.Sum("card", v)
	if first != again || first == b.Sum("card", v) || first == a.Sum("other", v) {
		t.Error("hash must be stable per key and kind, and differ across keys and kinds")
	}
	if len(a.Sum("card", v)) != 16 {
		t.Errorf("hash length %d, want 16", len(a.Sum("card", v)))
	}
}

// FuzzSample checks that a sample never shows more than half of a value.
func FuzzSample(f *testing.F) {
	f.Add([]byte("4111111111111111"), 4, 4)
	f.Add([]byte("héllo wörld"), 9, 9)
	f.Fuzz(func(t *testing.T, v []byte, prefix, suffix int) {
		if prefix < 0 || suffix < 0 || prefix > 64 || suffix > 64 || len(v) > 4096 {
			return
		}
		s := Sample(v, prefix, suffix)
		shown := utf8.RuneCountInString(strings.ReplaceAll(s, "*", ""))
		if n := utf8.RuneCount(v); shown > n/2 {
			t.Errorf("Sample(%q, %d, %d) = %q shows %d of %d characters", v, prefix, suffix, s, shown, n)
		}
	})
}
