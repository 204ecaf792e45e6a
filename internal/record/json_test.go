package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// normalized returns the fixtures as they read back from JSON: nil slices
// are empty.
func normalized(records []Object) []Object {
	out := make([]Object, len(records))
	for i, o := range records {
		out[i] = normalize(o)
	}
	return out
}

func TestJSONIsArray(t *testing.T) {
	tests := []struct {
		name    string
		records []Object
	}{
		{name: "empty", records: nil},
		{name: "one", records: fixtures()[:1]},
		{name: "fixtures", records: fixtures()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, FormatJSON, Options{}, tt.records)
			if !bytes.HasPrefix(out, []byte("[")) {
				t.Fatalf("json output does not start with '[': %q", out)
			}
			var got []Object
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("json output is not a JSON array of records: %v\n%s", err, out)
			}
			if diff := cmp.Diff(normalized(tt.records), got); diff != "" {
				t.Errorf("json round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	want := normalized(fixtures())
	out := render(t, FormatJSONL, Options{}, fixtures())
	var got []Object
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.Contains(line, []byte("null")) {
			t.Errorf("jsonl line has a null: %s", line)
		}
		var o Object
		if err := json.Unmarshal(line, &o); err != nil {
			t.Fatalf("jsonl line does not parse: %v\n%s", err, line)
		}
		got = append(got, o)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jsonl round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestJSONLEmptyArrays(t *testing.T) {
	out := render(t, FormatJSONL, Options{}, []Object{{URI: "file:///x", Findings: []Finding{{Type: "t"}}}})
	for _, want := range []string{`"classes":[]`, `"themes":[]`, `"occurrences":[]`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("jsonl output %s lacks %s", out, want)
		}
	}
	out = render(t, FormatJSONL, Options{}, []Object{{URI: "file:///x"}})
	if !bytes.Contains(out, []byte(`"findings":[]`)) {
		t.Errorf("jsonl output %s lacks \"findings\":[]", out)
	}
}
