package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
)

// enryLabels maps the go-enry (GitHub linguist) languages that have a
// counterpart among mamori's classes to their labels. Languages that are
// only in mamori's source_code group map to "source_code/other"; prose
// formats to no label.
var enryLabels = map[string]string{
	"Shell": "source_code/bash", "C": "source_code/c", "C++": "source_code/cpp", "Go": "source_code/go",
	"Python": "source_code/python", "Java": "source_code/java", "JavaScript": "source_code/javascript",
	"TypeScript": "source_code/typescript", "Perl": "source_code/perl", "Ruby": "source_code/ruby",
	"PHP": "source_code/php", "Rust": "source_code/rust", "Lua": "source_code/lua", "Erlang": "source_code/erlang",
	"Common Lisp": "source_code/lisp", "Emacs Lisp": "source_code/lisp", "Scheme": "source_code/lisp",
	"Fortran": "source_code/fortran", "Assembly": "source_code/assembly", "Unix Assembly": "source_code/assembly",
	"MATLAB": "source_code/matlab", "R": "source_code/r", "Objective-C": "source_code/objectivec",
	"VHDL": "source_code/vhdl", "Vim Script": "source_code/viml", "Clojure": "source_code/clojure",
	"SQL": "source_code/sql", "PLpgSQL": "source_code/sql", "Dockerfile": "source_code/dockerfile",
	"Tcl": "source_code/other", "OCaml": "source_code/other", "Groovy": "source_code/other",
	"HTML": "web/html", "CSS": "web/css", "XML": "web/xml",
	"JSON": "data/json", "YAML": "data/yaml", "INI": "data/ini", "TOML": "data/toml", "CSV": "data/csv", "TSV": "data/tsv",
	"Jupyter Notebook": "json/jupyter_notebook", "E-mail": "email/rfc822",
	"Markdown": "", "Text": "",
}

// enryBaseline labels docs with go-enry from their content alone, by
// running the separate module in dir (go run .), so that go-enry stays out
// of mamori's go.mod. It returns the labels and the leaves go-enry can
// name at all.
func enryBaseline(dir string, docs []doc) ([]string, []string, error) {
	langs := slices.Sorted(maps.Keys(enryLabels))
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, d := range docs {
		if err := enc.Encode(struct{ Text []byte }{d.Text}); err != nil {
			return nil, nil, err
		}
	}
	cmd := exec.Command("go", append([]string{"run", "."}, langs...)...)
	cmd.Dir = dir
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go-enry baseline in %s: %w: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var preds []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		preds = append(preds, enryLabels[sc.Text()])
	}
	if len(preds) != len(docs) {
		return nil, nil, fmt.Errorf("go-enry baseline: %d answers for %d documents", len(preds), len(docs))
	}
	var known []string
	for _, l := range enryLabels {
		if _, leaf, _ := strings.Cut(l, "/"); leaf != "" && leaf != "other" && !slices.Contains(known, l) {
			known = append(known, l)
		}
	}
	slices.Sort(known)
	return preds, known, nil
}
