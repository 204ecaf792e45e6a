package cli

import (
	"encoding/json"
	"io"
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
	t.Setenv("MAMORI_S3_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "example")
	badConfig := filepath.Join(t.TempDir(), "mamori.yaml")
	if err := os.WriteFile(badConfig, []byte("trail:\n  retention_months: 13\n"), 0o644); err != nil {
		t.Fatal(err)
	}
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
		{"unreachable s3 source", []string{"trail", "ingest", "--db", filepath.Join(t.TempDir(), "m.db"),
			"--endpoint-url", "http://127.0.0.1:1", "s3://bucket/AWSLogs/"}, ExitRuntime},
		{"bad retention config", []string{"trail", "ingest", "--config", badConfig, "x"}, ExitUsage},
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

// TestTrailRetention checks where the retention comes from: local sources
// keep everything by default, then the environment, the configuration file,
// and the flag over both. (The one-month default of s3:// sources is in
// TestTrailMonitoringDefaults.)
func TestTrailRetention(t *testing.T) {
	t.Setenv("MAMORI_TRAIL_RETENTION", "")
	dir := t.TempDir()
	oldLogs, newLogs := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	old, err := trail.WriteSampleLogs(oldLogs, trail.SampleOptions{Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Days: 1, EventsPerDay: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trail.WriteSampleLogs(newLogs, trail.SampleOptions{Days: 1, EventsPerDay: 50, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "keep.yaml")
	if err := os.WriteFile(keep, []byte("trail:\n  retention_months: 6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	month := filepath.Join(dir, "month.yaml")
	if err := os.WriteFile(month, []byte("trail:\n  retention_months: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		env    string
		args   []string
		purged int
	}{
		{"local sources keep all", "", nil, 0},
		{"environment one month", "1", nil, old.Events},
		{"config one month", "", []string{"--config", month}, old.Events},
		{"config keeps six months", "", []string{"--config", keep}, 0},
		{"flag over config", "", []string{"--config", keep, "--retention", "2"}, old.Events},
		{"zero keeps all", "", []string{"--retention", "0"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("MAMORI_TRAIL_RETENTION", tt.env)
			db := filepath.Join(t.TempDir(), "m.db")
			if code, _, errOut := run(t, "trail", "ingest", "--db", db, "--retention", "0", oldLogs); code != ExitOK {
				t.Fatalf("ingest of old logs: exit %d, %q", code, errOut)
			}
			args := append(append([]string{"trail", "ingest", "--db", db, "--format", "json"}, tt.args...), newLogs)
			code, out, errOut := run(t, args...)
			var st trail.Stats
			if code != ExitOK || json.Unmarshal([]byte(out), &st) != nil || st.Purged != int64(tt.purged) {
				t.Errorf("mamori %s: exit %d, %q (stderr %q); want %d purged", strings.Join(args, " "), code, out, errOut, tt.purged)
			}
		})
	}
}

// TestTrailMonitoringDefaults checks Macie Classic's defaults for trail
// buckets: one month of retention and a 60-day first look back for an
// s3:// source, and neither for local files, whose every event is kept.
func TestTrailMonitoringDefaults(t *testing.T) {
	t.Setenv("MAMORI_TRAIL_RETENTION", "")
	tests := []struct {
		args       []string
		retention  int
		noLookback bool
	}{
		{[]string{"AWSLogs/"}, 0, true},
		{[]string{"s3://trail-bucket/AWSLogs/"}, 1, false},
		{[]string{"AWSLogs/", "s3://trail-bucket"}, 1, false},
		{[]string{"--retention", "3", "AWSLogs/"}, 3, true},
		{[]string{"--retention", "0", "s3://trail-bucket"}, 0, false},
	}
	for _, tt := range tests {
		c, err := parseTrailIngest(tt.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		opt, err := c.options(time.Now(), io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if opt.RetentionMonths != tt.retention || opt.NoLookback != tt.noLookback {
			t.Errorf("%v: retention %d, no lookback %v; want %d, %v", tt.args, opt.RetentionMonths, opt.NoLookback, tt.retention, tt.noLookback)
		}
	}
}
