package testenv

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Environment variables read by S3.
const (
	// VersitygwEnv names the versitygw binary to run; by default S3 looks
	// for "versitygw" on PATH and then in VersitygwCache.
	VersitygwEnv = "MAMORI_VERSITYGW"
)

// VersitygwVersion is the versitygw release tests run against. .ci/run
// installs it with
//
//	GOBIN=$HOME/.cache/mamori/bin go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
const VersitygwVersion = "v1.8.0"

// VersitygwCache is where .ci/run installs versitygw, relative to $HOME.
const VersitygwCache = ".cache/mamori/bin"

// S3 test credentials: versitygw's root account.
const (
	S3AccessKey = "AKIAMAMORITESTROOT01"
	S3SecretKey = "mamoritestrootsecret0000000000000000000"
	S3Region    = "us-east-1"
)

// S3Server is a running S3-compatible server for one test.
type S3Server struct {
	// Endpoint is the server's base URL, such as http://127.0.0.1:7070.
	Endpoint string
	// AccessKey and SecretKey are the root account's credentials.
	AccessKey, SecretKey string
	// Region is the region to sign requests for.
	Region string

	bin string // the versitygw binary, for its admin commands
}

// S3 starts versitygw (the posix backend, with versioning) on a free
// loopback port with its data in a temporary folder, and stops it when the
// test ends. Each call gets a server of its own, so tests never see each
// other's buckets. When the binary is not found, or under -short, the test
// is skipped, or failed when MAMORI_REQUIRE_SERVICES=1.
func S3(t testing.TB) S3Server {
	t.Helper()
	if testing.Short() {
		unavailable(t, "s3: skipped under -short")
	}
	bin, err := versitygw()
	if err != nil {
		unavailable(t, "s3: %v; install it with: GOBIN=$HOME/%s go install github.com/versity/versitygw/cmd/versitygw@%s",
			err, VersitygwCache, VersitygwVersion)
	}
	dir := t.TempDir()
	data, ver, iam := filepath.Join(dir, "data"), filepath.Join(dir, "versions"), filepath.Join(dir, "iam")
	for _, d := range []string{data, ver, iam} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("s3: %v", err)
		}
	}
	addr := freeAddr(t)
	var logs bytes.Buffer
	cmd := exec.Command(bin, "--access", S3AccessKey, "--secret", S3SecretKey, "--port", addr, "--iam-dir", iam,
		"posix", "--versioning-dir", ver, data)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		unavailable(t, "s3: start %s: %v", bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }() // killed at cleanup: its error says so
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	endpoint := "http://" + addr
	if err := waitHTTP(endpoint, done, 20*time.Second); err != nil {
		t.Fatalf("s3: versitygw at %s did not come up: %v\n%s", addr, err, logs.String())
	}
	return S3Server{Endpoint: endpoint, AccessKey: S3AccessKey, SecretKey: S3SecretKey, Region: S3Region, bin: bin}
}

// AddUser creates another account on the server, with the "userplus" role
// (it may create buckets of its own): a principal that bucket policies can
// name, as another AWS account.
func (s S3Server) AddUser(t testing.TB, access, secret string) {
	t.Helper()
	out, err := exec.Command(s.bin, "admin", "--access", s.AccessKey, "--secret", s.SecretKey, "--endpoint-url", s.Endpoint,
		"create-user", "--access", access, "--secret", secret, "--role", "userplus").CombinedOutput()
	if err != nil {
		t.Fatalf("s3: create user %s: %v\n%s", access, err, out)
	}
}

// versitygw finds the versitygw binary.
func versitygw() (string, error) {
	if p := os.Getenv(VersitygwEnv); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(home, VersitygwCache, "versitygw")
	if _, err := os.Stat(p); err != nil {
		return "", errors.New("versitygw not found on PATH, in $" + VersitygwEnv + " or at " + p)
	}
	return p, nil
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("s3: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHTTP waits until url answers HTTP at all (any status), the process
// exits (done closes), or timeout passes.
func waitHTTP(url string, done <-chan struct{}, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-done:
			return errors.New("the process exited")
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}
