// Command train builds mamori's classifier model (internal/classify/
// model.bin) and its evaluation report (docs/classifier-report.md) from
// pinned Debian and npm packages (manifest.tsv, fetched by fetch.sh) and
// mamori's own generators. `make model` runs it; CI never does.
//
//	go run ./tools/train -cache tools/train/.corpus -out internal/classify/model.bin -report docs/classifier-report.md
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"
)

// unit is one line of the manifest: a pinned package.
type unit struct {
	Kind, Name, Version string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// run parses flags and trains.
func run(ctx context.Context, args []string, log io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	cache := fs.String("cache", "tools/train/.corpus", "corpus cache (fetch.sh output)")
	manifest := fs.String("manifest", "tools/train/manifest.tsv", "pinned packages")
	out := fs.String("out", "internal/classify/model.bin", "model file to write")
	report := fs.String("report", "docs/classifier-report.md", "report to write")
	cfg := config{Truncates: []int{256, 1 << 10, 2 << 10, 4 << 10, 4 << 10}}
	fs.Float64Var(&cfg.C, "c", 1, "SVM cost")
	fs.IntVar(&cfg.Keep, "keep", 48<<10, "features kept after pruning")
	fs.IntVar(&cfg.UnitCap, "unit-cap", 60, "documents per unit and label")
	fs.IntVar(&cfg.ClassCap, "class-cap", 900, "training documents per label")
	fs.IntVar(&cfg.MaxIter, "max-iter", 30, "passes of dual coordinate descent")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "outputs trained at once")
	fs.StringVar(&cfg.EnryDir, "enry", "tools/train/enry", "go-enry baseline module (its own go.mod); empty to skip")
	fs.StringVar(&cfg.Errors, "errors", "", "also write the test documents labelled wrongly to this `file` (for error analysis; never commit it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	units, err := readManifest(*manifest)
	if err != nil {
		return err
	}
	start := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(log, "%6.1fs "+format+"\n", append([]any{time.Since(start).Seconds()}, a...)...)
	}
	docs, err := readCorpus(*cache, units)
	if err != nil {
		return err
	}
	docs = append(docs, generatedAll(*cache, docs)...)
	logf("corpus: %d documents", len(docs))
	if ctx.Err() != nil {
		return ctx.Err()
	}
	res, err := build(ctx, docs, cfg, logf)
	if err != nil {
		return err
	}
	data, err := res.model.Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write model %s: %w", *out, err)
	}
	res.modelSum = fmt.Sprintf("%x", sha256.Sum256(data))
	res.modelSize = len(data)
	res.manifestSum, err = fileSum(*manifest)
	if err != nil {
		return err
	}
	res.units, res.cfg, res.elapsed = units, cfg, time.Since(start)
	logf("model %s: %d bytes, sha256 %s; macro-F1 %.4f", *out, len(data), res.modelSum, res.test.MacroF1)
	return writeReport(*report, res)
}

// generatedAll returns the generators' documents, with notebooks built
// from the corpus's Python.
func generatedAll(cache string, docs []doc) []doc {
	var python [][]byte
	for _, d := range docs {
		if d.Label == "source_code/python" && len(python) < 400 {
			python = append(python, d.Text)
		}
	}
	extra := []generator{
		{"keys/pem", "pem", ".pem", pemDoc, 0},
		{"database/sqlite_dump", "sqlite3", ".sql", sqliteDump, genUnits},
		{"database/postgresql_dump", "pg_dump", ".sql", pgDump, 8}, // slow: a psql and a pg_dump per document
	}
	if len(python) > 0 {
		extra = append(extra, generator{"json/jupyter_notebook", "notebook", ".ipynb", notebook(python), 0})
	}
	var out []doc
	for _, d := range generated(cache, extra) {
		if usable(d.Text) {
			out = append(out, d)
		}
	}
	return out
}

// readManifest reads the tab-separated manifest, skipping comments.
func readManifest(name string) ([]unit, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	defer f.Close()
	var us []unit
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("read manifest %s:%d: want 3 tab-separated fields, got %d", name, n, len(f))
		}
		us = append(us, unit{Kind: f[0], Name: f[1], Version: f[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", name, err)
	}
	if len(us) == 0 {
		return nil, errors.New("read manifest: no packages")
	}
	return us, nil
}

func fileSum(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("digest %s: %w", name, err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b)), nil
}
