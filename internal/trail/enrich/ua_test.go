package enrich

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUserAgent(t *testing.T) {
	tests := []struct {
		name string
		ua   string
		want UserAgent
	}{
		{"boto3 on kali kernel", "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.6.9-kali1-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
			UserAgent{Kind: "sdk", SDK: "Boto3", Version: "1.34.69", OS: "linux", Distro: "kali", Pentest: true}},
		{"aws-cli v2 kali exe", "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/s3.ls",
			UserAgent{Kind: "cli", SDK: "aws-cli", Version: "2.15.30", OS: "linux", Distro: "kali", Pentest: true}},
		{"md/distrib parrot", "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython md/distrib#parrot.6 cfg/retry-mode#standard",
			UserAgent{Kind: "cli", SDK: "aws-cli", Version: "2.17.0", OS: "linux", Distro: "parrot", Pentest: true}},
		{"pentoo kernel", "aws-cli/1.29.0 Python/3.11.4 Linux/6.1.31-pentoo botocore/1.31.0",
			UserAgent{Kind: "cli", SDK: "aws-cli", Version: "1.29.0", OS: "linux", Distro: "pentoo", Pentest: true}},
		{"cli on ubuntu", "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off",
			UserAgent{Kind: "cli", SDK: "aws-cli", Version: "2.15.30", OS: "linux", Distro: "ubuntu"}},
		{"boto3 on amazon linux", "Boto3/1.28.0 Python/3.9.16 Linux/6.1.79-99.167.amzn2023.x86_64 Botocore/1.31.0",
			UserAgent{Kind: "sdk", SDK: "Boto3", Version: "1.28.0", OS: "linux", Distro: "amzn"}},
		{"go v2 on mac", "aws-sdk-go-v2/1.26.1 os/macos lang/go#1.22.2 md/GOOS#darwin md/GOARCH#arm64 api/s3#1.53.1",
			UserAgent{Kind: "sdk", SDK: "aws-sdk-go-v2", Version: "1.26.1", OS: "macos"}},
		{"go v1", "aws-sdk-go/1.44.0 (go1.20; linux; amd64)",
			UserAgent{Kind: "sdk", SDK: "aws-sdk-go", Version: "1.44.0", OS: "linux"}},
		{"java in brackets", "[aws-sdk-java/1.11.571 Linux/4.9.124 OpenJDK_64-Bit_Server_VM/25.212-b03 java/1.8.0_212]",
			UserAgent{Kind: "sdk", SDK: "aws-sdk-java", Version: "1.11.571", OS: "linux"}},
		{"windows powershell", "AWSPowerShell/4.1.500 .NET_Runtime/4.0 .NET_Framework/4.0 OS/Microsoft_Windows_NT_10.0.19045.0 WindowsPowerShell/5.1",
			UserAgent{Kind: "cli", SDK: "aws-powershell", Version: "4.1.500", OS: "windows"}},
		{"terraform", "APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-aws/5.46.0 aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1",
			UserAgent{Kind: "sdk", SDK: "aws-sdk-go-v2", Version: "1.26.1", OS: "linux", Tool: "terraform"}},
		{"pacu", "Pacu/1.5.2 Boto3/1.26.0 Python/3.10 Linux/5.15",
			UserAgent{Kind: "sdk", SDK: "Boto3", Version: "1.26.0", OS: "linux", Tool: "pacu"}},
		{"console", "AWS Internal", UserAgent{Kind: "service", SDK: "internal"}},
		{"s3 console", "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.218-185.862.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372]",
			UserAgent{Kind: "console", SDK: "console", OS: "linux", Distro: "amzn"}},
		{"browser", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
			UserAgent{Kind: "console", SDK: "browser", OS: "macos"}},
		{"service", "cloudformation.amazonaws.com", UserAgent{Kind: "service", SDK: "cloudformation"}},
		{"curl", "curl/8.5.0", UserAgent{Kind: "other"}},
		{"empty", "", UserAgent{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ParseUserAgent(tt.ua)); diff != "" {
				t.Errorf("ParseUserAgent(%q) mismatch (-want +got):\n%s", tt.ua, diff)
			}
		})
	}
}

func TestOSLabel(t *testing.T) {
	if got := ParseUserAgent("aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024").OSLabel(); got != "linux/kali" {
		t.Errorf("OSLabel = %q, want linux/kali", got)
	}
}
