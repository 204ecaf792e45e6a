package detect

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/mamori-dev/mamori/internal/detect/themes"
)

var update = flag.Bool("update", false, "rewrite docs/identifiers.md from the identifier data")

// TestDocUpToDate fails when docs/identifiers.md is not what WriteDoc
// generates from the built-in identifiers and themes; -update rewrites it.
func TestDocUpToDate(t *testing.T) {
	ts, err := themes.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteDoc(&b, builtin(t), ts); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("..", "..", "docs", "identifiers.md")
	if *update {
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./internal/detect -run TestDocUpToDate -update)", file, err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s is stale: run go test ./internal/detect -run TestDocUpToDate -update", file)
	}
}
