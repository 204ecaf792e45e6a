package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/record"
)

// TestScanExplainFlags checks --explain (an explanation on each
// classifier finding, in jsonl and text) and --classifier=false (no
// classes at all).
func TestScanExplainFlags(t *testing.T) {
	dir := t.TempDir()
	src := "package main\n\nimport \"fmt\"\n\n// main greets.\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(\"hello\", i)\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		args        []string
		classes     int
		explanation bool
	}{
		{"default", nil, 1, false},
		{"explain", []string{"--explain"}, 1, true},
		{"no classifier", []string{"--classifier=false", "--explain"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"scan", "--format", "jsonl", dir}, tt.args...)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var r record.Object
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Classes) != tt.classes {
				t.Errorf("classes %v, want %d", r.Classes, tt.classes)
			}
			for _, f := range r.Findings {
				if f.Method == record.MethodClassifier && (f.Explanation != nil) != tt.explanation {
					t.Errorf("finding %s: explanation %+v, want one: %v", f.Type, f.Explanation, tt.explanation)
				}
			}
		})
	}
	code, out, errOut := run(t, "scan", "--format", "text", "--explain", dir)
	if code != ExitOK || !strings.Contains(out, "explain: source_code/go") {
		t.Errorf("text --explain: exit %d, output:\n%s%s", code, out, errOut)
	}
}
