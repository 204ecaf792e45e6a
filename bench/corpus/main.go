// Command corpus writes the side-by-side benchmark corpus used by
// bench/run.sh: FILES files of PII-dense mixed text (logs, CSV, code) from
// internal/demo's deterministic generator, with credentials of several
// types planted at known lines, and a manifest of the plants
// (planted.tsv, next to the corpus folder) that bench/report scores
// each tool's recall against.
//
// The credentials are fake: random values in the real formats (GitHub
// tokens carry a valid CRC32, private keys are real, freshly derived keys)
// that protect nothing. The manifest holds each value, because the peers'
// reports print full values and are matched against it; it lives only in
// the git-ignored bench/out folder.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mamori-dev/mamori/internal/demo"
)

func main() {
	out := flag.String("out", "bench/out/corpus", "output `folder`")
	manifest := flag.String("manifest", "", "manifest `file` of planted credentials (default: planted.tsv next to -out)")
	files := flag.Int("files", 200, "number of files")
	size := flag.Int64("size", 1<<20, "bytes per file")
	plants := flag.Int("plants", 6, "credentials planted per file, rotating through the types")
	seed := flag.Uint64("seed", 42, "random seed")
	flag.Parse()
	if *manifest == "" {
		*manifest = filepath.Join(filepath.Dir(filepath.Clean(*out)), "planted.tsv")
	}
	if *files < 1 || *size < 4096 || *plants < 0 {
		fmt.Fprintln(os.Stderr, "corpus: -files must be ≥ 1, -size ≥ 4096 and -plants ≥ 0")
		os.Exit(2)
	}
	if err := write(*out, *manifest, *files, *size, *plants, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		os.Exit(1)
	}
}

func write(dir, manifest string, files int, size int64, perFile int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// One stream cut into files at line ends, so every file mixes the
	// generator's rotating blocks (logs, CSV, code with AWS key pairs).
	var all bytes.Buffer
	if _, err := demo.Corpus(&all, int64(files)*size, seed); err != nil {
		return err
	}
	mf, err := os.Create(manifest)
	if err != nil {
		return err
	}
	mw := bufio.NewWriter(mf)
	fmt.Fprintln(mw, "# file\tfirst_line\tlast_line\ttype\tvalue")
	p := newPlanter(seed)
	data := all.Bytes()
	var total int64
	counts := map[string]int{}
	for i := range files {
		end := len(data)
		if i < files-1 && int(size) < len(data) {
			end = int(size) + bytes.IndexByte(data[size:], '\n') + 1
		}
		name := fmt.Sprintf("f%04d.txt", i)
		text, planted := p.plantFile(data[:end], perFile)
		planted = append(planted, awsPairs(text)...)
		for _, pl := range planted {
			fmt.Fprintf(mw, "%s\t%d\t%d\t%s\t%s\n", name, pl.first, pl.last, pl.typ, pl.value)
			counts[pl.typ]++
		}
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			return err
		}
		total += int64(len(text))
		data = data[end:]
	}
	if err := mw.Flush(); err != nil {
		return err
	}
	if err := mf.Close(); err != nil {
		return err
	}
	fmt.Printf("%d files, %d bytes (%.1f MB), planted:", files, total, float64(total)/1e6)
	for _, t := range plantTypes {
		fmt.Printf(" %s %d,", t, counts[t])
	}
	fmt.Printf(" %s %d, %s %d\n", typeAWSKeyID, counts[typeAWSKeyID], typeAWSSecret, counts[typeAWSSecret])
	return nil
}
