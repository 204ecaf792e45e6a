package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scannedDB scans a small folder into a new store and returns its DSN.
func scannedDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"hr/staff.csv": "name,email,ssn\nA,alice@example.com,123-45-6789\nB,bob@example.org,234-56-7890\n",
		"readme.txt":   "hello\n",
		"notes.txt":    "nothing to see\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, "data", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "m.db")
	if code, _, stderr := run(t, "scan", "--store", "--db", db, "--format", "jsonl", filepath.Join(dir, "data")); code != ExitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	return db
}

func TestQueryCommand(t *testing.T) {
	db := scannedDB(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // stdout, or a substring of stderr when the code is not 0
	}{
		{"count", []string{"--count", "*"}, ExitOK, "3\n"},
		{"count bare term", []string{"--count", "txt"}, ExitOK, "2\n"},
		{"count since", []string{"--count", "--since", "1d", "*"}, ExitOK, "3\n"},
		{"count by", []string{"--count-by", "pii_types", "--format", "jsonl", "*"},
			ExitOK, "{\"value\":\"email_address\",\"count\":1}\n{\"value\":\"us_ssn\",\"count\":1}\n"},
		{"count by text", []string{"--count-by", "extension", "--format", "text", "*"},
			ExitOK, "count  value\n2      .txt\n1      .csv\n"},
		{"csv", []string{"--format", "csv", "--sort", "key", "pii_types:us_ssn"}, ExitOK, ""},
		{"syntax error", []string{"(a OR b"}, ExitUsage, "mamori: query s3_objects: column 8: expected ')'"},
		{"unknown field", []string{"buckt:x"}, ExitUsage, `unknown field "buckt" in s3_objects; did you mean bucket?`},
		{"no query", nil, ExitUsage, "no QUERY given"},
		{"bad top", []string{"--top", "7", "*"}, ExitUsage, "--top 7 is not 10, 50, 100 or 500"},
		{"bad index", []string{"--index", "nope", "*"}, ExitUsage, `unknown index "nope"`},
		{"bad sort", []string{"--sort", "themes", "*"}, ExitUsage, "field themes is an array"},
		{"bad since", []string{"--since", "soon", "*"}, ExitUsage, "--since soon"},
		{"bad count by", []string{"--count-by", "nope", "*"}, ExitUsage, `unknown field "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"query", "--db", db}, tt.args...)...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			if code != ExitOK {
				if !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stderr %q, want one line containing %q", stderr, tt.want)
				}
				return
			}
			if tt.want != "" {
				if diff := cmp.Diff(tt.want, stdout); diff != "" {
					t.Errorf("stdout mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestQueryRowsJSONL(t *testing.T) {
	db := scannedDB(t)
	code, stdout, stderr := run(t, "query", "--db", db, "--format", "jsonl", "--sort", "key", "extension:.TXT OR dlp_risk:>=8")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var row map[string]any
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		keys = append(keys, row["key"].(string))
	}
	want := []string{"hr/staff.csv", "notes.txt", "readme.txt"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("keys mismatch (-want +got):\n%s", diff)
	}
}

func TestQuerySaved(t *testing.T) {
	db := scannedDB(t)
	if code, _, stderr := run(t, "query", "--db", db, "--save", "ssn", "--count", "pii_types:us_ssn"); code != ExitOK {
		t.Fatalf("save: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, "query", "--db", db, "--saved", "ssn", "--count")
	if code != ExitOK || stdout != "1\n" {
		t.Fatalf("saved: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "query", "--db", db, "--list-saved", "--format", "text")
	if code != ExitOK || stdout != "ssn\ts3_objects\tpii_types:us_ssn\n" {
		t.Errorf("list-saved: exit %d, stdout %q", code, stdout)
	}
	if code, _, stderr = run(t, "query", "--db", db, "--saved", "ssn", "--index", "cloudtrail"); code != ExitUsage {
		t.Errorf("saved with another index: exit %d, stderr %s", code, stderr)
	}
	if code, _, stderr = run(t, "query", "--db", db, "--saved", "nope"); code != ExitRuntime {
		t.Errorf("missing saved query: exit %d, stderr %s", code, stderr)
	}
}
