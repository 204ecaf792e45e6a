// Command corpus writes the benchmark corpus used by bench/run.sh: FILES
// files of PII-dense mixed text (logs, CSV, code) with planted AWS key
// pairs, from internal/demo's deterministic generator.
package main

import (
	"bufio"
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
	pairs := 0
	for i := range files {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("f%04d.txt", i)))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		n, err := demo.Corpus(w, size, uint64(i+1))
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		pairs += n
	}
	fmt.Printf("%d files, %d bytes each, %d AWS key pairs planted\n", files, size, pairs)
	return nil
}
