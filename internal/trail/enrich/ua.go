package enrich

import (
	"strings"
)

// UserAgent is what an AWS user agent says about the caller. AWS SDKs and
// the CLI write space-separated name/version tokens ("aws-cli/2.15.30",
// "Boto3/1.34.69", "os/linux#6.6.9-amd64", "md/distrib#kali.2024",
// "exe/x86_64.kali.2024"); the console and services write their own forms.
// Browser user-agent libraries do not understand these, hence this parser.
type UserAgent struct {
	Kind    string // cli, sdk, console, service, tool or other; "" for an empty user agent
	SDK     string // aws-cli, Boto3, aws-sdk-go-v2, …, console, or the service
	Version string // the SDK's version
	OS      string // linux, macos, windows, android, ios or ""
	Distro  string // the Linux distribution when named: kali, parrot, pentoo, ubuntu, amzn, …
	Tool    string // a named tool: terraform, pacu, scoutsuite, prowler, …
	Pentest bool   // the OS is a penetration-testing distribution (Kali, Parrot, Pentoo)
}

// OSLabel returns the OS with its distribution, as stored in user_agent_os:
// "linux/kali", "linux", "windows" or "".
func (u UserAgent) OSLabel() string {
	if u.Distro != "" {
		if u.OS == "" {
			return "linux/" + u.Distro
		}
		return u.OS + "/" + u.Distro
	}
	return u.OS
}

// sdkTokens maps lower-cased token names to SDK names and kinds. Order
// matters only through priority: a CLI token wins over an SDK token.
var sdkTokens = map[string]string{
	"aws-cli": "aws-cli", "aws-powershell": "aws-powershell", "awspowershell": "aws-powershell",
	"aws-sdk-go-v2": "aws-sdk-go-v2", "aws-sdk-go": "aws-sdk-go", "aws-sdk-java": "aws-sdk-java",
	"aws-sdk-js": "aws-sdk-js", "aws-sdk-nodejs": "aws-sdk-nodejs", "aws-sdk-ruby": "aws-sdk-ruby",
	"aws-sdk-ruby2": "aws-sdk-ruby", "aws-sdk-ruby3": "aws-sdk-ruby", "aws-sdk-php": "aws-sdk-php",
	"aws-sdk-dotnet": "aws-sdk-dotnet", "aws-sdk-dotnet-coreclr": "aws-sdk-dotnet",
	"aws-sdk-dotnet-45": "aws-sdk-dotnet", "aws-sdk-cpp": "aws-sdk-cpp", "aws-sdk-rust": "aws-sdk-rust",
	"aws-sdk-kotlin": "aws-sdk-kotlin", "aws-sdk-swift": "aws-sdk-swift", "boto3": "Boto3",
	"botocore": "Botocore", "boto": "boto", "aws-chalice": "aws-chalice", "aws-amplify": "aws-amplify",
}

// tools are tool names found in user agents, lower-cased.
var tools = map[string]string{
	"terraform": "terraform", "terraform-provider-aws": "terraform", "pulumi": "pulumi",
	"pacu": "pacu", "scoutsuite": "scoutsuite", "scout suite": "scoutsuite", "prowler": "prowler",
	"cloudsploit": "cloudsploit", "trufflehog": "trufflehog", "cloudfox": "cloudfox",
	"stratus-red-team": "stratus-red-team", "weirdaal": "weirdaal", "nimbostratus": "nimbostratus",
	"cloudmapper": "cloudmapper", "endgame": "endgame", "cloudgoat": "cloudgoat", "aws_consoler": "aws_consoler",
	"steampipe": "steampipe", "cloudquery": "cloudquery", "cdk": "aws-cdk", "aws-cdk": "aws-cdk",
}

// pentestDistros are the penetration-testing Linux distributions GuardDuty
// flags (PenTest:IAMUser/KaliLinux, ParrotLinux, PentooLinux).
var pentestDistros = []string{"kali", "parrot", "pentoo"}

// knownDistros are other distributions recognised in OS tokens.
var knownDistros = []string{"ubuntu", "debian", "amzn", "amazon", "fedora", "centos", "rhel", "alpine",
	"arch", "manjaro", "opensuse", "suse", "rocky", "almalinux", "nixos", "blackarch", "fedora", "rhel"}

// ParseUserAgent parses an AWS user agent.
func ParseUserAgent(ua string) UserAgent {
	var u UserAgent
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return u
	}
	if svc, ok := ServicePrincipal(ua); ok {
		return UserAgent{Kind: "service", SDK: svc}
	}
	lower := strings.ToLower(ua)
	if isConsole(lower) {
		u.Kind, u.SDK = "console", "console"
		u.OS = browserOS(lower)
	}
	if strings.HasPrefix(lower, "mozilla/") && u.Kind == "" {
		u.Kind, u.SDK = "console", "browser"
		u.OS = browserOS(lower)
	}
	for _, tok := range tokens(ua) {
		u.token(tok)
	}
	u.parenOS(lower)
	if u.Kind == "" {
		u.Kind = "other"
		if u.Tool != "" {
			u.Kind = "tool"
		}
	}
	for _, d := range pentestDistros {
		if u.Distro == d {
			u.Pentest = true
		}
	}
	return u
}

func isConsole(lower string) bool {
	return strings.Contains(lower, "console.amazonaws.com") || strings.Contains(lower, "s3console/") ||
		strings.HasPrefix(lower, "[s3console") || strings.Contains(lower, "signin.amazonaws.com") ||
		strings.HasPrefix(lower, "console.") || strings.Contains(lower, "aws-console")
}

// tokens splits a user agent into its name/version tokens, dropping the
// brackets and commas the console wraps around them.
func tokens(ua string) []string {
	return strings.FieldsFunc(ua, func(r rune) bool {
		return r == ' ' || r == '[' || r == ']' || r == ',' || r == '\t'
	})
}

// token applies one name/version token.
func (u *UserAgent) token(tok string) {
	name, ver, _ := strings.Cut(tok, "/")
	lname := strings.ToLower(name)
	if sdk, ok := sdkTokens[lname]; ok {
		u.sdk(sdk, ver)
		return
	}
	if tool, ok := tools[lname]; ok && u.Tool == "" {
		u.Tool = tool
		return
	}
	switch lname {
	case "os":
		os, extra, _ := strings.Cut(ver, "#")
		u.setOS(os)
		u.distroIn(extra)
	case "md":
		if k, v, ok := strings.Cut(ver, "#"); ok && strings.EqualFold(k, "distrib") {
			u.setDistro(strings.ToLower(strings.SplitN(v, ".", 2)[0]))
		}
	case "exe":
		// exe/x86_64.kali.2024: architecture, distribution, release.
		parts := strings.Split(strings.ToLower(ver), ".")
		if len(parts) > 1 && parts[1] != "linux" {
			u.setDistro(parts[1])
		}
	case "linux", "darwin", "windows", "windows_nt", "macos", "mac_os_x":
		u.setOS(lname)
		u.distroIn(ver)
	}
}

func (u *UserAgent) sdk(sdk, ver string) {
	cli := sdk == "aws-cli" || sdk == "aws-powershell"
	switch {
	case u.Kind == "console":
		return
	case u.SDK == "" || cli && u.Kind != "cli" || u.SDK == "Botocore" && sdk == "Boto3":
		u.SDK, u.Version = sdk, strings.SplitN(ver, "#", 2)[0]
		u.Kind = "sdk"
		if cli {
			u.Kind = "cli"
		}
	}
}

// setOS records a normalised OS name, keeping the first one found.
func (u *UserAgent) setOS(name string) {
	if u.OS != "" {
		return
	}
	switch n := strings.ToLower(name); {
	case strings.Contains(n, "windows") || n == "win32":
		u.OS = "windows"
	case strings.Contains(n, "darwin") || strings.Contains(n, "mac"):
		u.OS = "macos"
	case strings.Contains(n, "linux"):
		u.OS = "linux"
	case n == "android" || n == "ios" || n == "freebsd" || n == "openbsd":
		u.OS = n
	}
}

// distroIn looks for a distribution name inside a kernel or OS version
// such as "6.5.0-kali3-amd64".
func (u *UserAgent) distroIn(s string) {
	s = strings.ToLower(s)
	for _, d := range pentestDistros {
		if strings.Contains(s, d) {
			u.setDistro(d)
			return
		}
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		if d := distroOfPart(part); d != "" {
			u.setDistro(d)
			return
		}
	}
}

// distroOfPart names the distribution of one part of a kernel version:
// amzn2 (Amazon Linux), ubuntu, fc39 (Fedora), el9 (RHEL and clones).
func distroOfPart(part string) string {
	for _, d := range [...]struct{ prefix, name string }{
		{"amzn", "amzn"}, {"ubuntu", "ubuntu"}, {"fc", "fedora"}, {"el", "rhel"},
	} {
		rest, ok := strings.CutPrefix(part, d.prefix)
		if ok && (rest != "" && isDigits(rest[:1]) || rest == "" && len(d.prefix) > 2) {
			return d.name
		}
	}
	return ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// setDistro records a distribution, letting a penetration-testing one win
// over any other.
func (u *UserAgent) setDistro(d string) {
	if d == "" {
		return
	}
	if u.OS == "" {
		u.OS = "linux"
	}
	for _, p := range pentestDistros {
		if strings.HasPrefix(d, p) {
			u.Distro = p
			return
		}
	}
	if u.Distro != "" {
		return
	}
	for _, k := range knownDistros {
		if d == k {
			u.Distro = d
			return
		}
	}
}

// parenOS reads the "(go1.20; linux; amd64)" part of aws-sdk-go user agents
// and the OS of browser user agents.
func (u *UserAgent) parenOS(lower string) {
	if u.OS != "" {
		return
	}
	if i := strings.IndexByte(lower, '('); i >= 0 {
		if os := browserOS(lower[i:]); os != "" {
			u.OS = os
			return
		}
		for _, f := range strings.FieldsFunc(lower[i:], func(r rune) bool { return r == ';' || r == '(' || r == ')' || r == ' ' }) {
			switch f {
			case "linux", "darwin", "windows":
				u.setOS(f)
				return
			}
		}
	}
}

// browserOS returns the OS of a browser user agent.
func browserOS(lower string) string {
	switch {
	case strings.Contains(lower, "android"):
		return "android"
	case strings.Contains(lower, "iphone") || strings.Contains(lower, "ipad"):
		return "ios"
	case strings.Contains(lower, "windows nt") || strings.Contains(lower, "windows;"):
		return "windows"
	case strings.Contains(lower, "mac os x") || strings.Contains(lower, "macintosh"):
		return "macos"
	case strings.Contains(lower, "x11; linux") || strings.Contains(lower, "linux x86_64") ||
		strings.Contains(lower, "cros"):
		return "linux"
	}
	return ""
}
