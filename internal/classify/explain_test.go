package classify

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExplain(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"server.go", "backup.sh", "access.log", "letter.txt", "server.key"} {
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile("testdata/golden/" + name)
			if err != nil {
				t.Fatal(err)
			}
			e := c.Explain(name, "", text, 10)
			if diff := cmp.Diff(c.Predict(name, "", text), e.Result); diff != "" {
				t.Fatalf("Explain's result differs from Predict's (-predict +explain):\n%s", diff)
			}
			if e.Rule != "" {
				if len(e.Features) != 0 || e.Output != "" {
					t.Errorf("rule %s with features %v output %q", e.Rule, e.Features, e.Output)
				}
				return
			}
			if len(e.Features) == 0 || len(e.Features) > 10 {
				t.Fatalf("%d features, want 1–10", len(e.Features))
			}
			for i, f := range e.Features {
				kind, txt, ok := strings.Cut(f.Feature, ":")
				if !ok || kind == "" || len(txt) > MaxFeatureText+len("…")+8 {
					t.Errorf("feature %q is not a short kind:text", f.Feature)
				}
				if i > 0 && abs32(f.Weight) > abs32(e.Features[i-1].Weight) {
					t.Errorf("features not sorted by |weight| at %d", i)
				}
			}
			// The explained decision is the one Predict made, up to the
			// fixed-point rounding of inference.
			o := outputIndex(c.Model(), e.Output)
			want := c.Decisions(name, text[:e.Window])[o]
			if d := e.Decision - want; d > 0.01 || d < -0.01 {
				t.Errorf("explained decision %.4f, inference %.4f", e.Decision, want)
			}
		})
	}
}

func outputIndex(m *Model, name string) int {
	for o, out := range m.Outputs {
		if out.Name == name {
			return o
		}
	}
	return -1
}

func TestShortFeature(t *testing.T) {
	tests := []struct{ in, want string }{
		{"token:func", "token:func"},
		{"bytes:\n\t", `bytes:\n\t`},
		{"first-line:AKIAIOSFODNN7EXAMPLE", "first-line:AKIAIOSFODNN…"},
		{"token:ééééééé", "token:éééééé…"},
		{"bytes:= ", `bytes:"= "`},
	}
	for _, tt := range tests {
		if got := shortFeature(tt.in); got != tt.want {
			t.Errorf("shortFeature(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShebang(t *testing.T) {
	tests := []struct{ text, want string }{
		{"#!/bin/bash\necho", "bash"},
		{"#! /bin/sh -e\n", "sh"},
		{"#!/usr/bin/env python3.11\n", "python"},
		{"#!/usr/bin/env -S LC_ALL=C perl -w\n", "perl"},
		{"#!/usr/bin/Rscript\n", "Rscript"},
		{"#!\n", ""},
		{"# not a shebang\n", ""},
		{"#!/usr/bin/env\n", ""},
	}
	for _, tt := range tests {
		if got := string(shebang([]byte(tt.text))); got != tt.want {
			t.Errorf("shebang(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLineShape(t *testing.T) {
	tests := []struct{ line, want string }{
		{"[Unit]", "[_]"},
		{"Name=x", "a=a"},
		{"key: 1", "a:0"},
		{"f(x);", "a(;"},
		{"-- comment", "-_a"},
	}
	for _, tt := range tests {
		if got := lineShape([]byte(tt.line)); string(got[:]) != tt.want {
			t.Errorf("lineShape(%q) = %q, want %q", tt.line, got[:], tt.want)
		}
	}
}

func TestPredictWindow(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("testdata/golden/access.log")
	if err != nil {
		t.Fatal(err)
	}
	for len(text) < 2*Window {
		text = append(text, text...)
	}
	r, n := c.PredictWindow("access.log", "", text)
	if r != c.Predict("access.log", "", text) {
		t.Errorf("PredictWindow %v differs from Predict", r)
	}
	if n != EarlyWindow && n != Window {
		t.Errorf("read %d bytes, want %d or %d", n, EarlyWindow, Window)
	}
	// Without the cascade the whole window is read.
	m := *c.Model()
	m.EarlyLeaf, m.EarlyNone = 2, 0
	if _, n := New(&m).PredictWindow("access.log", "", text); n != Window {
		t.Errorf("without the cascade read %d bytes, want %d", n, Window)
	}
}

// TestNamedExtractionSame checks that recording names (Explain) counts
// the same features as the fast path of inference.
func TestNamedExtractionSame(t *testing.T) {
	for _, name := range []string{"server.go", "backup.sh", "access.log", "people.csv", "letter.txt"} {
		text, err := os.ReadFile("testdata/golden/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fast := append([]Feature(nil), NewExtractor().Features(name, text)...)
		x := NewExtractor()
		x.names = map[uint32]string{}
		named := x.Features(name, text)
		if diff := cmp.Diff(fast, named); diff != "" {
			t.Errorf("%s: named extraction differs (-fast +named):\n%s", name, diff)
		}
		for _, f := range named {
			if x.names[f.Index] == "" {
				t.Errorf("%s: bucket %d has no name", name, f.Index)
				break
			}
		}
	}
}
