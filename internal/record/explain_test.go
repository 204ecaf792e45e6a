package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// classObject is an object with one classifier finding, explained when e
// is not nil.
func classObject(e *Explanation) Object {
	return Object{URI: "file:///src/main.go", Key: "main.go", Classes: []string{"source_code/go"}, Themes: []string{}, Risk: 5,
		PIIImpact: ImpactNone, Findings: []Finding{{Type: "source_code/go", Category: "class", Method: MethodClassifier, Risk: 5, Count: 1,
			Occurrences: []Occurrence{{Line: 1, Column: 1, Length: 80}}, Explanation: e}}}
}

func TestExplanationJSON(t *testing.T) {
	e := &Explanation{Probability: 0.97, Output: "source_code/go", Window: 1024, Decision: 1.25, Bias: -0.5,
		Features: []ExplainedFeature{{Feature: "token:func", Weight: 0.3}, {Feature: "indent:t", Weight: 0.2}}}
	var b bytes.Buffer
	w, err := NewWriter(FormatJSONL, &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(classObject(nil)); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(classObject(e)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if strings.Contains(lines[0], "explanation") {
		t.Errorf("a scan without --explain has an explanation key: %s", lines[0])
	}
	var got Object
	if err := json.Unmarshal([]byte(lines[1]), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(e, got.Findings[0].Explanation); diff != "" {
		t.Errorf("explanation round trip (-want +got):\n%s", diff)
	}
}

func TestExplanationText(t *testing.T) {
	tests := []struct {
		name string
		e    *Explanation
		want []string
	}{
		{"features", &Explanation{Probability: 0.97, Output: "source_code/go", Window: 1024, Decision: 1.25, Bias: -0.5,
			Features: []ExplainedFeature{{Feature: "token:func", Weight: 0.3}, {Feature: "indent:t", Weight: -0.2}}},
			[]string{"explain: source_code/go p=0.97, decision 1.250 = bias -0.500 + features, first 1024 bytes", "+0.3000  token:func", "-0.2000  indent:t"}},
		{"rule", &Explanation{Probability: 1, Rule: "pem_armor", Part: "keys.tar/id_rsa"},
			[]string{"explain: rule pem_armor in keys.tar/id_rsa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w, err := NewWriter(FormatText, &b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(classObject(tt.e)); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.want {
				if !strings.Contains(b.String(), s) {
					t.Errorf("text output lacks %q:\n%s", s, b.String())
				}
			}
		})
	}
}
