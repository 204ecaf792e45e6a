// Command corpus writes the benchmark corpus used by bench/run.sh: FILES
// files of PII-dense mixed text (logs, CSV, code) with planted AWS key
// pairs, from internal/demo's deterministic generator.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mamori-dev/mamori/internal/demo"
)

func main() {
	out := flag.String("out", "bench/out/corpus", "output `folder`")
	files := flag.Int("files", 100, "number of files")
	size := flag.Int64("size", 1<<20, "bytes per file")
	flag.Parse()
	if err := write(*out, *files, *size); err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		os.Exit(1)
	}
}

func write(dir string, files int, size int64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// One stream cut into files at line ends, so every file mixes the
	// generator's rotating blocks (logs, CSV, code with key pairs).
	var all bytes.Buffer
	pairs, err := demo.Corpus(&all, int64(files)*size, 1)
	if err != nil {
		return err
	}
	data := all.Bytes()
	for i := range files {
		end := len(data)
		if i < files-1 && int(size) < len(data) {
			end = int(size) + bytes.IndexByte(data[size:], '\n') + 1
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.txt", i)), data[:end], 0o644); err != nil {
			return err
		}
		data = data[end:]
	}
	fmt.Printf("%d files, about %d bytes each, %d AWS key pairs planted\n", files, size, pairs)
	return nil
}
