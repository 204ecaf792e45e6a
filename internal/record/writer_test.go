package record

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		format string
		opts   Options
	}{
		{name: "text", format: FormatText},
		{name: "text_color", format: FormatText, opts: Options{Color: true}},
		{name: "json", format: FormatJSON},
		{name: "jsonl", format: FormatJSONL},
		{name: "csv", format: FormatCSV},
		{name: "sarif", format: FormatSARIF, opts: Options{Version: "1.2.3", Rules: fixtureRules()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.format, tt.opts, fixtures())
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test ./internal/record -update): %v", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s output mismatch (-want +got):\n%s", tt.format, diff)
			}
		})
	}
}

func TestNewWriterUnknownFormat(t *testing.T) {
	_, err := NewWriter("xml", &bytes.Buffer{}, Options{})
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("NewWriter(%q) error = %v, want ErrUnknownFormat", "xml", err)
	}
	msg := err.Error()
	for _, want := range append([]string{`"xml"`}, Formats()...) {
		if !strings.Contains(msg, want) {
			t.Errorf("NewWriter(%q) error %q does not name %s", "xml", msg, want)
		}
	}
}

func TestNewWriterFormats(t *testing.T) {
	formats := append(Formats(), "JSON", " sarif ")
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			out := render(t, f, Options{}, nil)
			if len(out) == 0 && f != FormatJSONL {
				t.Errorf("format %q wrote nothing for an empty scan", f)
			}
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWriter(f, &buf, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			n := buf.Len()
			if err := w.Write(fixtures()[0]); !errors.Is(err, ErrClosed) {
				t.Errorf("Write after Close error = %v, want ErrClosed", err)
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close() = %v, want nil", err)
			}
			if buf.Len() != n {
				t.Errorf("second Close wrote %q", buf.String()[n:])
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			w, err := NewWriter(f, failWriter{}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = w.Write(fixtures()[1])
			if err == nil {
				err = w.Close()
			}
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Errorf("%s writer on a failing io.Writer: error = %v, want one wrapping %q", f, err, "disk full")
			}
		})
	}
}

func TestNormalizeDoesNotModifyInput(t *testing.T) {
	in := Object{Findings: []Finding{{Type: "email_address"}}}
	out := normalize(in)
	if in.Findings[0].Occurrences != nil {
		t.Errorf("normalize modified the caller's finding: %+v", in.Findings[0])
	}
	if out.Findings[0].Occurrences == nil || out.Classes == nil || out.Themes == nil {
		t.Errorf("normalize left nil slices: %+v", out)
	}
}
