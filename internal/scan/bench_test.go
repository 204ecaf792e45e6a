package scan

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/record"
)

// BenchmarkScanFolder measures the whole pipeline (walk, open, sniff,
// decode, detect, score, record) over 32 files of 1 MB of the PII-dense
// benchmark corpus. Run with -cpu 1 for the per-core figure.
func BenchmarkScanFolder(b *testing.B) {
	dir := b.TempDir()
	var all bytes.Buffer
	if _, err := demo.Corpus(&all, 32<<20, 7); err != nil {
		b.Fatal(err)
	}
	data := all.Bytes()
	for i := 0; len(data) > 0; i++ {
		n := min(len(data), 1<<20)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", i)), data[:n], 0o644); err != nil {
			b.Fatal(err)
		}
		data = data[n:]
	}
	sc := newScanner(b, 0)
	src := local(b, dir)
	b.SetBytes(int64(all.Len()))
	b.ResetTimer()
	for b.Loop() {
		if err := sc.Run(b.Context(), src, func(record.Object) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
