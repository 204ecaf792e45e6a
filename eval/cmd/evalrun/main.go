// Command evalrun generates the labelled corpus, scores the built-in
// identifiers on it and prints per-type precision, recall and F1.
//
//	go run ./eval/cmd/evalrun -docs 2000 -seed 1 [-errors 20] [-write DIR]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mamori-dev/mamori/eval"
	"github.com/mamori-dev/mamori/internal/detect"
)

func main() {
	docs := flag.Int("docs", 2000, "number of documents")
	seed := flag.Uint64("seed", 1, "generator seed")
	ja := flag.Float64("japanese", 0.15, "share of Japanese-labelled documents")
	errs := flag.Int("errors", 0, "print up to N misses and false positives")
	write := flag.String("write", "", "also write the corpus and truth.jsonl to this directory")
	flag.Parse()
	if err := run(*docs, *seed, *ja, *errs, *write); err != nil {
		fmt.Fprintln(os.Stderr, "evalrun:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, ja float64, nerr int, dir string) error {
	corpus := eval.Generate(eval.Options{Seed: seed, Docs: n, Japanese: ja})
	if dir != "" {
		if err := writeCorpus(dir, corpus); err != nil {
			return err
		}
	}
	ids, err := detect.Builtin()
	if err != nil {
		return err
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("eval")})
	if err != nil {
		return err
	}
	res := eval.Score(e, corpus)
	fmt.Printf("%d documents, seed %d\n", n, seed)
	if err := res.Print(os.Stdout); err != nil {
		return err
	}
	for i, er := range res.Errors {
		if i >= nerr {
			break
		}
		fmt.Printf("%s %s %s %s\n", er.Kind, er.Type, er.Doc, er.Context)
	}
	return nil
}

func writeCorpus(dir string, docs []eval.Doc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "truth.jsonl"))
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, d := range docs {
		if err := os.WriteFile(filepath.Join(dir, d.Name), []byte(d.Text), 0o644); err != nil {
			return err
		}
		if err := enc.Encode(struct {
			Name  string      `json:"name"`
			Spans []eval.Span `json:"spans"`
		}{d.Name, d.Spans}); err != nil {
			return err
		}
	}
	return f.Close()
}
