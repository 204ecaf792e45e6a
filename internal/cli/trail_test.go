package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mamori-dev/mamori/internal/trail"
)

func TestTrailIngest(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	sample, err := trail.WriteSampleLogs(logs, trail.SampleOptions{Days: 2, EventsPerDay: 150, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	tor, proxies, aws, err := trail.WriteSampleFeeds(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(logs, "broken.json"), []byte(`{"Records":[{`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "m.db")
	code, out, errOut := run(t, "trail", "ingest", "--db", db, "--tor-exits", tor, "--proxies", proxies,
		"--aws-ip-ranges", aws, "--format", "json", logs)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var st trail.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("summary %q: %v", out, err)
	}
	if st.Events != sample.Events || st.Failed != 1 {
		t.Errorf("stored %d events with %d failed files, want %d and 1", st.Events, st.Failed, sample.Events)
	}
	if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "broken.json") {
		t.Errorf("stderr %q, want one line naming broken.json", errOut)
	}
	code, out, _ = run(t, "trail", "ingest", "--db", db, logs)
	if code != ExitOK || !strings.HasPrefix(out, "ingested 0 events") {
		t.Errorf("second ingest: exit %d, %q", code, out)
	}
}

func TestTrailUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no subcommand", []string{"trail"}, ExitUsage},
		{"help", []string{"trail", "help"}, ExitOK},
		{"unknown subcommand", []string{"trail", "tail"}, ExitUsage},
		{"no source", []string{"trail", "ingest"}, ExitUsage},
		{"bad since", []string{"trail", "ingest", "--since", "yesterday", "x"}, ExitUsage},
		{"bad retention", []string{"trail", "ingest", "--retention", "13", "x"}, ExitUsage},
		{"missing source", []string{"trail", "ingest", "--db", filepath.Join(t.TempDir(), "m.db"), "/nonexistent/logs"}, ExitRuntime},
		{"s3 source", []string{"trail", "ingest", "--db", filepath.Join(t.TempDir(), "m.db"), "s3://bucket/AWSLogs/"}, ExitRuntime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, errOut := run(t, tt.args...); code != tt.want {
				t.Errorf("mamori %s: exit %d (stderr %q), want %d", strings.Join(tt.args, " "), code, errOut, tt.want)
			}
		})
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"60d", now.AddDate(0, 0, -60)},
		{"12h", now.Add(-12 * time.Hour)},
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-11-01T10:00:00+09:00", time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseWhen(tt.in, now)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("parseWhen(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}
