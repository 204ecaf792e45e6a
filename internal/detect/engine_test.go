package detect

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStreamMatchesScan checks that chunked streaming finds exactly what one
// Scan over the whole text finds, with matches planted across every chunk
// boundary, and that lines and columns are right.
func TestStreamMatchesScan(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	var b bytes.Buffer
	line := 1
	type pos struct{ line, col int }
	want := map[int64]pos{}
	for b.Len() < 3*chunkSize+e.Overlap() {
		// Pad so that a value straddles the next chunk edge.
		edge := (b.Len()/chunkSize + 1) * chunkSize
		if gap := edge - b.Len() - 8; gap > 0 && gap < 200 {
			b.WriteString(strings.Repeat(".", gap))
		}
		col := b.Len() - bytes.LastIndexByte(b.Bytes(), '\n')
		want[int64(b.Len())] = pos{line, col}
		b.WriteString("ada@acme-corp.com ")
		b.WriteString(strings.Repeat("z", 150) + "\n")
		line++
	}
	text := b.Bytes()
	var scanned, streamed []Match
	e.Scan(text, 0, func(m Match) { scanned = append(scanned, m) })
	n, err := e.Stream(t.Context(), bytes.NewReader(text), func(m Match) {
		if p := want[m.Offset]; p.line != m.Line || p.col != m.Column {
			t.Errorf("match at %d: line %d col %d, want %d %d", m.Offset, m.Line, m.Column, p.line, p.col)
		}
		m.Line, m.Column = 0, 0
		streamed = append(streamed, m)
	})
	if err != nil || n != int64(len(text)) {
		t.Fatalf("Stream = %d, %v; want %d, nil", n, err, len(text))
	}
	if len(scanned) != len(want) {
		t.Fatalf("Scan found %d, want %d", len(scanned), len(want))
	}
	// Stream details only the first MaxDetailed matches of a type.
	for i := range scanned[MaxDetailed:] {
		scanned[MaxDetailed+i].Sample, scanned[MaxDetailed+i].Hash = "", ""
	}
	if diff := cmp.Diff(scanned, streamed); diff != "" {
		t.Errorf("Stream differs from Scan (-scan +stream):\n%s", diff)
	}
}

func TestAllowList(t *testing.T) {
	allow, err := ParseAllowList("test", []byte("# test values\n4111111111111111\nemail_address:/.*@example\\.com/\n"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(builtin(t), Options{Allow: allow})
	if err != nil {
		t.Fatal(err)
	}
	got := typesIn(e, "card 4111-1111-1111-1111, 5555555555554444 to a@example.com and b@acme-corp.com")
	want := map[string]int{"credit_card_number": 1, "email_address": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("allow list (-want +got):\n%s", diff)
	}
	if _, err := ParseAllowList("bad.txt", []byte("/[/\n")); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
		t.Errorf("bad regexp error = %v, want it to name bad.txt:1", err)
	}
}

func TestParseIdentifiersErrors(t *testing.T) {
	tests := map[string]string{
		"- id: Bad\n  risk: 1\n  pattern: x\n":                            "lower snake case",
		"- id: a\n  risk: 11\n  pattern: x\n":                             "outside 1–10",
		"- id: a\n  risk: 1\n  pattern: '('\n":                            "pattern",
		"- id: a\n  risk: 1\n  pattern: x\n  validator: nope\n":           "unknown validator",
		"- id: a\n  risk: 1\n  pattern: x\n  typo: 1\n":                   "typo",
		"- id: a\n  risk: 1\n  pattern: x\n  context: {required: true}\n": "lists no words",
	}
	for in, want := range tests {
		if _, err := ParseIdentifiers("custom.yaml", []byte(in)); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "custom.yaml") {
			t.Errorf("ParseIdentifiers(%q) error = %v, want it to name custom.yaml and say %q", in, err, want)
		}
	}
}

func TestCustomIdentifier(t *testing.T) {
	ids, err := ParseIdentifiers("custom.yaml", []byte(`
- id: employee_id
  category: internal
  risk: 4
  keywords: [EMP-]
  pattern: '\bEMP-\d{6}\b'
  examples: {match: ["EMP-123456"], nomatch: ["EMP-12"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, append(builtin(t), ids...))
	if got := typesIn(e, "owner EMP-004211 and emp-12"); got["employee_id"] != 1 {
		t.Errorf("custom identifier matches = %v", got)
	}
	if _, err := New(append(ids, ids...), Options{}); err == nil {
		t.Error("New accepted an identifier defined twice")
	}
}

// FuzzEngineScan feeds arbitrary text to the engine with every built-in
// identifier: it must not panic and every match must lie inside the text.
func FuzzEngineScan(f *testing.F) {
	ids, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	for _, id := range ids {
		for _, ex := range id.Examples.Match {
			f.Add([]byte(ex))
		}
	}
	e, err := New(ids, Options{HashKey: []byte("k")})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 1<<16 {
			return
		}
		e.Scan(text, 0, func(m Match) {
			if m.Offset < 0 || m.Offset+int64(m.Length) > int64(len(text)) || m.Length <= 0 {
				t.Errorf("match %+v outside text of %d bytes", m, len(text))
			}
		})
	})
}
