package record

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCSVSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "plain", in: "docs/a.csv", want: "docs/a.csv"},
		{name: "equals", in: "=HYPERLINK(\"http://x\")", want: "'=HYPERLINK(\"http://x\")"},
		{name: "plus", in: "+1+1", want: "'+1+1"},
		{name: "minus", in: "-2+3", want: "'-2+3"},
		{name: "at", in: "@SUM(A1)", want: "'@SUM(A1)"},
		{name: "tab", in: "\t=1", want: "'\t=1"},
		{name: "carriage return", in: "\r=1", want: "'\r=1"},
		{name: "inside", in: "a=b", want: "a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := csvSafe(tt.in); got != tt.want {
				t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCSVInjectionInRow(t *testing.T) {
	o := Object{
		URI: "file:///=cmd|' /C calc'!A0", Key: "=cmd|' /C calc'!A0", Source: "file",
		Risk: 1, PIIImpact: ImpactNone, Error: "-read failed", Skipped: "@x",
		Findings: []Finding{{Type: "=t", Count: 1, Sample: "+s"}},
	}
	rows := readCSV(t, render(t, FormatCSV, Options{}, []Object{o}))
	want := []string{
		"file:///=cmd|' /C calc'!A0", "file", "", "'=cmd|' /C calc'!A0", "0", "", "", "1",
		"none", "'=t:1", "'+s", "'@x", "'-read failed", "",
	}
	if diff := cmp.Diff(want, rows[1]); diff != "" {
		t.Errorf("csv row mismatch (-want +got):\n%s", diff)
	}
}

func TestCSVTypesSortedByRisk(t *testing.T) {
	o := Object{Findings: []Finding{
		{Type: "email_address", Risk: 5, Count: 3, Sample: "a***@b.c"},
		{Type: "us_ssn", Risk: 9, Count: 1, Sample: "***-**-1234"},
		{Type: "credit_card_number", Risk: 9, Count: 2, Sample: "4111****1111"},
		{Type: "pdf", Method: MethodContentType, Risk: 1, Count: 1},
	}}
	row := readCSV(t, render(t, FormatCSV, Options{}, []Object{o}))[1]
	got := []string{row[9], row[10]}
	want := []string{
		"credit_card_number:2;us_ssn:1;email_address:3;pdf:1",
		"4111****1111;***-**-1234;a***@b.c",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("types and samples mismatch (-want +got):\n%s", diff)
	}
}

func TestCSVEmptyScanHasHeader(t *testing.T) {
	rows := readCSV(t, render(t, FormatCSV, Options{}, nil))
	if diff := cmp.Diff([][]string{csvHeader()}, rows); diff != "" {
		t.Errorf("empty csv mismatch (-want +got):\n%s", diff)
	}
}

// readCSV parses out, checking that every row has every column.
func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = len(csvHeader())
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv output does not parse: %v\n%s", err, out)
	}
	return rows
}
