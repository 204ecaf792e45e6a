package decode

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// benchText is about 4 MiB of log-like text.
func benchText() []byte {
	line := "2026-11-29T10:00:00Z INFO user=alice@example.com ip=10.1.2.3 action=GetObject key=reports/q3.csv status=200\n"
	return []byte(strings.Repeat(line, (4<<20)/len(line)))
}

func benchWalk(b *testing.B, name string, data []byte, decoded int64) {
	b.SetBytes(decoded)
	b.ReportAllocs()
	for b.Loop() {
		_, err := Walk(b.Context(), name, bytes.NewReader(data), DefaultLimits, func(p Part) error {
			_, err := io.Copy(io.Discard, p.Text)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeText(b *testing.B) {
	text := benchText()
	benchWalk(b, "app.log", text, int64(len(text)))
}

func BenchmarkDecodeGzip(b *testing.B) {
	text := benchText()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(text)
	zw.Close()
	benchWalk(b, "app.log.gz", buf.Bytes(), int64(len(text)))
}
