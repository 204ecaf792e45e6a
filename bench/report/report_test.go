package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseAndScore(t *testing.T) {
	plants := []plant{
		{file: "f0.txt", first: 3, last: 3, typ: "github_pat", value: "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{file: "f0.txt", first: 10, last: 14, typ: "private_key", value: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo"},
		{file: "f1.txt", first: 7, last: 7, typ: "github_pat", value: "ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
	}
	mamori := `{"uri":"file:///c/f0.txt","key":"f0.txt","findings":[{"type":"github_token","category":"credentials","count":1,"occurrences":[{"line":3}]},{"type":"email_address","category":"personal","count":1,"occurrences":[{"line":7}]}]}
{"uri":"file:///c/f1.txt","key":"f1.txt","findings":[{"type":"email_address","category":"personal","count":1,"occurrences":[{"line":7}]}]}
`
	fs, n, err := parseMamori(strings.NewReader(mamori))
	if err != nil || n != 1 {
		t.Fatalf("parseMamori: %v, %d reported", err, n)
	}
	r := &toolRun{findings: fs}
	r.score(plants)
	if r.found["github_pat"] != 1 || r.found["private_key"] != 0 || len(r.missed) != 2 || r.other != 0 {
		t.Errorf("mamori: found %v, missed %d; want the github_pat of f0 only (a personal finding on f1:7 does not count)", r.found, len(r.missed))
	}

	gitleaks := `[{"RuleID":"private-key","File":"c/f0.txt","StartLine":10,"EndLine":14,"Secret":"-----BEGIN PRIVATE KEY-----\nQUJDREVGR0hJSktM\nTU5PUFFSU1RVVldYWVo\n-----END PRIVATE KEY-----"},
{"RuleID":"generic-api-key","File":"c/f1.txt","StartLine":7,"EndLine":7,"Secret":"x"},
{"RuleID":"generic-api-key","File":"c/f1.txt","StartLine":8,"EndLine":8,"Secret":"not planted"}]`
	fs, n, err = parseGitleaks(strings.NewReader(gitleaks))
	if err != nil || n != 3 {
		t.Fatalf("parseGitleaks: %v, %d reported", err, n)
	}
	r = &toolRun{findings: fs}
	r.score(plants)
	if r.found["github_pat"] != 1 || r.found["private_key"] != 1 || r.other != 1 {
		t.Errorf("gitleaks: found %v, %d on no plant (want 1)", r.found, r.other)
	}

	// trufflehog: line numbers may point at the chunk, so values count.
	truffle := `{"level":"info","msg":"running"}
{"SourceMetadata":{"Data":{"Filesystem":{"file":"c/f0.txt","line":1}}},"DetectorName":"Github","Raw":"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
{"SourceMetadata":{"Data":{"Filesystem":{"file":"c/f0.txt","line":1}}},"DetectorName":"PrivateKey","Raw":"-----BEGIN PRIVATE KEY-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo\n-----END PRIVATE KEY-----\n"}
`
	fs, n, err = parseTrufflehog(strings.NewReader(truffle))
	if err != nil || n != 2 {
		t.Fatalf("parseTrufflehog: %v, %d reported", err, n)
	}
	r = &toolRun{findings: fs}
	r.score(plants)
	if r.found["github_pat"] != 1 || r.found["private_key"] != 1 || len(r.missed) != 1 || r.missed[0].file != "f1.txt" {
		t.Errorf("trufflehog: found %v, missed %+v", r.found, r.missed)
	}
}

func TestReadUsage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t")
	text := "\tCommand being timed: \"x\"\n\tUser time (seconds): 12.50\n\tSystem time (seconds): 0.75\n" +
		"\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03.5\n\tMaximum resident set size (kbytes): 81920\n\tExit status: 0\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := readUsage(path)
	if err != nil {
		t.Fatal(err)
	}
	if u.cpu() != 13.25 || u.wall != 3723.5 || u.rssKB != 81920 || u.exit != 0 {
		t.Errorf("readUsage = %+v", u)
	}
	if err := os.WriteFile(path, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readUsage(path); err == nil || !strings.Contains(err.Error(), "not the output of /usr/bin/time -v") {
		t.Errorf("readUsage of a wrong file: %v", err)
	}
}

func TestMask(t *testing.T) {
	if got := mask("ghp_abcdefghijklmnop"); got != "ghp_ab************op" {
		t.Errorf("mask = %q", got)
	}
	if got := mask("short"); got != "*****" {
		t.Errorf("mask = %q", got)
	}
}
