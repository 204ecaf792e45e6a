package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/decode"
	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/record"
)

// run calls Main as the binary would and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestMain(m *testing.M) {
	// Keep the hash key file out of the user's config directory.
	dir, err := os.MkdirTemp("", "mamori-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// plantedValues returns the full text of every value planted in the demo
// data set under dir, read back from the decoded files.
func plantedValues(t *testing.T, dir string, planted []demo.Planted) []string {
	t.Helper()
	texts := map[string]string{} // key + "\x00" + part → decoded text
	for _, p := range planted {
		id := p.Key + "\x00" + p.Part
		if _, ok := texts[id]; ok {
			continue
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p.Key)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = decode.Walk(t.Context(), p.Key, f, decode.DefaultLimits, func(part decode.Part) error {
			b := new(bytes.Buffer)
			_, err := b.ReadFrom(part.Text)
			texts[p.Key+"\x00"+part.Path] = b.String()
			return err
		})
		f.Close()
		if err != nil {
			t.Fatalf("decode %s: %v", p.Key, err)
		}
	}
	var values []string
	for _, p := range planted {
		text := texts[p.Key+"\x00"+p.Part]
		values = append(values, text[p.Offset:p.Offset+int64(p.Length)])
	}
	return values
}

// TestNoFullValueLeaves scans the demo data set in every output format and
// into a store, and checks that no planted value appears in any output, in
// stderr, or in the database files.
func TestNoFullValueLeaves(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "share")
	os.MkdirAll(data, 0o755)
	planted, err := demo.Write(data)
	if err != nil {
		t.Fatal(err)
	}
	values := plantedValues(t, data, planted)
	db := filepath.Join(dir, "store", "m.db")
	var all strings.Builder
	for _, format := range record.Formats() {
		code, out, errOut := run(t, "scan", "--store", "--db", db, "--format", format, data)
		if code != ExitOK {
			t.Fatalf("scan --format %s: exit %d, stderr %s", format, code, errOut)
		}
		all.WriteString(out + errOut)
	}
	_, out, errOut := run(t, "demo", "--dir", filepath.Join(dir, "demo"))
	all.WriteString(out + errOut)
	files, _ := filepath.Glob(filepath.Join(dir, "store", "*"))
	demoFiles, _ := filepath.Glob(filepath.Join(dir, "demo", "mamori.db*"))
	for _, f := range append(files, demoFiles...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	haystack := all.String()
	for i, v := range values {
		if strings.Contains(haystack, v) {
			t.Errorf("planted %s value #%d from %s appears in output or store", planted[i].Type, i, planted[i].Key)
		}
	}
}

func TestScanJSONLRecords(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("mail bob@acme-corp.com\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("nothing here\n"), 0o644)
	code, out, errOut := run(t, "scan", dir, "--format", "jsonl")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), out)
	}
	var r record.Object
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join(dir, "a.txt"))
	if r.URI != "file://"+abs || r.Key != "a.txt" || r.Source != "file" || r.Risk != 3 || r.PIIImpact != "low" {
		t.Errorf("record = %+v", r)
	}
	var oc []record.Occurrence
	for _, f := range r.Findings {
		if f.Type == "email_address" {
			oc = f.Occurrences
		}
	}
	if len(oc) != 1 || oc[0].Offset != 5 || oc[0].Length != 17 {
		t.Errorf("email occurrence = %+v, want offset 5 length 17", oc)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "k.env"), []byte("AWS_SECRET_ACCESS_KEY=Zq8vT1mN4pR7sK2xW9bY3cF6hJ0dL5gA8eQ1uI4o\n"), 0o644)
	tests := []struct {
		name    string
		args    []string
		want    int
		wantErr string
	}{
		{"ok", []string{"scan", dir}, ExitOK, ""},
		{"risk reached", []string{"scan", "--fail-on-risk", "9", dir}, ExitRisk, ""},
		{"risk not reached", []string{"scan", dir, "--fail-on-risk", "10"}, ExitRisk, ""},
		{"no target", []string{"scan"}, ExitUsage, "no TARGET"},
		{"bad format", []string{"scan", "--format", "xml", dir}, ExitUsage, `"xml"`},
		{"bad risk", []string{"scan", "--fail-on-risk", "11", dir}, ExitUsage, "outside 1–10"},
		{"missing target", []string{"scan", filepath.Join(dir, "nope")}, ExitRuntime, "nope"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"bad size", []string{"scan", "--max-object-size", "lots", dir}, ExitUsage, "lots"},
		{"global db flag", []string{"--db", filepath.Join(dir, "x.db"), "scan", dir}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, tt.args...)
			if code != tt.want || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d stderr %q; want exit %d and stderr containing %q", code, errOut, tt.want, tt.wantErr)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 && tt.want != ExitUsage {
				t.Errorf("error is more than one line: %q", errOut)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := map[string]int64{"20MB": 20 << 20, "512k": 512 << 10, "1.5GiB": 3 << 29, "100": 100, "0": 0}
	for in, want := range tests {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1MB", "MB", "1XB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) succeeded", bad)
		}
	}
}
