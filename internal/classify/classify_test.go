package classify

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/testenv"
)

// TestEmbeddedModelDigest checks that the embedded model loads and is the
// one docs/classifier-report.md describes: retraining must update both.
func TestEmbeddedModelDigest(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Model().Outputs); n < 40 {
		t.Errorf("model has %d outputs, want at least 40", n)
	}
	sum := fmt.Sprintf("%x", sha256.Sum256(ModelFile()))
	report, err := os.ReadFile("../../docs/classifier-report.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(report, []byte(sum)) {
		t.Errorf("model digest %s is not in docs/classifier-report.md: retrain with make model", sum)
	}
	if len(modelFile) > 8<<20 {
		t.Errorf("model file is %d bytes, want at most 8 MB", len(modelFile))
	}
}

// TestGolden classifies hand-written files of testdata/golden and
// compares with the labels recorded in testdata/golden.tsv.
func TestGolden(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/golden.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, want, _ := strings.Cut(line, "\t")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata/golden", name))
			if err != nil {
				t.Fatal(err)
			}
			got := c.Predict(name, "", text)
			if diff := cmp.Diff(want, got.Label); diff != "" {
				t.Errorf("label (-want +got):\n%s (p=%.2f)", diff, got.Probability)
			}
		})
	}
}

func TestPredictRules(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("plain words of a web page ", 10)
	tests := []struct {
		name, file, ctype, text string
		want                    Result
	}{
		{"too short", "a.go", "", "package main\n", Result{}},
		{"html text", "index.html", "text/html", long, Result{Label: "web/html", Probability: 1, Rule: "content_type_html"}},
		{"mail text", "m.eml", "message/rfc822", long, Result{Label: "email/rfc822", Probability: 1, Rule: "content_type_rfc822"}},
		{"pem", "k", "", "-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("QUJD", 30) + "\n-----END RSA PRIVATE KEY-----\n",
			Result{Label: "keys/pem", Probability: 1, Rule: "pem_armor"}},
		{"notebook", "n.ipynb", "", `{"cells": [{"cell_type": "code", "source": ["print(1)"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`,
			Result{Label: "json/jupyter_notebook", Probability: 1, Rule: "nbformat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, c.Predict(tt.file, tt.ctype, []byte(tt.text))); diff != "" {
				t.Errorf("Predict (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRisk(t *testing.T) {
	tests := []struct {
		label string
		want  int
	}{
		{"keys/pem", 8}, {"database/mysql_dump", 7}, {"data/csv", 6}, {"source_code/go", 5},
		{"source_code/other", 5}, {"logs/syslog", 4}, {"web/html", 3}, {"nothing/known", 1},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := Risk(tt.label); got != tt.want {
				t.Errorf("Risk(%q) = %d, want %d", tt.label, got, tt.want)
			}
		})
	}
}

func FuzzPredict(f *testing.F) {
	c, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("a.go", "", []byte("package main\nfunc main() {}\n"))
	f.Add("x", "text/html", []byte("-----BEGIN \n{\"Records\":["))
	f.Fuzz(func(t *testing.T, name, ctype string, text []byte) {
		r := c.Predict(name, ctype, text)
		if r.Label != "" && (r.Probability < 0 || r.Probability > 1) {
			t.Errorf("probability %v", r.Probability)
		}
	})
}

// BenchmarkClassify measures Predict on 1 KiB and 4 KiB (the window) of
// source code and of logs.
func BenchmarkClassify(b *testing.B) {
	c, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	code, err := os.ReadFile("testdata/golden/server.go")
	if err != nil {
		b.Fatal(err)
	}
	logs, err := os.ReadFile("testdata/golden/access.log")
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range []struct {
		name string
		text []byte
	}{{"code", code}, {"logs", logs}} {
		for _, n := range []int{Window / 4, Window} {
			text := bytes.Repeat(in.text, n/len(in.text)+1)[:n]
			b.Run(fmt.Sprintf("%s/%dB", in.name, n), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				start := testenv.CPUTime()
				for b.Loop() {
					c.Predict("file", "", text)
				}
				b.ReportMetric(float64(testenv.CPUTime()-start)/1e3/float64(b.N), "cpu-µs/op")
			})
		}
	}
}

// TestPackedDecisions checks that the packed (SWAR) dot product gives
// exactly the decision values of the plain int32 loop, on the golden files
// and on random bytes, and that the plain loop is used when the lanes
// could carry.
func TestPackedDecisions(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var texts [][]byte
	files, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("golden files: %v, %d", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, b)
	}
	r := uint64(1)
	random := make([]byte, 2*Window)
	for i := range random {
		r = r*6364136223846793005 + 1442695040888963407
		random[i] = byte(r >> 56)
	}
	texts = append(texts, random, bytes.Repeat([]byte("a"), Window), bytes.Repeat([]byte("if x {\n\ty = 1\n}\n"), Window/16))
	k := len(c.model.Outputs)
	for n, text := range texts {
		text = text[:min(len(text), Window)]
		s := &scratch{x: NewExtractor(), scores: make([]float32, k)}
		c.decisions(s, "f.txt", text)
		got := append([]float32(nil), s.scores...)
		s.x.count("f.txt", text)
		var sum float32
		for _, i := range s.x.touched {
			v := logTF[s.x.counts[i]]
			sum += v * v
		}
		c.decisionsInt32(s, sum)
		if len(s.x.touched) != 0 {
			t.Fatal("decisionsInt32 left counts behind")
		}
		for o := range got {
			if got[o] != s.scores[o] {
				t.Fatalf("text %d output %s: packed %v, int32 loop %v", n, c.model.Outputs[o].Name, got[o], s.scores[o])
			}
		}
	}
}
