package decode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// fuzzLimits are small, so that the fuzzers hit them.
var fuzzLimits = Limits{MaxDecodedBytes: 64 << 10, MaxDepth: 3, MaxRatio: 50, MaxUnpackedBytes: 4 << 20, MaxEntries: 200, MaxTime: 5 * time.Second}

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
		return readLocating(&text, p)
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
		!strings.Contains(s, "\x1b$") && detectFormat(data, sniff(data), "f.txt").kind == kindText
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

// readLocating reads the text of p into text, and asks p.Locate about
// offsets of what was read, in order, as the scanner does.
func readLocating(text *strings.Builder, p Part) error {
	buf := make([]byte, 4096)
	var off int64
	for {
		n, err := p.Text.Read(buf)
		if p.Locate != nil {
			for k := off; k < off+int64(n); k += 61 {
				p.Locate(k)
			}
		}
		off += int64(n)
		text.Write(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// fuzzFormat fuzzes Walk on files called name, seeded with seeds.
func fuzzFormat(f *testing.F, name string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		checkWalk(t, name, data)
	})
}

// seeds returns the fixtures whose names end with one of suffixes.
func seeds(suffixes ...string) [][]byte {
	var out [][]byte
	for name, data := range fixtures() {
		for _, s := range suffixes {
			if strings.HasSuffix(name, s) {
				out = append(out, data)
			}
		}
	}
	return out
}

func FuzzDecodeZip(f *testing.F) {
	fuzzFormat(f, "f.zip", append(seeds(".xlsx", ".docx"), zipOf(f, file{"a.txt", []byte("hi")}, file{"b/c.csv", []byte("a,b\n1,2\n")}))...)
}

func FuzzDecodeTar(f *testing.F) {
	fuzzFormat(f, "f.tar", tarOf(f, file{"a.txt", []byte("hello")}, file{"d/b.json", []byte(`{"a":1}`)}))
}

func FuzzDecodeXz(f *testing.F) { fuzzFormat(f, "f.xz", xzOf(f, []byte("hello xz\n"))) }

func FuzzDecodeZstd(f *testing.F) { fuzzFormat(f, "f.zst", zstdOf(f, []byte("hello zstd\n"))) }

func FuzzDecodeBzip2(f *testing.F) {
	data, err := os.ReadFile("testdata/notes.txt.bz2")
	if err != nil {
		f.Fatal(err)
	}
	fuzzFormat(f, "f.bz2", data)
}

func FuzzDecodeCSV(f *testing.F) { fuzzFormat(f, "f.csv", seeds(".csv", ".tsv")...) }

func FuzzDecodeJSON(f *testing.F) { fuzzFormat(f, "f.json", seeds(".json", ".jsonl")...) }

func FuzzDecodeXLSX(f *testing.F) { fuzzFormat(f, "f.xlsx", seeds(".xlsx")...) }

func FuzzDecodeOffice(f *testing.F) {
	fuzzFormat(f, "f.docx", seeds(".docx", ".pptx", ".odt", ".ods")...)
}

func FuzzDecodePDF(f *testing.F) { fuzzFormat(f, "f.pdf", seeds(".pdf")...) }

func FuzzDecodeHTML(f *testing.F) { fuzzFormat(f, "f.html", seeds(".html")...) }

func FuzzDecodeMail(f *testing.F) { fuzzFormat(f, "f.eml", seeds(".eml")...) }

func FuzzDecodeRTF(f *testing.F) { fuzzFormat(f, "f.rtf", seeds(".rtf")...) }

func FuzzDecodeParquet(f *testing.F) { fuzzFormat(f, "f.parquet", seeds(".parquet")...) }

func FuzzDecodeAvro(f *testing.F) { fuzzFormat(f, "f.avro", seeds(".avro")...) }

func FuzzDecodeBinary(f *testing.F) { fuzzFormat(f, "f.bin", seeds(".bin")...) }

func FuzzDecodeJSONLines(f *testing.F) { fuzzFormat(f, "f.jsonl", seeds(".jsonl")...) }
