package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// smallCorpus returns a few generated documents of a few classes.
func smallCorpus() []doc {
	var docs []doc
	for _, g := range generators()[:3] {
		for u := range 10 {
			for i := range 2 {
				r := rand.New(rand.NewPCG(uint64(u), hashString(g.family)+uint64(i)))
				docs = append(docs, doc{Label: g.label, Unit: fmt.Sprintf("gen:%s:%d", g.family, u), Origin: "gen",
					Name: fmt.Sprintf("f%d%s", i, g.ext), Text: []byte(g.gen(r))})
			}
		}
	}
	return docs
}

// TestBuildDeterministic checks that the same corpus gives a
// byte-identical model.
func TestBuildDeterministic(t *testing.T) {
	cfg := config{C: 1, Keep: 4096, UnitCap: 10, ClassCap: 100, Workers: 2, MaxIter: 10, Truncates: []int{256, 4096}}
	var models [2][]byte
	for i := range models {
		res, err := build(t.Context(), smallCorpus(), cfg, func(string, ...any) {})
		if err != nil {
			t.Fatal(err)
		}
		if res.test.MacroF1 < 0.9 {
			t.Errorf("run %d: macro-F1 %.3f on easy generated classes", i, res.test.MacroF1)
		}
		if models[i], err = res.model.Marshal(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Error("two runs on the same corpus gave different models")
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		pkg, rel, want string
		ok             bool
	}{
		{"golang-1.19-src", "usr/share/go-1.19/src/net/http/server.go", "source_code/go", true},
		{"libboost1.81-dev", "usr/include/boost/any.h", "source_code/cpp", true},
		{"gcc-12-source", "unpacked/gcc-12.2.0/gcc/testsuite/g++.dg/abi/a.C", "source_code/cpp", true},
		{"glibc-source", "unpacked/glibc-2.36/stdio-common/printf.h", "source_code/c", true},
		{"octave", "usr/share/octave/7.3.0/m/general/num2str.m", "source_code/matlab", true},
		{"node-lodash", "usr/share/nodejs/lodash/lodash.min.js", "", false},
		{"tcllib", "usr/share/tcltk/tcllib/json/json.tcl", "source_code/", true},
		{"python3-requests", "usr/share/doc/python3-requests/copyright", "", true},
		{"python3-requests", "usr/lib/python3/dist-packages/requests/x.pyc", "", false},
		{"binutils-source", "unpacked/binutils-2.40/ld/testsuite/ld-elf/note1.r", "", false},
		{"binutils-source", "unpacked/binutils-2.40/ld/emulparams/avr35.sh", "", false},
		{"r-cran-zoo", "usr/lib/R/site-library/zoo/doc/zoo.R", "source_code/r", true},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			got, ok := label(tt.pkg, tt.rel)
			if got != tt.want || ok != tt.ok {
				t.Errorf("label(%q, %q) = %q, %v; want %q, %v", tt.pkg, tt.rel, got, ok, tt.want, tt.ok)
			}
		})
	}
}
