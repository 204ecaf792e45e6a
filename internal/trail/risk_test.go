package trail_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/trail"
)

func TestRiskTableSize(t *testing.T) {
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(risk.APIs()); n < 300 {
		t.Errorf("the risk table lists %d API calls, want at least 300", n)
	}
	if n := len(risk.Errors()); n < 40 {
		t.Errorf("the risk table lists %d error codes, want at least 40", n)
	}
}

// TestRiskSeed checks the numbers named in issue 7 and the rule-based
// default.
func TestRiskSeed(t *testing.T) {
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                     string
		source, event, errorCode string
		readOnly                 bool
		want                     int
	}{
		{"UploadSigningCertificate", "iam.amazonaws.com", "UploadSigningCertificate", "", false, 10},
		{"DeleteFlowLogs", "ec2.amazonaws.com", "DeleteFlowLogs", "", false, 10},
		{"DeactivateMFADevice", "iam.amazonaws.com", "DeactivateMFADevice", "", false, 9},
		{"UpdateAccountPasswordPolicy", "iam.amazonaws.com", "UpdateAccountPasswordPolicy", "", false, 9},
		{"AccessDenied", "s3.amazonaws.com", "HeadBucket", "AccessDenied", true, 10},
		{"AccessDeniedException", "kms.amazonaws.com", "ListKeys", "AccessDeniedException", true, 10},
		{"Client.InvalidParameterValue", "ec2.amazonaws.com", "DescribeImages", "Client.InvalidParameterValue", true, 8},
		{"Client.UnauthorizedOperation", "ec2.amazonaws.com", "DescribeRegions", "Client.UnauthorizedOperation", true, 8},
		{"error never lowers the call", "iam.amazonaws.com", "UploadSigningCertificate", "ExpiredToken", false, 10},
		{"unknown read-only call", "quicksight.amazonaws.com", "DescribeDashboard", "", true, 1},
		{"unknown read-only call in a sensitive service", "iam.amazonaws.com", "ListCloudFrontPublicKeys", "", true, 2},
		{"unknown mutating call", "quicksight.amazonaws.com", "CreateDashboard", "", false, 3},
		{"unknown delete", "quicksight.amazonaws.com", "DeleteDashboard", "", false, 5},
		{"unknown policy change", "quicksight.amazonaws.com", "UpdateDashboardPermissions", "", false, 6},
		{"unknown delete in a sensitive service", "kms.amazonaws.com", "DeleteCustomKeyStore", "", false, 7},
		{"unknown error code", "quicksight.amazonaws.com", "DescribeDashboard", "SomethingNew", true, 3},
		{"unknown EC2 client error", "ec2.amazonaws.com", "DescribeRegions", "Client.SomethingNew", true, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := risk.Score(tt.source, tt.event, tt.errorCode, tt.readOnly); got != tt.want {
				t.Errorf("Score(%s, %s, %q) = %d, want %d", tt.source, tt.event, tt.errorCode, got, tt.want)
			}
		})
	}
}

func TestRiskOverrides(t *testing.T) {
	tests := []struct {
		name     string
		override string
		event    string
		want     int
		wantErr  bool
	}{
		{"disable", "apis:\n  - {service: ec2, calls: [DeleteFlowLogs], enabled: false}\n", "DeleteFlowLogs", 1, false},
		{"change risk", "apis:\n  - {service: ec2, calls: [DeleteFlowLogs], risk: 4}\n", "DeleteFlowLogs", 4, false},
		{"add a call", "apis:\n  - {service: ec2, calls: [CreateDashboard], risk: 7, reason: custom}\n", "CreateDashboard", 7, false},
		{"risk out of range", "apis:\n  - {service: ec2, calls: [X], risk: 11, reason: r}\n", "", 0, true},
		{"unknown field", "apis:\n  - {service: ec2, calls: [X], risk: 2, reason: r, level: 3}\n", "", 0, true},
		{"new call without a reason", "apis:\n  - {service: ec2, calls: [X], risk: 2}\n", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			risk, err := trail.NewRiskTable([]byte(tt.override))
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewRiskTable: %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := risk.Score("ec2.amazonaws.com", tt.event, "", false); got != tt.want {
				t.Errorf("Score(%s) = %d, want %d", tt.event, got, tt.want)
			}
		})
	}
}

// TestRiskDoc fails when docs/cloudtrail-risk.md is not what the risk
// table generates; go test ./internal/trail -run TestRiskDoc -update
// rewrites it.
func TestRiskDoc(t *testing.T) {
	risk, err := trail.NewRiskTable()
	if err != nil {
		t.Fatal(err)
	}
	const path = "../../docs/cloudtrail-risk.md"
	got := risk.Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/trail -run TestRiskDoc -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is stale; run go test ./internal/trail -run TestRiskDoc -update (-want +got):\n%s", path, diff)
	}
}
