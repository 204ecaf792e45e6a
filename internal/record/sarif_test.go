package record

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sarifDoc is what TestSARIFRequiredFields reads back: the fields GitHub
// code scanning requires or uses.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				InformationURI string `json:"informationUri"`
				Version        string `json:"version"`
				Rules          []struct {
					ID               string       `json:"id"`
					Name             string       `json:"name"`
					ShortDescription sarifMessage `json:"shortDescription"`
					FullDescription  sarifMessage `json:"fullDescription"`
					Help             sarifMessage `json:"help"`
					Properties       struct {
						SecuritySeverity string   `json:"security-severity"`
						Tags             []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results     []sarifResult     `json:"results"`
		Invocations []sarifInvocation `json:"invocations"`
	} `json:"runs"`
}

func readSARIF(t *testing.T, out []byte) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("sarif output does not parse: %v\n%s", err, out)
	}
	return doc
}

func TestSARIFRequiredFields(t *testing.T) {
	doc := readSARIF(t, render(t, FormatSARIF, Options{Version: "1.2.3", Rules: fixtureRules()}, fixtures()))
	if doc.Schema != sarifSchema || doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("sarif log: $schema %q, version %q, %d runs; want %q, 2.1.0, 1 run",
			doc.Schema, doc.Version, len(doc.Runs), sarifSchema)
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "mamori" || d.InformationURI != toolURI || d.Version != "1.2.3" {
		t.Errorf("tool.driver = %q %q %q, want mamori %q 1.2.3", d.Name, d.InformationURI, d.Version, toolURI)
	}
	rules := map[string]bool{}
	for _, r := range d.Rules {
		if rules[r.ID] {
			t.Errorf("rule %q listed twice", r.ID)
		}
		rules[r.ID] = true
		if r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" ||
			r.Help.Text == "" || r.Properties.SecuritySeverity == "" || len(r.Properties.Tags) == 0 {
			t.Errorf("rule %q lacks a required field: %+v", r.ID, r)
		}
	}
	checkResults(t, run.Results, rules)
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("invocations = %+v, want one successful", run.Invocations)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 2 {
		t.Errorf("got %d notifications, want 2 (the error and the skip): %+v", len(notes), notes)
	}
	for _, n := range notes {
		if n.Level != "warning" || n.Message.Text == "" {
			t.Errorf("notification %+v: want level warning and a message", n)
		}
	}
}

// checkResults checks what GitHub requires of each result.
func checkResults(t *testing.T, results []sarifResult, rules map[string]bool) {
	t.Helper()
	if len(results) != 6 {
		t.Errorf("got %d results, want 6 (one per occurrence, one for the theme)", len(results))
	}
	for i, r := range results {
		if !rules[r.RuleID] {
			t.Errorf("result %d: ruleId %q is not a rule", i, r.RuleID)
		}
		if r.Message.Text == "" || len(r.Locations) == 0 || r.PartialFingerprints[fingerprintKey] == "" {
			t.Errorf("result %d lacks message, location or fingerprint: %+v", i, r)
		}
		for _, l := range r.Locations {
			uri := l.PhysicalLocation.ArtifactLocation.URI
			if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) {
				t.Errorf("result %d: artifact uri %q, want a relative path with forward slashes", i, uri)
			}
			if reg := l.PhysicalLocation.Region; reg != nil && reg.StartLine < 1 {
				t.Errorf("result %d: region startLine %d, want >= 1", i, reg.StartLine)
			}
		}
	}
}

func TestSARIFEmpty(t *testing.T) {
	doc := readSARIF(t, render(t, FormatSARIF, Options{}, nil))
	run := doc.Runs[0]
	if run.Results == nil || len(run.Results) != 0 || run.Tool.Driver.Rules == nil {
		t.Errorf("empty scan: results %v, rules %v; want both [] ", run.Results, run.Tool.Driver.Rules)
	}
}

func TestSARIFLevel(t *testing.T) {
	tests := []struct {
		risk int
		want string
	}{
		{1, "note"}, {3, "note"}, {4, "warning"}, {6, "warning"}, {7, "error"}, {10, "error"},
	}
	for _, tt := range tests {
		if got := sarifLevel(tt.risk); got != tt.want {
			t.Errorf("sarifLevel(%d) = %q, want %q", tt.risk, got, tt.want)
		}
	}
}

func TestSecuritySeverity(t *testing.T) {
	tests := []struct {
		risk int
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {8, "8.0"}, {10, "10.0"}, {12, "10.0"}, {-1, "0.0"},
	}
	for _, tt := range tests {
		if got := securitySeverity(tt.risk); got != tt.want {
			t.Errorf("securitySeverity(%d) = %q, want %q", tt.risk, got, tt.want)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	tests := []struct {
		name string
		o    Object
		want string
	}{
		{name: "plain", o: Object{Key: "docs/a.csv"}, want: "docs/a.csv"},
		{name: "leading slash", o: Object{Key: "/docs/a.csv"}, want: "docs/a.csv"},
		{name: "space and hash", o: Object{Key: "my docs/a #1.csv"}, want: "my%20docs/a%20%231.csv"},
		{name: "colon first", o: Object{Key: "c:x/a.csv"}, want: "c%3Ax/a.csv"},
		{name: "no key", o: Object{URI: "s3://b/"}, want: "s3://b/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := artifactURI(tt.o); got != tt.want {
				t.Errorf("artifactURI(%+v) = %q, want %q", tt.o, got, tt.want)
			}
		})
	}
}

// TestSARIFFingerprints checks that a fingerprint follows the value, not
// its line, and that repeats of one value are told apart.
func TestSARIFFingerprints(t *testing.T) {
	at := func(line int, offset int64, hash string) Object {
		return Object{Key: "a.txt", Findings: []Finding{{Type: "us_ssn", Count: 1,
			Occurrences: []Occurrence{{Line: line, Column: 1, Offset: offset, Hash: hash}}}}}
	}
	fingerprints := func(records ...Object) []string {
		var fps []string
		for _, r := range readSARIF(t, render(t, FormatSARIF, Options{}, records)).Runs[0].Results {
			fps = append(fps, r.PartialFingerprints[fingerprintKey])
		}
		return fps
	}
	moved := fingerprints(at(1, 0, "h1"))[0] == fingerprints(at(9, 80, "h1"))[0]
	if !moved {
		t.Errorf("fingerprint changed when the value moved to another line")
	}
	twice := Object{Key: "a.txt", Findings: []Finding{{Type: "us_ssn", Count: 2, Occurrences: []Occurrence{
		{Line: 1, Offset: 0, Hash: "h1"}, {Line: 2, Offset: 10, Hash: "h1"},
	}}}}
	fps := fingerprints(twice)
	base, _, _ := strings.Cut(fps[0], ":")
	if diff := cmp.Diff([]string{base + ":1", base + ":2"}, fps); diff != "" {
		t.Errorf("repeated value fingerprints mismatch (-want +got):\n%s", diff)
	}
	if fingerprints(at(1, 0, "h1"))[0] == fingerprints(at(1, 0, "h2"))[0] {
		t.Errorf("two values got the same fingerprint")
	}
}
