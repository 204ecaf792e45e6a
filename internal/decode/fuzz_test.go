package decode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// fuzzLimits are small, so that the fuzzers hit them.
var fuzzLimits = Limits{MaxDecodedBytes: 64 << 10, MaxDepth: 3, MaxRatio: 50}

// fuzzMaxInput caps fuzz inputs.
const fuzzMaxInput = 1 << 20

// checkWalk runs Walk over data and checks the invariants that hold for any
// input. It returns the concatenated text of all parts and Walk's error.
func checkWalk(t *testing.T, name string, data []byte) (string, error) {
	t.Helper()
	var text strings.Builder
	ctype, err := Walk(context.Background(), name, bytes.NewReader(data), fuzzLimits, func(p Part) error {
		if p.ContentType == "" || strings.Contains(p.ContentType, ";") {
			t.Errorf("part %q content type %q, want a bare MIME type", p.Path, p.ContentType)
		}
		_, err := io.Copy(&text, p.Text)
		return err
	})
	if strings.Contains(ctype, ";") || (ctype == "" && len(data) > 0) {
		t.Errorf("Walk content type %q, want a bare MIME type", ctype)
	}
	if int64(text.Len()) > fuzzLimits.MaxDecodedBytes {
		t.Errorf("Walk delivered %d bytes, over the limit %d", text.Len(), fuzzLimits.MaxDecodedBytes)
	}
	if err != nil && err.Error() == "" {
		t.Errorf("Walk returned an empty error")
	}
	return text.String(), err
}

func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{
		"", "hello", "\xef\xbb\xbfbom", "\xff\xfeh\x00i\x00", "\xfe\xff\x00h\x00i", "\xff\xfe\x00\x00h\x00\x00\x00",
		"h\x00i\x00 \x00t\x00h\x00e\x00r\x00e\x00", "\x00h\x00i", "abc\xc3\x28\xa0\xa1", `{"a":[1,2]}`, "a,b\n1,2\n",
		"\x89PNG\r\n\x1a\n", "%PDF-1.7", "\x1f\x8b", "\x7fELF\x02\x01\x01",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		text, err := checkWalk(t, "f.txt", data)
		// Valid UTF-8 without a BOM or NULs is plain text, passed through.
		if err == nil && isPlainUTF8(data) && text != string(data) {
			t.Errorf("Walk changed plain text %q into %q", data, text)
		}
	})
}

// isPlainUTF8 reports whether data is text Walk must pass through as is.
func isPlainUTF8(data []byte) bool {
	s := string(data)
	return len(s) > 0 && strings.ToValidUTF8(s, "") == s && !strings.ContainsRune(s, 0) &&
		!strings.HasPrefix(s, "\xef\xbb\xbf") && !strings.HasPrefix(s, "\xfe\xff") && !strings.HasPrefix(s, "\xff\xfe") &&
		detectFormat(data, sniff(data), "f.txt").kind == kindText
}

func FuzzDecodeGzip(f *testing.F) {
	var buf bytes.Buffer
	for _, s := range []string{"", "hello\n", "\xff\xfeh\x00i\x00", strings.Repeat("a", 5000)} {
		buf.Reset()
		zw := gzip.NewWriter(&buf)
		zw.Name = "seed.txt"
		zw.Write([]byte(s))
		zw.Close()
		f.Add(bytes.Clone(buf.Bytes()), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, compress bool) {
		if len(data) > fuzzMaxInput {
			return
		}
		if !compress {
			checkWalk(t, "f.gz", data) // a gzip stream, mutated
			return
		}
		// Compressed: the text must be what Walk gives for data itself.
		var gzBuf bytes.Buffer
		zw := gzip.NewWriter(&gzBuf)
		zw.Write(data)
		zw.Close()
		plain, errPlain := checkWalk(t, "f", data)
		text, err := checkWalk(t, "f.gz", gzBuf.Bytes())
		if err == nil && errPlain == nil && text != plain {
			t.Errorf("Walk(gzip(%q)) = %q, want %q as without gzip", data, text, plain)
		}
		if err == nil && errPlain != nil && !errors.Is(errPlain, ErrLimit) && !errors.Is(errPlain, ErrUnsupported) {
			t.Errorf("Walk(%q) failed (%v) but not Walk(gzip(it))", data, errPlain)
		}
	})
}
