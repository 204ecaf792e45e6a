package record

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTruncateMiddle(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{name: "fits", in: "s3://b/k", limit: 8, want: "s3://b/k"},
		{name: "odd", in: "abcdefghij", limit: 7, want: "abc…hij"},
		{name: "even", in: "abcdefghij", limit: 6, want: "abc…ij"},
		{name: "wide", in: "データ/顧客一覧.csv", limit: 12, want: "データ….csv"},
		{name: "tiny", in: "abcdef", limit: 1, want: "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := truncateMiddle(tt.in, tt.limit)
			if got != tt.want {
				t.Errorf("truncateMiddle(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			if w := textWidth(got); w > max(tt.limit, 1) {
				t.Errorf("truncateMiddle(%q, %d) is %d columns wide", tt.in, tt.limit, w)
			}
		})
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "plain", in: "docs/a.csv", want: "docs/a.csv"},
		{name: "escape sequence", in: "a\x1b[2Jb", want: `a\x1b[2Jb`},
		{name: "newline", in: "line1\nline2", want: `line1\x0aline2`},
		{name: "c1", in: "a\u009bb", want: `a\x9bb`},
		{name: "invalid utf-8", in: "a\xffb", want: `a\xffb`},
		{name: "replacement char", in: "a\uFFFDb", want: "a\uFFFDb"},
		{name: "japanese", in: "顧客.csv", want: "顧客.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printable(tt.in); got != tt.want {
				t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHumanBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {1536, "1.5 KiB"},
		{5 << 30, "5.0 GiB"}, {1 << 62, "4.0 EiB"},
	}
	for _, tt := range tests {
		if got := humanBytes(tt.n); got != tt.want {
			t.Errorf("humanBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestTextLineWidth checks that text lines stay within textWidthMax
// columns, also for long types, samples and parts.
func TestTextLineWidth(t *testing.T) {
	long := Object{
		URI: "s3://" + strings.Repeat("bucket-", 20) + "/key", Risk: 9, PIIImpact: ImpactHigh,
		Findings: []Finding{{
			Type: strings.Repeat("very_long_type_", 5), Count: 123456, Sample: strings.Repeat("*", 80),
			Occurrences: []Occurrence{{Part: strings.Repeat("nested.zip/", 12) + "a.csv", Line: 12345, Column: 678}},
		}},
		Error: strings.Repeat("cause: ", 30),
	}
	for _, color := range []bool{false, true} {
		out := render(t, FormatText, Options{Color: color}, append(fixtures(), long))
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			line := ansi.ReplaceAllString(sc.Text(), "")
			if w := textWidth(line); w > textWidthMax {
				t.Errorf("color=%v: line is %d columns wide (max %d): %q", color, w, textWidthMax, line)
			}
		}
	}
}

func TestTextCleanScan(t *testing.T) {
	out := string(render(t, FormatText, Options{}, fixtures()[:1]))
	if strings.Contains(out, "readme.txt") {
		t.Errorf("a clean object printed a block:\n%s", out)
	}
	for _, want := range []string{"objects scanned  1", "No sensitive data found."} {
		if !strings.Contains(out, want) {
			t.Errorf("clean scan summary lacks %q:\n%s", want, out)
		}
	}
}

func TestTextTopObjects(t *testing.T) {
	var records []Object
	for _, risk := range []int{2, 9, 5, 9, 7, 3, 10, 1} {
		records = append(records, Object{
			URI: "file:///r" + string(rune('0'+risk)), Risk: risk,
			Findings: []Finding{{Type: "t", Count: 1}},
		})
	}
	s := newSummary()
	for _, o := range records {
		s.add(o)
	}
	var got []int
	for _, o := range s.top {
		got = append(got, o.risk)
	}
	if diff := cmp.Diff([]int{10, 9, 9, 7, 5}, got); diff != "" {
		t.Errorf("top objects by risk mismatch (-want +got):\n%s", diff)
	}
}
