package trail_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/trail"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/cloudtrail-risk.md")

// decodeFile decodes and normalises every record of a test file.
func decodeFile(t *testing.T, norm *trail.Normalizer, path string) []store.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []store.Event
	err = trail.Decode(t.Context(), path, f, func(r *trail.Record, err error) error {
		if err != nil {
			return err
		}
		e, err := norm.Event(r)
		out = append(out, e)
		return err
	})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return out
}

// TestNormalizeGolden normalises one sample of every eventVersion shape
// (1.01 to 1.11, EventBridge and JSON lines) and compares the events with
// testdata/golden; go test -update rewrites them.
func TestNormalizeGolden(t *testing.T) {
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tor, proxies, aws, err := trail.WriteSampleFeeds(dir)
	if err != nil {
		t.Fatal(err)
	}
	ips, err := enrich.LoadIPIndex(t.Context(), enrich.Feeds{TorExits: tor, Proxies: proxies, AWSIPRanges: aws})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/records/*")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			events := decodeFile(t, trail.NewNormalizer(risk, ips), path)
			got, err := json.MarshalIndent(events, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata/golden", strings.TrimSuffix(name, filepath.Ext(name))+".json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSpace(string(want)), string(got)); diff != "" {
				t.Errorf("events of %s mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestSignInFailure checks that a failed console sign-in, which CloudTrail
// logs without an errorCode, is stored and scored with the code
// trail.SignInFailure, its message kept as it is.
func TestSignInFailure(t *testing.T) {
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	const base = `"eventID":"2e7d9a4e-2b41-4e6e-9c1b-1a0b2a0e0099","eventTime":"2026-10-01T10:00:00Z",` +
		`"eventSource":"signin.amazonaws.com","userIdentity":{"type":"Root","arn":"arn:aws:iam::123456789012:root"}`
	tests := []struct {
		name      string
		fields    string // more record fields
		code, msg string
		risk      int
	}{
		{"failed authentication", `"eventName":"ConsoleLogin","errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"}`,
			trail.SignInFailure, "Failed authentication", 8},
		{"root sign-in to another account", `"eventName":"ConsoleLogin","errorMessage":"No username found in supplied account","responseElements":{"ConsoleLogin":"Failure"}`,
			trail.SignInFailure, "No username found in supplied account", 8},
		{"failure without a message", `"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Failure"}`,
			trail.SignInFailure, "", 8},
		{"message without a response", `"eventName":"ConsoleLogin","errorMessage":"Failed authentication","responseElements":null`,
			trail.SignInFailure, "Failed authentication", 8},
		{"an errorCode is kept", `"eventName":"ConsoleLogin","errorCode":"AccessDenied","errorMessage":"denied","responseElements":{"ConsoleLogin":"Failure"}`,
			"AccessDenied", "denied", 10},
		{"success", `"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}`, "", "", 5},
		{"a response of another shape", `"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":1}`, "", "", 5},
		{"another sign-in call", `"eventName":"CheckMfa","errorMessage":"x","responseElements":{"ConsoleLogin":"Failure"}`, "", "x", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r trail.Record
			if err := json.Unmarshal([]byte("{"+base+","+tt.fields+"}"), &r); err != nil {
				t.Fatal(err)
			}
			e, err := trail.NewNormalizer(risk, nil).Event(&r)
			if err != nil {
				t.Fatal(err)
			}
			wantCompound := ""
			if tt.code != "" {
				wantCompound = r.EventName + ":" + tt.code
			}
			if e.ErrorCode != tt.code || e.EventNameError != wantCompound || e.ErrorMessage != tt.msg || e.Risk != tt.risk {
				t.Errorf("error_code %q, event_name_error %q, error_message %q, risk %d; want %q, %q, %q, %d",
					e.ErrorCode, e.EventNameError, e.ErrorMessage, e.Risk, tt.code, wantCompound, tt.msg, tt.risk)
			}
		})
	}
}

func TestPrincipalOf(t *testing.T) {
	tests := []struct {
		name string
		id   string // userIdentity JSON
		want trail.Principal
	}{
		{"iam user with path", `{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev/bob","accountId":"111122223333"}`,
			trail.Principal{User: "123456789012:user:bob", Type: "IAMUser", Name: "bob", ARN: "arn:aws:iam::111122223333:user/dev/bob", Account: "123456789012"}},
		{"assumed role drops the session", `{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/accounting-role/jane","principalId":"AROA1:jane"}`,
			trail.Principal{User: "123456789012:assumed-role:accounting-role", Type: "AssumedRole", Name: "accounting-role",
				ARN: "arn:aws:sts::123456789012:assumed-role/accounting-role/jane", Account: "123456789012", SessionName: "jane"}},
		{"federated user", `{"type":"FederatedUser","arn":"arn:aws:sts::123456789012:federated-user/alice"}`,
			trail.Principal{User: "123456789012:federated-user:alice", Type: "FederatedUser", Name: "alice",
				ARN: "arn:aws:sts::123456789012:federated-user/alice", Account: "123456789012"}},
		{"root", `{"type":"Root","arn":"arn:aws:iam::123456789012:root"}`,
			trail.Principal{User: "123456789012:root:root", Type: "Root", Name: "root", ARN: "arn:aws:iam::123456789012:root", Account: "123456789012"}},
		{"anonymous", `{"type":"AWSAccount","principalId":"","accountId":"anonymous"}`,
			trail.Principal{User: "123456789012:ANONYMOUS_PRINCIPAL", Type: "AWSAccount", Name: "ANONYMOUS_PRINCIPAL", Account: "123456789012"}},
		{"anonymous principal id", `{"type":"AWSAccount","principalId":"ANONYMOUS_PRINCIPAL"}`,
			trail.Principal{User: "123456789012:ANONYMOUS_PRINCIPAL", Type: "AWSAccount", Name: "ANONYMOUS_PRINCIPAL", Account: "123456789012"}},
		{"other account", `{"type":"AWSAccount","principalId":"AIDAX:s","accountId":"999988887777"}`,
			trail.Principal{User: "123456789012:aws-account:999988887777", Type: "AWSAccount", Name: "999988887777", Account: "123456789012"}},
		{"service", `{"type":"AWSService","invokedBy":"codepipeline.amazonaws.com"}`,
			trail.Principal{User: "123456789012:codepipeline.amazonaws.com", Type: "AWSService", Name: "codepipeline.amazonaws.com", Account: "123456789012"}},
		{"no type, invoked by", `{"invokedBy":"s3.amazonaws.com"}`,
			trail.Principal{User: "123456789012:s3.amazonaws.com", Type: "AWSService", Name: "s3.amazonaws.com", Account: "123456789012"}},
		{"saml", `{"type":"SAMLUser","userName":"carol@example.com"}`,
			trail.Principal{User: "123456789012:saml-user:carol@example.com", Type: "SAMLUser", Name: "carol@example.com", Account: "123456789012"}},
		{"identity center", `{"type":"IdentityCenterUser","onBehalfOf":{"userId":"u-1"}}`,
			trail.Principal{User: "123456789012:identity-center-user:u-1", Type: "IdentityCenterUser", Name: "u-1", Account: "123456789012"}},
		{"empty", `{}`,
			trail.Principal{User: "123456789012:unknown:unknown", Type: "Unknown", Name: "unknown", Account: "123456789012"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r trail.Record
			if err := json.Unmarshal([]byte(`{"recipientAccountId":"123456789012","userIdentity":`+tt.id+`}`), &r); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, trail.PrincipalOf(&r)); diff != "" {
				t.Errorf("PrincipalOf(%s) mismatch (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

func TestDecodeShapes(t *testing.T) {
	rec := `{"eventID":"e1","eventTime":"2026-01-01T00:00:00Z","eventName":"ListBuckets"}`
	tests := []struct {
		name    string
		input   string
		wantIDs []string
		wantBad int    // record errors
		wantErr string // file error, "" for none
	}{
		{"log", `{"Records":[` + rec + `]}`, []string{"e1"}, 0, ""},
		{"log with a byte-order mark", "\ufeff" + `{"Records":[` + rec + `]}`, []string{"e1"}, 0, ""},
		{"log with keys after Records", `{"Records":[` + rec + `], "extra": {"a": [1]}}`, []string{"e1"}, 0, ""},
		{"empty log", `{"Records":[]}`, nil, 0, ""},
		{"empty file", ``, nil, 0, ""},
		{"array", `[` + rec + `,` + rec + `]`, []string{"e1", "e1"}, 0, ""},
		{"json lines", rec + "\n" + rec + "\n", []string{"e1", "e1"}, 0, ""},
		{"eventbridge", `{"detail-type":"AWS API Call via CloudTrail","detail":` + rec + `}`, []string{"e1"}, 0, ""},
		{"wrong type", `{"Records":[{"eventID":5},` + rec + `]}`, []string{"e1"}, 1, ""},
		{"not an object", `{"Records":[7,"x",null,` + rec + `]}`, []string{"", "e1"}, 2, ""},
		{"escaped key", `{"Records":[{"event\u0049D":"e1"}]}`, []string{"e1"}, 0, ""},
		{"case-folded key", `{"Records":[{"EVENTID":"e1"}]}`, []string{"e1"}, 0, ""},
		{"unterminated", `{"Records":[` + rec, []string{"e1"}, 0, "unexpected EOF"},
		{"invalid", `{"Records":[{"eventID": }]}`, nil, 0, "invalid character"},
		{"garbage after array", `{"Records":[` + rec + `] x`, []string{"e1"}, 0, "after the Records array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			bad := 0
			err := trail.Decode(t.Context(), "f.json", strings.NewReader(tt.input), func(r *trail.Record, err error) error {
				if err != nil {
					bad++
					return nil
				}
				ids = append(ids, r.EventID)
				return nil
			})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "f.json: ")) {
				t.Errorf("Decode error %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" || bad != tt.wantBad {
				t.Errorf("records mismatch (-want +got):\n%s\nbad %d, want %d", diff, bad, tt.wantBad)
			}
		})
	}
}

func TestLogNames(t *testing.T) {
	tests := []struct {
		path string
		log  bool
		date string
	}{
		{"AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/29/123456789012_CloudTrail_us-east-1_20261129T1005Z_abc.json.gz", true, "2026-11-29"},
		{"AWSLogs/o-abc/123456789012/CloudTrail/eu-west-1/2026/01/02/x.json", true, "2026-01-02"},
		{"AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/29/123456789012_CloudTrail-Digest_us-east-1_x_20261129T1005Z.json.gz", false, "2026-11-29"},
		{"exports/events.jsonl", true, ""},
		{"exports/events.ndjson.gz", true, ""},
		{"123456789012_CloudTrail_us-east-1_20250101T0000Z_abc.gz", true, "2025-01-01"},
		{"notes.txt", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := trail.IsLogName(tt.path); got != tt.log {
				t.Errorf("IsLogName = %v, want %v", got, tt.log)
			}
			got := trail.PathDate(tt.path)
			if gotS := map[bool]string{true: "", false: got.Format("2006-01-02")}[got.IsZero()]; gotS != tt.date {
				t.Errorf("PathDate = %q, want %q", gotS, tt.date)
			}
		})
	}
}
