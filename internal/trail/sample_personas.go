package trail

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
)

// User agents of the sample personas.
const (
	cliUA     = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances"
	botoUA    = "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.79-99.167.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69"
	goUA      = "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.53.1"
	tfUA      = "APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-aws/5.46.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/iam#1.32.0"
	consoleUA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
	kaliUA    = "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/s3.ls"
	javaUA    = "aws-sdk-java/1.12.681 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10 vendor/Amazon.com_Inc."
)

// idOf returns a stable 16-character upper-case hex id for s.
func idOf(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return fmt.Sprintf("%016X", h.Sum64())
}

func iamUser(name string) func(string) map[string]any {
	return func(account string) map[string]any {
		return map[string]any{"type": "IAMUser", "principalId": "AIDA" + idOf("u"+name),
			"arn": "arn:aws:iam::" + account + ":user/" + name, "accountId": account,
			"accessKeyId": "AKIA" + idOf("k"+name), "userName": name}
	}
}

func assumedRole(role, session string) func(string) map[string]any {
	return func(account string) map[string]any {
		return map[string]any{"type": "AssumedRole", "principalId": "AROA" + idOf("r"+role) + ":" + session,
			"arn": "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session, "accountId": account,
			"accessKeyId": "ASIA" + idOf("s"+role),
			"sessionContext": map[string]any{
				"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROA" + idOf("r"+role),
					"arn": "arn:aws:iam::" + account + ":role/" + role, "accountId": account, "userName": role},
				"attributes": map[string]any{"creationDate": "2026-10-01T00:00:00Z", "mfaAuthenticated": "false"},
			}}
	}
}

func rootUser(account string) map[string]any {
	return map[string]any{"type": "Root", "principalId": account, "arn": "arn:aws:iam::" + account + ":root",
		"accountId": account, "accessKeyId": ""}
}

func service(name string) func(string) map[string]any {
	return func(string) map[string]any {
		return map[string]any{"type": "AWSService", "invokedBy": name}
	}
}

func anonymousCaller(string) map[string]any {
	return map[string]any{"type": "AWSAccount", "principalId": "", "accountId": "anonymous"}
}

func reads(source string, weight int, names ...string) []sampleCall {
	out := make([]sampleCall, len(names))
	for i, n := range names {
		out[i] = sampleCall{source: source, name: n, weight: weight}
	}
	return out
}

func s3calls(weight int, names ...string) []sampleCall {
	out := make([]sampleCall, len(names))
	for i, n := range names {
		out[i] = sampleCall{source: "s3", name: n, weight: weight, s3: true}
	}
	return out
}

func join(groups ...[]sampleCall) []sampleCall {
	var out []sampleCall
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// personas are the sample account's identities, in a fixed order.
func personas() []*persona {
	return []*persona{
		{identity: iamUser("alice"), weight: 6, version: "1.09", userAgent: tfUA, ips: []string{sampleOffice},
			calls: join(reads("iam", 6, "ListUsers", "GetUser", "ListRoles", "GetRole", "ListPolicies"),
				reads("iam", 1, "CreateUser", "AttachUserPolicy", "CreateAccessKey", "PutRolePolicy", "CreateRole"),
				reads("ec2", 1, "AuthorizeSecurityGroupIngress", "CreateSecurityGroup"),
				reads("kms", 1, "CreateKey", "PutKeyPolicy"))},
		{identity: iamUser("bob"), weight: 14, version: "1.10", userAgent: cliUA, ips: []string{sampleOffice, sampleHome},
			calls: join(reads("ec2", 8, "DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups"),
				reads("ec2", 2, "RunInstances", "StopInstances", "CreateTags"),
				s3calls(5, "GetObject", "PutObject", "ListObjectsV2"),
				reads("sts", 3, "GetCallerIdentity"), reads("sts", 1, "GetSessionToken"),
				[]sampleCall{{source: "ec2", name: "TerminateInstances", weight: 1, errorCode: "Client.UnauthorizedOperation", errRate: 0.5}})},
		{identity: assumedRole("ci-deploy", "gitlab-runner-4411"), weight: 18, version: "1.08", userAgent: goUA,
			ips: []string{sampleAWSIP},
			calls: join(s3calls(10, "PutObject", "GetObject", "HeadObject"),
				reads("lambda", 2, "UpdateFunctionCode20150331v2", "GetFunction"),
				reads("cloudformation", 2, "DescribeStacks", "UpdateStack"))},
		{identity: assumedRole("security-audit", "auditor-botocore-session"), weight: 40, version: "1.11", userAgent: botoUA,
			ips: []string{sampleAWSIP},
			calls: join(reads("ec2", 5, "DescribeInstances", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeVpcs"),
				reads("iam", 4, "GetAccountAuthorizationDetails", "ListUsers", "GetAccountPasswordPolicy"),
				reads("s3", 4, "ListBuckets", "GetBucketPolicy", "GetBucketAcl", "GetBucketEncryption"),
				reads("cloudtrail", 3, "DescribeTrails", "GetTrailStatus"),
				reads("kms", 2, "ListKeys", "DescribeKey"))},
		{identity: iamUser("carol"), weight: 1, version: "1.05", userAgent: javaUA, ips: []string{sampleHome},
			calls: reads("s3", 1, "ListBuckets", "GetBucketLocation")},
		{identity: rootUser, weight: 1, version: "1.08", userAgent: consoleUA, ips: []string{sampleHome},
			calls: join(reads("signin", 3, "ConsoleLogin"), reads("iam", 1, "UpdateAccountPasswordPolicy"))},
		{identity: service("cloudformation.amazonaws.com"), weight: 6, version: "1.08", userAgent: "cloudformation.amazonaws.com",
			ips:   []string{"cloudformation.amazonaws.com"},
			calls: reads("ec2", 1, "CreateTags", "DescribeInstances", "RunInstances")},
		{identity: anonymousCaller, weight: 4, version: "1.10", userAgent: "curl/8.5.0", ips: []string{SampleProxy, "81.2.69.160"},
			calls: join(s3calls(1, "GetObject"), []sampleCall{{source: "s3", name: "GetObject", weight: 1, s3: true,
				errorCode: "AccessDenied", errRate: 0.7}})},
		{identity: iamUser("svc-backup"), weight: 10, late: true, version: "1.09", userAgent: kaliUA, ips: []string{SampleTorExit},
			calls: join(reads("sts", 6, "GetCallerIdentity"), reads("s3", 4, "ListBuckets"),
				s3calls(8, "GetObject"),
				[]sampleCall{
					{source: "iam", name: "ListUsers", weight: 4, errorCode: "AccessDenied", errRate: 0.9},
					{source: "iam", name: "CreateUser", weight: 1, errorCode: "AccessDenied", errRate: 0.8},
					{source: "ec2", name: "DescribeInstances", weight: 3, errorCode: "Client.UnauthorizedOperation", errRate: 0.6},
					{source: "secretsmanager", name: "GetSecretValue", weight: 2, errorCode: "AccessDeniedException", errRate: 0.7},
					{source: "ec2", name: "DeleteFlowLogs", weight: 1},
					{source: "cloudtrail", name: "StopLogging", weight: 1, errorCode: "AccessDenied", errRate: 0.5},
					{source: "iam", name: "UploadSigningCertificate", weight: 1},
					{source: "iam", name: "DeactivateMFADevice", weight: 1},
				})},
	}
}

// WriteSampleFeeds writes offline feeds matching the sample logs into dir:
// tor-exits.txt, proxies.txt and ip-ranges.json (AWS format). It returns
// their paths.
func WriteSampleFeeds(dir string) (tor, proxies, awsRanges string, err error) {
	tor = filepath.Join(dir, "tor-exits.txt")
	proxies = filepath.Join(dir, "proxies.txt")
	awsRanges = filepath.Join(dir, "ip-ranges.json")
	ranges, _ := json.MarshalIndent(map[string]any{
		"syncToken": "1732867200", "createDate": "2026-11-29-00-00-00",
		"prefixes": []map[string]string{
			{"ip_prefix": sampleAWSRange, "region": "us-east-1", "service": "AMAZON", "network_border_group": "us-east-1"},
			{"ip_prefix": sampleAWSRange, "region": "us-east-1", "service": "EC2", "network_border_group": "us-east-1"},
		},
		"ipv6_prefixes": []map[string]string{
			{"ipv6_prefix": "2600:1f00::/24", "region": "us-east-1", "service": "AMAZON", "network_border_group": "us-east-1"},
		},
	}, "", "  ")
	files := []struct {
		path string
		data []byte
	}{
		{tor, []byte("# Tor exit nodes (sample)\n" + SampleTorExit + "\n185.220.101.48\n")},
		{proxies, []byte("# anonymous proxies and VPNs (sample)\n45.137.21.0/24\n")},
		{awsRanges, ranges},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return "", "", "", err
		}
	}
	return tor, proxies, awsRanges, nil
}
