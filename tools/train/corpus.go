package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/classify"
)

// A doc is one labelled text of the corpus.
type doc struct {
	// Label is "group/leaf", "group/" for a document that only teaches its
	// group (a language without a leaf of its own), or "" for a negative
	// (prose, markup-free text, random data).
	Label string
	// Unit is the source unit: documents of one unit all go to the same
	// split.
	Unit string
	// Origin is "deb", "npm" or "gen".
	Origin string
	// Name is the file name (its extension is a feature).
	Name string
	// Text is the head of the file (at most maxDocBytes).
	Text []byte
}

// maxDocBytes is how much of each file is kept: the classifier's window.
const maxDocBytes = 8 << 10

// byExt labels files by extension (lower-cased, with the dot).
var byExt = map[string]string{
	".c": "source_code/c", ".h": "source_code/c",
	".cc": "source_code/cpp", ".cpp": "source_code/cpp", ".cxx": "source_code/cpp", ".hpp": "source_code/cpp",
	".hh": "source_code/cpp", ".hxx": "source_code/cpp", ".ipp": "source_code/cpp", ".tcc": "source_code/cpp",
	".go": "source_code/go", ".py": "source_code/python", ".java": "source_code/java",
	".js": "source_code/javascript", ".mjs": "source_code/javascript", ".cjs": "source_code/javascript",
	".ts": "source_code/typescript", ".mts": "source_code/typescript", ".cts": "source_code/typescript",
	".sh": "source_code/bash", ".bash": "source_code/bash",
	".pl": "source_code/perl", ".pm": "source_code/perl",
	".rb": "source_code/ruby", ".php": "source_code/php", ".rs": "source_code/rust", ".lua": "source_code/lua",
	".erl": "source_code/erlang", ".hrl": "source_code/erlang",
	".lisp": "source_code/lisp", ".el": "source_code/lisp", ".lsp": "source_code/lisp", ".cl": "source_code/lisp",
	".scm": "source_code/lisp",
	".f":   "source_code/fortran", ".f90": "source_code/fortran", ".f95": "source_code/fortran",
	".f03": "source_code/fortran", ".f08": "source_code/fortran", ".for": "source_code/fortran",
	".s": "source_code/assembly", ".asm": "source_code/assembly",
	".r": "source_code/r", ".vhd": "source_code/vhdl", ".vhdl": "source_code/vhdl", ".vim": "source_code/viml",
	".sql": "source_code/sql", ".clj": "source_code/clojure", ".cljc": "source_code/clojure",
	".tcl": "source_code/", ".ml": "source_code/", ".mli": "source_code/", ".groovy": "source_code/",
	".html": "web/html", ".htm": "web/html", ".css": "web/css",
	".xml": "web/xml", ".xsl": "web/xml", ".xsd": "web/xml", ".svg": "web/xml", ".pom": "web/xml",
	".json": "data/json", ".yaml": "data/yaml", ".yml": "data/yaml",
	".ini": "data/ini", ".service": "data/ini", ".desktop": "data/ini", ".socket": "data/ini",
	".timer": "data/ini", ".target": "data/ini", ".toml": "data/toml",
	".csv": "data/csv", ".tsv": "data/tsv", ".tab": "data/tsv", ".crt": "keys/pem", ".pem": "keys/pem",
	".txt": "", ".rst": "", ".md": "", ".pod": "",
}

// pkgRules overrides byExt for some packages: ".h" in C++ libraries,
// ".m" (Matlab in Octave, Objective-C in GCC and GNUstep), and
// extensionless files (shell completions).
var pkgRules = map[string]map[string]string{
	"libboost1.81-dev":     {".h": "source_code/cpp"},
	"libeigen3-dev":        {".h": "source_code/cpp", "": "source_code/cpp"},
	"libstdc++-12-dev":     {".h": "source_code/cpp", "": "source_code/cpp"},
	"octave":               {".m": "source_code/matlab"},
	"octave-statistics":    {".m": "source_code/matlab"},
	"libgnustep-base-dev":  {".h": "source_code/objectivec", ".m": "source_code/objectivec"},
	"libgnustep-gui-dev":   {".h": "source_code/objectivec", ".m": "source_code/objectivec"},
	"bash-completion":      {"": "source_code/bash"},
	"dracut-core":          {"": shellScript},
	"initramfs-tools-core": {"": shellScript},
	"nmap-common":          {".nse": "source_code/lua"},
	"spamassassin":         {".txt": "email/rfc822"},
	"mariadb-test":         {".test": "", ".inc": "", ".result": ""},
}

// shellScript labels an extensionless file as a shell script when it
// starts with a "#!" line naming sh or bash, and leaves it out otherwise
// (readCorpus checks).
const shellScript = "source_code/bash#!"

// isShellScript reports whether text starts with a sh or bash "#!" line.
func isShellScript(text []byte) bool {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	for _, p := range []string{"#!/bin/sh", "#!/bin/bash", "#! /bin/sh", "#!/usr/bin/env bash", "#!/usr/bin/bash"} {
		if bytes.HasPrefix(line, []byte(p)) {
			return true
		}
	}
	return false
}

// gccRules label GCC's testsuite by directory.
var gccRules = []struct{ dir, ext, label string }{
	{"/objc", ".m", "source_code/objectivec"},
	{"/obj-c++", ".mm", "source_code/objectivec"},
}

// label returns the label of the file at rel in package pkg and whether
// the file is used at all.
func label(pkg, rel string) (string, bool) {
	base := path.Base(rel)
	ext := strings.ToLower(path.Ext(base))
	if strings.HasSuffix(base, ".min.js") || strings.HasSuffix(base, ".map") {
		return "", false
	}
	if pkg == "spamassassin" && !strings.HasPrefix(base, "sample-") {
		return "", false
	}
	if pkg == "binutils-source" && ext == ".r" {
		return "", false // readelf's expected output in ld's testsuite, not R
	}
	if pkg == "binutils-source" && strings.Contains(rel, "/ld/emulparams/") {
		return "", false // sourced KEY=value fragments: no shell syntax to learn (docs/classifier.md)
	}
	if pkg == "gcc-12-source" {
		for _, r := range gccRules {
			if strings.Contains(rel, r.dir) && ext == r.ext {
				return r.label, true
			}
		}
	}
	if rules, ok := pkgRules[pkg]; ok {
		if l, ok := rules[ext]; ok {
			if ext == "" && strings.Contains(rel, "/doc/") {
				return "", false
			}
			return l, true
		}
	}
	if strings.Contains(rel, "/doc/") && (base == "copyright" || strings.HasPrefix(base, "README")) {
		return "", true
	}
	if e := path.Ext(base); e == ".C" || e == ".H" {
		return "source_code/cpp", true // GCC's g++ testsuite: upper-case C is C++
	}
	if strings.HasSuffix(base, ".d.ts") {
		return "source_code/typescript", true
	}
	l, ok := byExt[ext]
	return l, ok
}

// readCorpus walks cache/x and returns the labelled documents of every
// package in the manifest, in a stable order.
func readCorpus(cache string, units []unit) ([]doc, error) {
	var docs []doc
	for _, u := range units {
		root := filepath.Join(cache, "x", u.Name)
		if _, err := os.Stat(root); err != nil {
			return nil, fmt.Errorf("read corpus: package %s not fetched (run fetch.sh): %w", u.Name, err)
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !d.Type().IsRegular() {
				return err
			}
			rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
			name := strings.TrimSuffix(rel, ".gz")
			l, ok := label(u.Name, name)
			if !ok {
				return nil
			}
			text, err := head(p, strings.HasSuffix(rel, ".gz"))
			if err != nil || !usable(text) {
				return nil //nolint:nilerr // unreadable files are left out
			}
			if l == shellScript {
				if !isShellScript(text) {
					return nil
				}
				l = "source_code/bash"
			}
			docs = append(docs, doc{Label: l, Unit: u.Name + ":" + unitDir(name), Origin: u.Kind, Name: path.Base(name), Text: text})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read corpus: %s: %w", u.Name, err)
		}
	}
	return docs, nil
}

// unitDir is the sub-tree of a package a file belongs to: the first
// directory below the deepest of a few well-known roots. Files of one
// sub-tree go to the same split.
func unitDir(rel string) string {
	parts := strings.Split(path.Dir(rel), "/")
	skip := 0
	for i, p := range parts {
		switch p {
		case "usr", "share", "lib", "src", "include", "doc", "unpacked", "nodejs", "perl5", "php",
			"python3", "dist-packages", "python3.11", "gocode", "github.com", "golang.org", "x", "ruby",
			"vendor_ruby", "lua", "5.1", "5.2", "5.3", "5.4", "emacs", "site-lisp", "cargo", "registry",
			"rustlib", "rust", "library", "java", "maven-repo", "octave", "7.3.0", "m", "vim", "vim90",
			"runtime", "erlang", "go-1.19", "R", "site-library", "GNUstep", "Headers", "usr/src",
			"dracut", "modules.d", "initramfs-tools", "prosody", "nmap":
			skip = i + 1
		}
		if i > skip {
			break
		}
	}
	parts = parts[min(skip, len(parts)):]
	if len(parts) == 0 || parts[0] == "." {
		return "."
	}
	if len(parts) > 1 && (strings.HasPrefix(parts[0], "gcc-") || strings.HasPrefix(parts[0], "glibc-") ||
		strings.HasPrefix(parts[0], "binutils-")) {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// head reads the first maxDocBytes of the file at p (gunzipped when gz).
func head(p string, gz bool) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = zr
	}
	return io.ReadAll(io.LimitReader(r, maxDocBytes))
}

// usable reports whether text is worth a document: at least
// classify.MinText non-blank bytes (shorter texts never get a label) and
// no NUL byte.
func usable(text []byte) bool {
	n := 0
	for _, c := range text {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v' {
			n++
		}
	}
	return n >= classify.MinText && bytes.IndexByte(text, 0) < 0
}

// byLabel groups documents by label, keeping their order.
func byLabel(docs []doc) map[string][]doc {
	m := map[string][]doc{}
	for _, d := range docs {
		m[d.Label] = append(m[d.Label], d)
	}
	return m
}

// labels returns the sorted distinct labels of docs.
func labels(docs []doc) []string {
	var ls []string
	for l := range byLabel(docs) {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return ls
}
